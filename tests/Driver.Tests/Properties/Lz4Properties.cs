using CsCheck;
using Driver.Core.Compression;
using Driver.Core.Net;
using Driver.Core.Protocol;
using Driver.TestServer.Protocol;

namespace Driver.Tests.Properties;

/// <summary>LZ4 block compression of the parts region and whole-message compression (§11.2).</summary>
public class Lz4Properties
{
    /// <summary>Runs of repeated bytes and random bytes mixed, so both matches and literals occur.</summary>
    private static readonly Gen<byte[]> Data = Gen.Select(Gen.Byte, Gen.Int[1, 300]).Select((b, n) => Enumerable.Repeat(b, n).ToArray())
        .Array[0, 40].Select(runs => runs.SelectMany(run => run).ToArray())
        .SelectMany(runs => Gen.Byte.Array[0, 200].Select(noise => runs.Concat(noise).ToArray()));

    [Fact]
    public void BlocksInflateToWhatWasCompressed()
    {
        Data.Sample(data =>
        {
            var block = new byte[PacketCompression.MaximumCompressedLength(data.Length) + 1];
            var written = PacketCompression.EncodeBlock(data, block);
            Assert.True(written > 0);
            var back = PacketCompression.Decompress(block.AsSpan(0, written), data.Length + PacketCompression.SegmentHeaderLength);
            Assert.Equal(data, back);
            // a declared size off by one is refused, not padded or cut
            Assert.Throws<Driver.Sync.HanaProtocolException>(() =>
                PacketCompression.Decompress(block.AsSpan(0, written), data.Length + 1 + PacketCompression.SegmentHeaderLength));
        }, iter: PropertyGens.Iterations, threads: 1);
    }

    [Fact]
    public void CompressedMessagesInflateToThePlainMessage()
    {
        Data.Sample(parts =>
        {
            using var plain = new PacketWriter();
            var builder = new MessageBuilder(plain);
            builder.BeginReply(42, 7, SegmentKind.Reply, FunctionCode.Select);
            builder.BeginPart(PartKind.ResultSet);
            plain.WriteBytes(parts);
            builder.EndPart(1);
            builder.Finish();
            using var compressed = new PacketWriter();
            if (!PacketCodec.TryCompress(plain, compressed, minimumSize: 0))
            {
                // not worth it (§11.2): the message goes out plain
                return;
            }
            Assert.True(MessageHeader.Read(compressed.WrittenSpan).IsCompressed);
            using var inflated = new MessageBuffer(64);
            PacketCodec.Inflate(compressed.WrittenSpan, inflated, 1 << 24);
            Assert.Equal(plain.WrittenSpan.ToArray(), inflated.Buffer.AsSpan(0, inflated.Length).ToArray());
        }, iter: PropertyGens.Iterations, threads: 1);
    }
}
