namespace Driver.Core.Protocol;

/// <summary>LOB source type in result-set LOB descriptors (docs/protocol.md §7.3.9); servers often send 0.</summary>
internal enum LobSourceType : byte
{
    Undefined = 0,
    Blob = 1,
    Clob = 2,
    NClob = 3,
}
