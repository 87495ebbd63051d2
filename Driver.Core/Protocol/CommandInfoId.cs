namespace Driver.Core.Protocol;

/// <summary>COMMANDINFO option ids (docs/protocol.md §6.14).</summary>
internal enum CommandInfoId : sbyte
{
    LineNumber = 1,
    SourceModule = 2,
}
