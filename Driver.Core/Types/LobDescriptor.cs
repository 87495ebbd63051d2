using Driver.Core.Protocol;
namespace Driver.Core.Types;

/// <summary>
/// A LOB value in a result row or output parameter (docs/protocol.md §7.3.9): source type, options, total lengths,
/// locator id, and where its inline first chunk lies within the value's bytes. A NULL LOB is 2 bytes long.
/// </summary>
internal readonly struct LobDescriptor
{
    /// <summary>Bytes before the inline chunk of a non-NULL descriptor.</summary>
    public const int HeaderSize = 32;
    public const int NullSize = 2;

    public LobDescriptor(LobSourceType sourceType, LobOptions options, long charLength, long byteLength, long locatorId, int chunkOffset, int chunkLength)
    {
        SourceType = sourceType;
        Options = options;
        CharLength = charLength;
        ByteLength = byteLength;
        LocatorId = locatorId;
        ChunkOffset = chunkOffset;
        ChunkLength = chunkLength;
    }

    /// <summary>Source type as sent; servers often send 0, so prefer the column type ([G], §7.3.9).</summary>
    public LobSourceType SourceType { get; }
    public LobOptions Options { get; }
    /// <summary>Total length in characters (CLOB: bytes; NCLOB: UTF-16 code units).</summary>
    public long CharLength { get; }
    /// <summary>Total length in bytes (NCLOB: CESU-8 bytes).</summary>
    public long ByteLength { get; }
    /// <summary>The 8 locator bytes read as a little-endian integer, for READLOB (§6.26).</summary>
    public long LocatorId { get; }
    /// <summary>Offset of the inline chunk from the start of the value's bytes.</summary>
    public int ChunkOffset { get; }
    public int ChunkLength { get; }

    public bool IsNull => (Options & LobOptions.Null) != 0;
    public bool IsDataIncluded => (Options & LobOptions.DataIncluded) != 0;
    /// <summary>The inline chunk is the complete remainder; no READLOB needed (§7.3.9).</summary>
    public bool IsLastData => (Options & LobOptions.LastData) != 0;

    /// <summary>The inline chunk within the value bytes this descriptor was read from.</summary>
    public ReadOnlySpan<byte> GetChunk(ReadOnlySpan<byte> value) => value.Slice(ChunkOffset, ChunkLength);
}
