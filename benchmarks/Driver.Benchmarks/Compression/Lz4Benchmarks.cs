using BenchmarkDotNet.Attributes;
using Driver.Core.Compression;
using Driver.Core.Net;
using Driver.Core.Protocol;
using Driver.TestServer.Protocol;

namespace Driver.Benchmarks.Compression;

/// <summary>LZ4 packet compression both ways (§11) on a 1 MiB reply shaped like a result set, per message.</summary>
[MemoryDiagnoser]
public class Lz4Benchmarks
{
    private readonly PacketWriter _plain = new(2 << 20);
    private readonly PacketWriter _compressed = new(2 << 20);
    private readonly MessageBuffer _inflated = new(2 << 20);

    [GlobalSetup]
    public void Setup()
    {
        var builder = new MessageBuilder(_plain);
        builder.BeginReply(1, 1, SegmentKind.Reply, FunctionCode.Fetch);
        builder.BeginPart(PartKind.ResultSet);
        var random = new Random(3);
        var rows = 0;
        while (builder.CurrentPartLength < 1 << 20)
        {
            // (INTEGER, NVARCHAR) rows: compressible the way real result sets are
            _plain.WriteByte(1);
            _plain.WriteInt32(rows);
            var text = $"customer {random.Next(10_000):D5} order {rows}";
            _plain.WriteLengthIndicator(text.Length);
            _plain.WriteBytes(System.Text.Encoding.ASCII.GetBytes(text));
            rows++;
        }
        builder.EndPart(rows);
        builder.Finish();
        PacketCodec.TryCompress(_plain, _compressed);
    }

    [Benchmark]
    public bool Compress() => PacketCodec.TryCompress(_plain, _compressed);

    [Benchmark]
    public int Decompress()
    {
        PacketCodec.Inflate(_compressed.WrittenSpan, _inflated, 1 << 30);
        return _inflated.Length;
    }
}
