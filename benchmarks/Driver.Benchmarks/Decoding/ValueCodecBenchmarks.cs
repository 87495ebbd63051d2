using BenchmarkDotNet.Attributes;
using Driver.Core.Protocol;
using Driver.Core.Types;
using Driver.TestServer.Protocol;

namespace Driver.Benchmarks.Decoding;

/// <summary>
/// Encoding and decoding of every value type, 1,000 values per operation: result-set decoding (what the driver
/// does per value), result-set encoding (what the test server does) and parameter encoding (what the driver
/// sends). Figures are per value.
/// </summary>
[MemoryDiagnoser]
public class ValueCodecBenchmarks
{
    private const int Count = 1000;
    private readonly PacketWriter _writer = new(1 << 20);
    private object?[] _values = [];
    private byte[] _encoded = [];
    private int[] _offsets = [];

    [Params("TinyInt", "SmallInt", "Int", "BigInt", "Real", "Double", "Decimal", "Fixed8", "Fixed12", "Fixed16", "Boolean", "NVarChar", "VarBinary", "Date", "Time", "Timestamp", "DayDate", "SecondTime", "SecondDate", "LongDate", "AlphaNum")]
    public string TypeName { get; set; } = "Int";

    private HanaTypeCode Type { get; set; }

    private int Scale => Type is HanaTypeCode.Fixed8 or HanaTypeCode.Fixed12 or HanaTypeCode.Fixed16 ? 4 : 0;

    [GlobalSetup]
    public void Setup()
    {
        Type = Enum.Parse<HanaTypeCode>(TypeName);
        var random = new Random(42);
        _values = Enumerable.Range(0, Count).Select(i => Sample(Type, i, random)).ToArray();
        _writer.Reset();
        _offsets = new int[Count + 1];
        for (var i = 0; i < Count; i++)
        {
            _offsets[i] = _writer.Length;
            ResultValueWriter.Write(_writer, Type, Scale, _values[i]);
        }
        _offsets[Count] = _writer.Length;
        _encoded = _writer.WrittenSpan.ToArray();
    }

    private static object? Sample(HanaTypeCode type, int i, Random random) => type switch
    {
        HanaTypeCode.TinyInt => (byte)(i % 256),
        HanaTypeCode.SmallInt => (short)(i - 500),
        HanaTypeCode.Int => random.Next(),
        HanaTypeCode.BigInt => random.NextInt64(),
        HanaTypeCode.Real => (float)random.NextDouble(),
        HanaTypeCode.Double => random.NextDouble() * 1e6,
        HanaTypeCode.Decimal or HanaTypeCode.Fixed8 or HanaTypeCode.Fixed12 or HanaTypeCode.Fixed16 => Math.Round((decimal)random.NextDouble() * 1_000_000m, 4),
        HanaTypeCode.Boolean => i % 2 == 0,
        HanaTypeCode.NVarChar or HanaTypeCode.AlphaNum => $"value {i:D6}",
        HanaTypeCode.VarBinary => BitConverter.GetBytes(random.NextInt64()),
        HanaTypeCode.Time or HanaTypeCode.SecondTime => TimeSpan.FromSeconds(random.Next(86400)),
        _ => new DateTime(2000, 1, 1).AddSeconds(random.Next(900_000_000)),
    };

    [Benchmark(OperationsPerInvoke = Count)]
    public long Decode()
    {
        long checksum = 0;
        var data = _encoded.AsSpan();
        for (var i = 0; i < Count; i++)
        {
            var value = data.Slice(_offsets[i], _offsets[i + 1] - _offsets[i]);
            checksum += Type switch
            {
                HanaTypeCode.TinyInt or HanaTypeCode.SmallInt or HanaTypeCode.Int or HanaTypeCode.BigInt => ResultValueReader.GetInt64(Type, value),
                HanaTypeCode.Real or HanaTypeCode.Double => (long)ResultValueReader.GetDouble(Type, value),
                HanaTypeCode.Decimal or HanaTypeCode.Fixed8 or HanaTypeCode.Fixed12 or HanaTypeCode.Fixed16 => (long)ResultValueReader.GetDecimal(Type, Scale, value),
                HanaTypeCode.Boolean => ResultValueReader.GetBoolean(Type, value) ? 1 : 0,
                HanaTypeCode.NVarChar or HanaTypeCode.AlphaNum => ResultValueReader.GetString(Type, value).Length,
                HanaTypeCode.VarBinary => ResultValueReader.GetBinarySpan(Type, value).Length,
                HanaTypeCode.Time or HanaTypeCode.SecondTime => ResultValueReader.GetTimeSpan(Type, value).Ticks,
                _ => ResultValueReader.GetDateTime(Type, value).Ticks,
            };
        }
        return checksum;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int EncodeResult()
    {
        _writer.Reset();
        for (var i = 0; i < Count; i++)
        {
            ResultValueWriter.Write(_writer, Type, Scale, _values[i]);
        }
        return _writer.Length;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int EncodeParameter()
    {
        _writer.Reset();
        for (var i = 0; i < Count; i++)
        {
            ParameterValueWriter.Write(_writer, Type, Scale, _values[i]);
        }
        return _writer.Length;
    }
}
