using System.Buffers.Binary;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Protocol;

/// <summary>The 32-byte message header (docs/protocol.md §3.1).</summary>
internal struct MessageHeader
{
    public const int Size = 32;

    public long SessionId;
    public int PacketCount;
    /// <summary>Bytes following this header, as transmitted (compressed size + 24 when compressed).</summary>
    public uint VarPartLength;
    /// <summary>Informational "buffer capacity"; nobody reads it (§3.1).</summary>
    public uint VarPartSize;
    public short NoOfSegments;
    public PacketOptions PacketOptions;
    /// <summary>When compressed: the uncompressed varPartLength (24 + uncompressed parts), else 0 (§11.2).</summary>
    public uint CompressionVarPartLength;

    public readonly bool IsCompressed => PacketOptions == PacketOptions.Compressed;

    public static MessageHeader Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size)
        {
            throw new HanaProtocolException($"Truncated message header: {source.Length} of {Size} bytes.");
        }
        return new MessageHeader
        {
            SessionId = BinaryPrimitives.ReadInt64LittleEndian(source),
            PacketCount = BinaryPrimitives.ReadInt32LittleEndian(source.Slice(8)),
            VarPartLength = BinaryPrimitives.ReadUInt32LittleEndian(source.Slice(12)),
            VarPartSize = BinaryPrimitives.ReadUInt32LittleEndian(source.Slice(16)),
            NoOfSegments = BinaryPrimitives.ReadInt16LittleEndian(source.Slice(20)),
            PacketOptions = (PacketOptions)source[22],
            CompressionVarPartLength = BinaryPrimitives.ReadUInt32LittleEndian(source.Slice(24)),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        destination.Slice(0, Size).Clear();
        BinaryPrimitives.WriteInt64LittleEndian(destination, SessionId);
        BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(8), PacketCount);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(12), VarPartLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(16), VarPartSize);
        BinaryPrimitives.WriteInt16LittleEndian(destination.Slice(20), NoOfSegments);
        destination[22] = (byte)PacketOptions;
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(24), CompressionVarPartLength);
    }
}
