using CsCheck;
using Driver.Core.Protocol;
using Driver.Core.Types;
using Driver.Tests.Types;
using Driver.TestServer.Protocol;

namespace Driver.Tests.Properties;

/// <summary>
/// Every type code a column can be reported as under data format versions 1 and 4-8 (<see cref="DataFormatVersion"/>):
/// a value written in result-set encoding reads back equal, with its exact length and NULL-ness, whatever bytes follow;
/// written in parameter encoding it reads back equal with the type code sent (LOBs: their input descriptor).
/// </summary>
public class ValueCodecProperties
{
    /// <summary>(DFV, SQL type) pairs whose reported type code has a value codec.</summary>
    public static TheoryData<int, string> ReportedTypes()
    {
        var data = new TheoryData<int, string>();
        foreach (var version in PropertyGens.DataFormatVersions)
        {
            foreach (var sqlType in ValueSamples.CodecTypes)
            {
                if (sqlType == HanaTypeCode.RealVector && version < 9)
                {
                    continue;
                }
                data.Add(version, sqlType.ToString());
            }
        }
        return data;
    }

    private static HanaTypeCode Reported(int version, string sqlTypeName, int precision = 0, int scale = 0) =>
        DataFormatVersion.GetReportedTypeCode(ValueSamples.Parse(sqlTypeName), version, precision, scale);

    [Theory]
    [MemberData(nameof(ReportedTypes))]
    public void ResultEncodingRoundTrips(int version, string sqlType)
    {
        var type = Reported(version, sqlType, FixedPrecision(sqlType), 0);
        Gen.Select(PropertyGens.ScaleFor(type), Gen.Byte.Array[0, 4])
            .SelectMany((scale, tail) => PropertyGens.ValueFor(type, scale).Select(value => (scale, tail, value)))
            .Sample(sample =>
            {
                var (scale, tail, original) = sample;
                using var writer = new PacketWriter();
                ResultValueWriter.Write(writer, type, scale, original);
                var length = writer.Length;
                // whatever follows (the next value) must not change the length
                writer.WriteBytes(tail);
                var all = writer.WrittenSpan.ToArray();
                Assert.Equal(length, ResultValueReader.GetLength(type, all));
                var value = all.AsSpan(0, length);
                Assert.Equal(original is null, ResultValueReader.IsNull(type, value));
                var back = ResultValueReader.GetValue(type, scale, value);
                if (back is LobDescriptor)
                {
                    back = HanaTypeInfo.IsCharacterLob(type) ? ResultValueReader.GetString(type, value) : ResultValueReader.GetBytes(type, value);
                }
                RoundTripTests.AssertRoundTrip(type, scale, original, back);
            }, iter: PropertyGens.Iterations, threads: 1, print: Print);
    }

    [Theory]
    [MemberData(nameof(ReportedTypes))]
    public void ParameterEncodingRoundTrips(int version, string sqlType)
    {
        var type = Reported(version, sqlType, FixedPrecision(sqlType), 0);
        if (HanaTypeInfo.IsLob(type))
        {
            // LOB parameters travel as an input descriptor; the data follows the row (§10.2)
            Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Int).Sample((options, length, position) =>
            {
                var descriptor = new LobInputDescriptor((LobOptions)(options << 1), length, position);
                using var writer = new PacketWriter();
                ParameterValueWriter.Write(writer, type, 0, descriptor);
                var reader = new SpanReader(writer.WrittenSpan);
                var back = Assert.IsType<LobInputDescriptor>(ParameterValueReader.Read(ref reader, out var code));
                Assert.True(reader.AtEnd);
                Assert.Equal(type, code);
                Assert.Equal((descriptor.Options, descriptor.Length, descriptor.Position), (back.Options, back.Length, back.Position));
            }, iter: PropertyGens.Iterations, threads: 1);
            return;
        }
        PropertyGens.ScaleFor(type)
            .SelectMany(scale => PropertyGens.ValueFor(type, scale).Select(value => (scale, value)))
            .Sample(sample =>
            {
                var (scale, original) = sample;
                using var writer = new PacketWriter();
                ParameterValueWriter.Write(writer, type, scale, original);
                var reader = new SpanReader(writer.WrittenSpan);
                var back = ParameterValueReader.Read(ref reader, out var code, scale);
                Assert.True(reader.AtEnd, $"{reader.Remaining} bytes left");
                if (original is null)
                {
                    Assert.Equal(ParameterValueWriter.GetNullTypeCode(type), writer.WrittenSpan[0]);
                    Assert.Equal(1, writer.Length);
                }
                else if (type == HanaTypeCode.RealVector)
                {
                    Assert.Equal(HanaTypeCode.Binary, code);
                    back = RealVectorCodec.Decode((byte[])back!);
                }
                else
                {
                    Assert.Equal(type, code);
                }
                RoundTripTests.AssertRoundTrip(type, scale, original, back);
            }, iter: PropertyGens.Iterations, threads: 1, print: Print);
    }

    /// <summary>DECIMAL columns of DFV 8 with a precision are reported as FIXEDn (§7.2): exercise that path too.</summary>
    [Theory]
    [InlineData(18)]
    [InlineData(28)]
    [InlineData(38)]
    public void FixedDecimalColumnsOfVersion8RoundTrip(int precision)
    {
        var type = DataFormatVersion.GetReportedTypeCode(HanaTypeCode.Decimal, 8, precision, 2);
        Assert.True(HanaTypeInfo.IsFixed(type));
        PropertyGens.ScaleFor(type)
            .SelectMany(scale => PropertyGens.ValueFor(type, scale).Select(value => (scale, value)))
            .Sample(sample =>
            {
                var (scale, original) = sample;
                using var writer = new PacketWriter();
                ResultValueWriter.Write(writer, type, scale, original);
                var back = ResultValueReader.GetValue(type, scale, writer.WrittenSpan);
                RoundTripTests.AssertRoundTrip(type, scale, original, back);
            }, iter: PropertyGens.Iterations, threads: 1, print: Print);
    }

    /// <summary>SQL DECIMAL keeps code 5 below DFV 8; FIXEDn only apply to DECIMAL(p, s).</summary>
    private static int FixedPrecision(string sqlType) => sqlType switch
    {
        nameof(HanaTypeCode.Fixed8) => 18,
        nameof(HanaTypeCode.Fixed12) => 28,
        nameof(HanaTypeCode.Fixed16) => 38,
        _ => 0,
    };

    private static string Print<T>(T sample) => sample switch
    {
        ValueTuple<int, byte[], object?> t => $"scale {t.Item1}, value {Describe(t.Item3)}",
        ValueTuple<int, object?> t => $"scale {t.Item1}, value {Describe(t.Item2)}",
        _ => sample?.ToString() ?? "null",
    };

    private static string Describe(object? value) => value switch
    {
        null => "NULL",
        byte[] bytes => $"0x{Convert.ToHexString(bytes)}",
        float[] floats => $"[{string.Join(", ", floats)}]",
        string text => $"\"{text}\" ({string.Join(" ", text.Select(c => ((int)c).ToString("X4")))})",
        _ => $"{value} ({value.GetType().Name})",
    };
}
