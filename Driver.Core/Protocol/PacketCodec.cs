using Driver.Core.Compression;
using Driver.Core.Net;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Protocol;

/// <summary>
/// Whole-message compression (§11.2): the 32-byte message header and the 24-byte segment header stay plain,
/// everything after them is one raw LZ4 block, and offsets 12, 16, 22 and 24 of the message header say so.
/// Used by the driver for requests and by the test server for replies, and the other way round.
/// </summary>
internal static class PacketCodec
{
    private const int HeadersSize = MessageHeader.Size + SegmentHeader.Size;

    /// <summary>
    /// Compresses a finished plain message into <paramref name="destination"/> when worthwhile (§11.2: above the
    /// threshold and more than 5 % smaller); false leaves the plain message to be sent as it is.
    /// </summary>
    public static bool TryCompress(PacketWriter plainMessage, PacketWriter destination, int minimumSize = PacketCompression.DefaultMinimumSize)
    {
        var plain = plainMessage.WrittenSpan;
        if (plain.Length <= HeadersSize)
        {
            return false;
        }
        destination.Reset();
        destination.WriteBytes(plain.Slice(0, HeadersSize));
        if (!PacketCompression.TryCompress(plain.Slice(HeadersSize), destination, minimumSize))
        {
            return false;
        }
        var header = MessageHeader.Read(plain);
        header.CompressionVarPartLength = header.VarPartLength;
        header.VarPartLength = (uint)(destination.Length - MessageHeader.Size);
        header.PacketOptions = PacketOptions.Compressed;
        header.Write(destination.Buffer);
        return true;
    }

    /// <summary>
    /// Turns a received compressed message into the equivalent plain message in <paramref name="target"/>,
    /// checking the declared size against <paramref name="maxMessageSize"/> before allocating (§11.2).
    /// </summary>
    public static void Inflate(ReadOnlySpan<byte> message, MessageBuffer target, int maxMessageSize)
    {
        var header = MessageHeader.Read(message);
        if (message.Length < HeadersSize || header.VarPartLength > (uint)(message.Length - MessageHeader.Size) || header.VarPartLength < SegmentHeader.Size)
        {
            throw new HanaProtocolException($"Compressed message of {message.Length} bytes is shorter than its headers say.");
        }
        var block = message.Slice(HeadersSize, (int)header.VarPartLength - SegmentHeader.Size);
        var partsLength = PacketCompression.GetUncompressedPartsLength(header.CompressionVarPartLength, block.Length, maxMessageSize - HeadersSize);
        var total = HeadersSize + partsLength;
        target.EnsureCapacity(total, 0);
        message.Slice(0, HeadersSize).CopyTo(target.Buffer);
        PacketCompression.Decompress(block, target.Buffer.AsSpan(HeadersSize, partsLength));
        header.PacketOptions = PacketOptions.None;
        header.VarPartLength = (uint)(SegmentHeader.Size + partsLength);
        header.CompressionVarPartLength = 0;
        header.Write(target.Buffer);
        target.Length = total;
    }
}
