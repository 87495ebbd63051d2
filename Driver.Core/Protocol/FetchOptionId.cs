namespace Driver.Core.Protocol;

/// <summary>FETCHOPTIONS option ids (docs/protocol.md §6.12).</summary>
internal enum FetchOptionId : sbyte
{
    ResultSetPos = 1,
}
