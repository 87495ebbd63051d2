using BenchmarkDotNet.Attributes;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Session;
using Driver.Core.Types;
using Driver.TestServer.Protocol;

namespace Driver.Benchmarks.Decoding;

/// <summary>
/// Decoding a 1,000-row RESULTSET part of (INTEGER, BIGINT, NVARCHAR(20), DECIMAL(18,4), LONGDATE) from memory
/// into typed values, as the driver's reader does: the page is indexed once, then every value is read with a
/// typed getter straight from the bytes. DECIMAL(18,4) travels as FIXED8 at data format version 8 (§7.2).
/// </summary>
[MemoryDiagnoser]
public class ResultSetDecodingBenchmarks
{
    private const int Rows = 1000;
    private byte[] _part = [];
    private ColumnMetadata[] _columns = [];
    private readonly ResultPage _page = new();

    [GlobalSetup]
    public void Setup()
    {
        _columns =
        [
            new ColumnMetadata { TypeCode = HanaTypeCode.Int, Length = 10 },
            new ColumnMetadata { TypeCode = HanaTypeCode.BigInt, Length = 19 },
            new ColumnMetadata { TypeCode = HanaTypeCode.NVarChar, Length = 20 },
            new ColumnMetadata { TypeCode = HanaTypeCode.Fixed8, Length = 18, Fraction = 4 },
            new ColumnMetadata { TypeCode = HanaTypeCode.LongDate, Length = 27, Fraction = 7 },
        ];
        using var writer = new PacketWriter();
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        for (var i = 0; i < Rows; i++)
        {
            ResultValueWriter.Write(writer, HanaTypeCode.Int, 0, i);
            ResultValueWriter.Write(writer, HanaTypeCode.BigInt, 0, i * 1_000_000_007L);
            ResultValueWriter.Write(writer, HanaTypeCode.NVarChar, 0, $"name {i:D6} äöü");
            ResultValueWriter.Write(writer, HanaTypeCode.Fixed8, 4, i * 1.2345m);
            ResultValueWriter.Write(writer, HanaTypeCode.LongDate, 7, start.AddSeconds(i * 37.5));
        }
        _part = writer.WrittenSpan.ToArray();
        _page.Load(_part, Rows, PartAttributes.LastPacket, _columns);
    }

    /// <summary>Index the page and read every value, strings included.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public long DecodeAllColumns()
    {
        _page.Load(_part, Rows, PartAttributes.LastPacket, _columns);
        long checksum = 0;
        for (var row = 0; row < Rows; row++)
        {
            checksum += ResultValueReader.GetInt32(HanaTypeCode.Int, _page.GetValue(row, 0));
            checksum += ResultValueReader.GetInt64(HanaTypeCode.BigInt, _page.GetValue(row, 1));
            checksum += ResultValueReader.GetString(HanaTypeCode.NVarChar, _page.GetValue(row, 2)).Length;
            checksum += (long)ResultValueReader.GetDecimal(HanaTypeCode.Fixed8, 4, _page.GetValue(row, 3));
            checksum += ResultValueReader.GetDateTime(HanaTypeCode.LongDate, _page.GetValue(row, 4)).Ticks;
        }
        return checksum;
    }

    /// <summary>The same without the string column: fixed-size values must allocate nothing per row.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public long DecodeFixedSizeColumns()
    {
        _page.Load(_part, Rows, PartAttributes.LastPacket, _columns);
        long checksum = 0;
        for (var row = 0; row < Rows; row++)
        {
            checksum += ResultValueReader.GetInt32(HanaTypeCode.Int, _page.GetValue(row, 0));
            checksum += ResultValueReader.GetInt64(HanaTypeCode.BigInt, _page.GetValue(row, 1));
            checksum += (long)ResultValueReader.GetDecimal(HanaTypeCode.Fixed8, 4, _page.GetValue(row, 3));
            checksum += ResultValueReader.GetDateTime(HanaTypeCode.LongDate, _page.GetValue(row, 4)).Ticks;
        }
        return checksum;
    }

    /// <summary>The physical floor: copying the part's bytes once (what any client must at least do).</summary>
    [Benchmark(OperationsPerInvoke = Rows, Baseline = true)]
    public int MemcpyOfThePart()
    {
        var copy = System.Buffers.ArrayPool<byte>.Shared.Rent(_part.Length);
        _part.AsSpan().CopyTo(copy);
        var first = copy[0];
        System.Buffers.ArrayPool<byte>.Shared.Return(copy);
        return first;
    }
}
