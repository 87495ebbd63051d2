using Driver.Core.Protocol;
using Driver.Core.Types;
using Driver.Sync;
using Driver.TestServer.Protocol;

namespace Driver.Tests.Types;

/// <summary>
/// Seeded round trips through both encodings: result-set (server writes, driver reads) and parameter (driver writes,
/// server reads), for every type codec of DFV 1 and DFV ≥ 4.
/// </summary>
public class RoundTripTests
{
    [Theory]
    [MemberData(nameof(ValueSamples.CodecTypeData), MemberType = typeof(ValueSamples))]
    public void ResultEncodingRoundTrips(string typeName)
    {
        var type = ValueSamples.Parse(typeName);
        var random = ValueSamples.RandomFor(type);
        using var writer = new PacketWriter();
        var count = 0;
        foreach (var scale in Scales(type, random))
        {
            foreach (var original in ValueSamples.Values(type, random, scale, ValueSamples.RandomCount / 4))
            {
                writer.Reset();
                ResultValueWriter.Write(writer, type, scale, original);
                // trailing bytes of the next value must not change the length
                writer.WriteBytes([0x01, 0xFF, 0x00]);
                var all = writer.WrittenSpan;
                var length = ResultValueReader.GetLength(type, all);
                Assert.Equal(all.Length - 3, length);
                var value = all.Slice(0, length);
                Assert.Equal(original is null, ResultValueReader.IsNull(type, value));
                var back = ResultValueReader.GetValue(type, scale, value);
                if (back is LobDescriptor)
                {
                    back = HanaTypeInfo.IsCharacterLob(type) ? ResultValueReader.GetString(type, value) : ResultValueReader.GetBytes(type, value);
                }
                AssertRoundTrip(type, scale, original, back);
                if (original is not null && HanaTypeInfo.IsFixed(type))
                {
                    Assert.Equal(((HanaDecimal)original).UnscaledValue, ResultValueReader.GetHanaDecimal(type, scale, value).UnscaledValue);
                    Assert.Equal(scale, ResultValueReader.GetHanaDecimal(type, scale, value).Scale);
                }
                count++;
            }
        }
        Assert.True(count >= ValueSamples.RandomCount);
    }

    [Theory]
    [MemberData(nameof(ValueSamples.CodecTypeData), MemberType = typeof(ValueSamples))]
    public void ParameterEncodingRoundTrips(string typeName)
    {
        var type = ValueSamples.Parse(typeName);
        if (HanaTypeInfo.IsLob(type))
        {
            LobParameterDescriptorRoundTrips(type);
            return;
        }
        var random = ValueSamples.RandomFor(type);
        using var writer = new PacketWriter();
        var count = 0;
        foreach (var scale in Scales(type, random))
        {
            foreach (var original in ValueSamples.Values(type, random, scale, ValueSamples.RandomCount / 4))
            {
                writer.Reset();
                ParameterValueWriter.Write(writer, type, scale, original);
                var reader = new SpanReader(writer.WrittenSpan);
                var back = ParameterValueReader.Read(ref reader, out var code, scale);
                Assert.True(reader.AtEnd);
                if (original is null)
                {
                    Assert.Equal(ParameterValueWriter.GetNullTypeCode(type), writer.WrittenSpan[0]);
                    Assert.Equal(1, writer.Length);
                }
                else if (type == HanaTypeCode.RealVector)
                {
                    // sent as BINARY with the vector payload (§7.4)
                    Assert.Equal(HanaTypeCode.Binary, code);
                    back = RealVectorCodec.Decode((byte[])back!);
                }
                else
                {
                    Assert.Equal(type, code);
                }
                AssertRoundTrip(type, scale, original, back);
                count++;
            }
        }
        Assert.True(count >= ValueSamples.RandomCount);
    }

