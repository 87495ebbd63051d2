namespace Driver.Core.Protocol;

/// <summary>Parameter direction in PARAMETERMETADATA (docs/protocol.md §6.22).</summary>
internal enum ParameterMode : byte
{
    In = 1,
    InOut = 2,
    Out = 4,
}
