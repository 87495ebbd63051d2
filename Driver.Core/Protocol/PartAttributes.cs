namespace Driver.Core.Protocol;

/// <summary>Part attribute bits (docs/protocol.md §4.6), meaningful on RESULTSET parts.</summary>
[Flags]
internal enum PartAttributes : byte
{
    None = 0,
    LastPacket = 0x01,
    NextPacket = 0x02,
    FirstPacket = 0x04,
    RowNotFound = 0x08,
    ResultSetClosed = 0x10,
}
