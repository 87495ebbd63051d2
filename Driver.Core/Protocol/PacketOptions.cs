namespace Driver.Core.Protocol;

/// <summary>Message header offset 22 (docs/protocol.md §3.1): 0, or 2 when the payload after the segment header is LZ4-compressed.</summary>
internal enum PacketOptions : byte
{
    None = 0,
    Compressed = 2,
}