    private static void LobParameterDescriptorRoundTrips(HanaTypeCode type)
    {
        var random = ValueSamples.RandomFor(type);
        using var writer = new PacketWriter();
        for (var i = 0; i < ValueSamples.RandomCount; i++)
        {
            var options = (LobOptions)(random.Next(4) << 1);
            var descriptor = new LobInputDescriptor(options, random.Next(), random.Next(int.MinValue, int.MaxValue));
            writer.Reset();
            ParameterValueWriter.Write(writer, type, 0, descriptor);
            Assert.Equal(1 + LobInputDescriptor.Size, writer.Length);
            var reader = new SpanReader(writer.WrittenSpan);
            var back = (LobInputDescriptor)ParameterValueReader.Read(ref reader, out var code)!;
            Assert.Equal(type, code);
            Assert.Equal(descriptor.Options, back.Options);
            Assert.Equal(descriptor.Length, back.Length);
            Assert.Equal(descriptor.Position, back.Position);
        }
        writer.Reset();
        ParameterValueWriter.Write(writer, type, 0, null);
        var nullReader = new SpanReader(writer.WrittenSpan);
        Assert.Null(ParameterValueReader.Read(ref nullReader, out _));
    }

    private static IEnumerable<int> Scales(HanaTypeCode type, Random random)
    {
        if (!HanaTypeInfo.IsFixed(type))
        {
            return Enumerable.Repeat(ValueSamples.ScaleFor(type, random), 4);
        }
        var max = FixedDecimal.GetSize(type) switch { 8 => 18, 12 => 28, _ => 38 };
        return [0, max, random.Next(1, max), random.Next(1, max)];
    }

    internal static void AssertRoundTrip(HanaTypeCode type, int scale, object? original, object? back)
    {
        if (original is null)
        {
            Assert.Null(back);
            return;
        }
        Assert.NotNull(back);
        switch (type)
        {
            case HanaTypeCode.Real:
            {
                var expected = (float)original;
                var actual = Assert.IsType<float>(back);
                if (float.IsNaN(expected))
                {
                    Assert.True(float.IsNaN(actual));
                }
                else
                {
                    Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(actual));
                }
                return;
            }
            case HanaTypeCode.Double:
            {
                var expected = (double)original;
                var actual = Assert.IsType<double>(back);
                if (double.IsNaN(expected))
                {
                    Assert.True(double.IsNaN(actual));
                }
                else
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
                }
                return;
            }
            case HanaTypeCode.Decimal:
            case HanaTypeCode.Fixed8:
            case HanaTypeCode.Fixed12:
            case HanaTypeCode.Fixed16:
            {
                var expected = ToHanaDecimal(original);
                var actual = ToHanaDecimal(back);
                Assert.Equal(expected, actual);
                Assert.Equal(expected.IsNegative, actual.IsNegative);
                if (back is decimal)
                {
                    // a value that fits is returned as System.Decimal
                    Assert.True(expected.TryToDecimal(out _));
                }
                else
                {
                    Assert.False(actual.TryToDecimal(out var fits), $"{type} scale {scale}: {actual} came back as HanaDecimal but fits decimal {fits}");
                }
                return;
            }
            case HanaTypeCode.Date:
            case HanaTypeCode.DayDate:
                Assert.Equal(((DateTime)original).Date, back);
                return;
            case HanaTypeCode.Timestamp:
                Assert.Equal(Truncate((DateTime)original, TimeSpan.TicksPerMillisecond), back);
                return;
            case HanaTypeCode.SecondDate:
                Assert.Equal(Truncate((DateTime)original, TimeSpan.TicksPerSecond), back);
                return;
            case HanaTypeCode.LongDate:
                Assert.Equal(original, back);
                return;
            case HanaTypeCode.Time:
                Assert.Equal(new TimeSpan(((TimeSpan)original).Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond), back);
                return;
            case HanaTypeCode.SecondTime:
                Assert.Equal(new TimeSpan(((TimeSpan)original).Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond), back);
                return;
            case HanaTypeCode.RealVector:
                Assert.Equal(((float[])original).Select(BitConverter.SingleToInt32Bits), ((float[])back).Select(BitConverter.SingleToInt32Bits));
                return;
            case HanaTypeCode.TinyInt:
            case HanaTypeCode.SmallInt:
            case HanaTypeCode.Int:
            case HanaTypeCode.BigInt:
            case HanaTypeCode.Boolean:
                Assert.Equal(original, back);
                Assert.Equal(original.GetType(), back.GetType());
                return;
        }
        Assert.Equal(original, back);
    }

    private static HanaDecimal ToHanaDecimal(object value) => value switch
    {
        decimal d => d,
        HanaDecimal h => h,
        _ => throw new InvalidCastException(value.GetType().Name),
    };

    private static DateTime Truncate(DateTime value, long unit) => new(value.Ticks / unit * unit);
}
