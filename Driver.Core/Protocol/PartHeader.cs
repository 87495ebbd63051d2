using System.Buffers.Binary;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Protocol;

/// <summary>The 16-byte part header (docs/protocol.md §3.3), with the big argument count convention.</summary>
internal struct PartHeader
{
    public const int Size = 16;

    public PartKind Kind;
    public PartAttributes Attributes;
    /// <summary>The effective argument count (the I4 big count when the I2 field holds -1).</summary>
    public int ArgumentCount;
    public int BufferLength;
    public int BufferSize;

    public static PartHeader Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size)
        {
            throw new HanaProtocolException($"Truncated part header: {source.Length} of {Size} bytes.");
        }
        var shortCount = BinaryPrimitives.ReadInt16LittleEndian(source.Slice(2));
        var bigCount = BinaryPrimitives.ReadInt32LittleEndian(source.Slice(4));
        var header = new PartHeader
        {
            Kind = (PartKind)source[0],
            Attributes = (PartAttributes)source[1],
            // §3.3: the I4 count is used only when the I2 count is -1
            ArgumentCount = shortCount == -1 ? bigCount : shortCount,
            BufferLength = BinaryPrimitives.ReadInt32LittleEndian(source.Slice(8)),
            BufferSize = BinaryPrimitives.ReadInt32LittleEndian(source.Slice(12)),
        };
        if (header.ArgumentCount < 0)
        {
            throw new HanaProtocolException($"Negative argument count {header.ArgumentCount} in a part of kind {(int)header.Kind}.");
        }
        if (header.BufferLength < 0)
        {
            throw new HanaProtocolException($"Negative buffer length {header.BufferLength} in a part of kind {(int)header.Kind}.");
        }
        return header;
    }

    public readonly void Write(Span<byte> destination)
    {
        destination.Slice(0, Size).Clear();
        destination[0] = (byte)Kind;
        destination[1] = (byte)Attributes;
        if (ArgumentCount > short.MaxValue - 1)
        {
            // the big form above 32766 (writers switch at >= 32767, §3.3)
            BinaryPrimitives.WriteInt16LittleEndian(destination.Slice(2), -1);
            BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(4), ArgumentCount);
        }
        else
        {
            BinaryPrimitives.WriteInt16LittleEndian(destination.Slice(2), (short)ArgumentCount);
        }
        BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(8), BufferLength);
        BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(12), BufferSize);
    }

    /// <summary>Zero bytes after a part buffer so the next part starts 8-aligned (§3.4).</summary>
    public static int PaddingFor(int bufferLength) => (8 - (bufferLength & 7)) & 7;
}
