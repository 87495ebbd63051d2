using Driver.Core.Net;
using Driver.Core.Protocol;
using Driver.Sync;
using Driver.TestServer.Protocol;
using Driver.Tests.Vectors;

namespace Driver.Tests.Protocol;

/// <summary>Whole-message compression (§11.2): header fields, round trips, and the recorded compressed reply.</summary>
public class PacketCodecTests
{
    private static PacketWriter BuildMessage(int payloadBytes, bool compressible)
    {
        var writer = new PacketWriter();
        var builder = new MessageBuilder(writer);
        builder.BeginReply(4711, 9, SegmentKind.Reply, FunctionCode.Fetch);
        builder.BeginPart(PartKind.ResultSet, PartAttributes.LastPacket);
        var random = new Random(payloadBytes);
        for (var i = 0; i < payloadBytes; i++)
        {
            writer.WriteByte(compressible ? (byte)(i % 7) : (byte)random.Next(256));
        }
        builder.EndPart(1);
        builder.Finish();
        return writer;
    }

    [Theory]
    [InlineData(6000)]
    [InlineData(100_000)]
    [InlineData(3_000_000)]
    public void CompressibleMessagesRoundTrip(int size)
    {
        using var plain = BuildMessage(size, compressible: true);
        using var compressed = new PacketWriter();
        Assert.True(PacketCodec.TryCompress(plain, compressed));
        var header = MessageHeader.Read(compressed.WrittenSpan);
        Assert.Equal(PacketOptions.Compressed, header.PacketOptions);
        Assert.Equal((uint)(plain.Length - MessageHeader.Size), header.CompressionVarPartLength);
        Assert.Equal((uint)(compressed.Length - MessageHeader.Size), header.VarPartLength);
        Assert.True(compressed.Length < plain.Length);

        using var target = new MessageBuffer();
        PacketCodec.Inflate(compressed.WrittenSpan, target, 1 << 30);
        Assert.True(plain.WrittenSpan.SequenceEqual(target.Buffer.AsSpan(0, target.Length)));
        var message = new ParsedMessage();
        message.Parse(target.Buffer, target.Length);
        Assert.Equal(4711, message.Header.SessionId);
        Assert.Equal(size, message.Parts[0].Length);
    }

    [Fact]
    public void SmallOrIncompressibleMessagesStayPlain()
    {
        using var small = BuildMessage(1000, compressible: true);
        using var random = BuildMessage(50_000, compressible: false);
        using var destination = new PacketWriter();
        Assert.False(PacketCodec.TryCompress(small, destination));
        Assert.False(PacketCodec.TryCompress(random, destination));
    }

    [Fact]
    public void RecordedCompressedReplyInflatesToItsPlainForm()
    {
        var compressed = VectorIndex.Get("lz4_msg_fetch_reply.hex").Bytes;
        var plain = VectorIndex.Get("lz4_msg_fetch_reply_decoded.hex").Bytes;
        using var target = new MessageBuffer();
        PacketCodec.Inflate(compressed, target, 1 << 30);
        Assert.Equal(Convert.ToHexString(plain), Convert.ToHexString(target.Buffer, 0, target.Length));
    }

    [Fact]
    public void LyingUncompressedSizeIsRefusedBeforeAllocation()
    {
        using var plain = BuildMessage(100_000, compressible: true);
        using var compressed = new PacketWriter();
        Assert.True(PacketCodec.TryCompress(plain, compressed));
        var header = MessageHeader.Read(compressed.WrittenSpan);
        header.CompressionVarPartLength = int.MaxValue;
        header.Write(compressed.Buffer);
        using var target = new MessageBuffer();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<HanaProtocolException>(() => PacketCodec.Inflate(compressed.WrittenSpan, target, 1 << 30));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }
}
