using System.Numerics;
using Driver.Core.Protocol;
using Driver.Core.Types;
using Driver.Sync;
using Driver.TestServer.Protocol;

namespace Driver.Tests.TestServer;

/// <summary>
/// The test server's allocation-free value writers against the general path they replace (BigInteger for DECIMAL and
/// FIXEDn, the boxed <see cref="ResultValueWriter.Write"/> for dates and times): the same bytes for every value, and
/// a refusal exactly where the general path throws.
/// </summary>
public class NativeValueEncoderTests
{
    private static readonly int[] Scales = [0, 1, 4, 12, 18, 28, 34, 38];

    public static IEnumerable<object[]> DecimalTypes =>
        [[(int)HanaTypeCode.Decimal], [(int)HanaTypeCode.Fixed8], [(int)HanaTypeCode.Fixed12], [(int)HanaTypeCode.Fixed16]];

    [Theory]
    [MemberData(nameof(DecimalTypes))]
    public void DecimalsWriteTheGeneralPathsBytes(int code)
    {
        var type = (HanaTypeCode)code;
        var refusals = 0;
        var written = 0;
        foreach (var unscaled in DecimalValues())
        {
            foreach (var valueScale in Scales)
            {
                foreach (var scale in Scales)
                {
                    using var actual = new PacketWriter();
                    var ok = type == HanaTypeCode.Decimal
                        ? NativeValueEncoder.TryWriteDecimal(actual, unscaled, valueScale)
                        : NativeValueEncoder.TryWriteFixed(actual, type, scale, unscaled, valueScale);
                    var expected = GeneralPath(type, scale, unscaled, valueScale);
                    if (expected is null)
                    {
                        Assert.False(ok, $"{type} {unscaled}e-{valueScale} at scale {scale}: the general path throws");
                        Assert.Equal(0, actual.Length);
                        refusals++;
                        continue;
                    }
                    Assert.True(ok, $"{type} {unscaled}e-{valueScale} at scale {scale} refused");
                    Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual.WrittenSpan));
                    written++;
                }
                if (type == HanaTypeCode.Decimal)
                {
                    break; // DECIMAL has no metadata scale
                }
            }
        }
        Assert.True(written > 100);
        Assert.True(refusals > 0); // the edge values include some beyond each type
    }

    [Fact]
    public void DecimalTrailingZerosBecomeAPositiveExponent()
    {
        using var writer = new PacketWriter();
        Assert.True(NativeValueEncoder.TryWriteDecimal(writer, Int128.Parse("-100000000000000000000000000000000000000"), 0));
        var value = Decimal128.Decode(writer.WrittenSpan);
        Assert.Equal(new HanaDecimal(-BigInteger.Pow(10, 38), 0), value);
        Assert.Equal(38, value.Exponent);
        Assert.Equal(BigInteger.One, value.Coefficient);
    }

    public static IEnumerable<object[]> DateTypes =>
        [[(int)HanaTypeCode.Date], [(int)HanaTypeCode.Timestamp], [(int)HanaTypeCode.DayDate], [(int)HanaTypeCode.SecondDate], [(int)HanaTypeCode.LongDate]];

    [Theory]
    [MemberData(nameof(DateTypes))]
    public void DatesWriteTheBoxedPathsBytes(int code)
    {
        var type = (HanaTypeCode)code;
        DateTime[] values =
        [
            DateTime.MinValue, DateTime.MaxValue, new(1582, 10, 4), new(1582, 10, 15), new(2024, 2, 29, 23, 59, 59, 999),
            new(1970, 1, 1), new DateTime(2026, 12, 6, 16, 30, 0).AddTicks(1234567),
        ];
        foreach (var value in values)
        {
            using var actual = new PacketWriter();
            using var expected = new PacketWriter();
            NativeValueEncoder.WriteDateTime(actual, type, value);
            ResultValueWriter.Write(expected, type, 0, value);
            Assert.Equal(Convert.ToHexString(expected.WrittenSpan), Convert.ToHexString(actual.WrittenSpan));
        }
    }

    [Theory]
    [InlineData((int)HanaTypeCode.Time)]
    [InlineData((int)HanaTypeCode.SecondTime)]
    public void TimesWriteTheBoxedPathsBytesAndRefuseBeyondADay(int code)
    {
        var type = (HanaTypeCode)code;
        TimeSpan[] values = [TimeSpan.Zero, new(23, 59, 59), new TimeSpan(TimeSpan.TicksPerDay - 1), new(12, 34, 56)];
        foreach (var value in values)
        {
            using var actual = new PacketWriter();
            using var expected = new PacketWriter();
            Assert.True(NativeValueEncoder.TryWriteTime(actual, type, value));
            ResultValueWriter.Write(expected, type, 0, value);
            Assert.Equal(Convert.ToHexString(expected.WrittenSpan), Convert.ToHexString(actual.WrittenSpan));
        }
        foreach (var value in new[] { TimeSpan.FromDays(1), TimeSpan.FromTicks(-1) })
        {
            using var actual = new PacketWriter();
            Assert.False(NativeValueEncoder.TryWriteTime(actual, type, value));
            Assert.Equal(0, actual.Length);
            Assert.Throws<ArgumentOutOfRangeException>(() => ResultValueWriter.Write(actual, type, 0, value));
        }
    }

    /// <summary>What the row encoder wrote before (BigInteger throughout); null where it threw.</summary>
    private static byte[]? GeneralPath(HanaTypeCode type, int scale, Int128 native, int valueScale)
    {
        var unscaled = (BigInteger)native;
        try
        {
            if (type == HanaTypeCode.Decimal)
            {
                var exponent = -valueScale;
                while (!unscaled.IsZero && unscaled % 10 == 0)
                {
                    unscaled /= 10;
                    exponent++;
                }
                var bytes = new byte[16];
                Decimal128.EncodeExact(unscaled.Sign < 0, BigInteger.Abs(unscaled), exponent, bytes);
                return bytes;
            }
            if (scale > valueScale)
            {
                unscaled *= BigInteger.Pow(10, scale - valueScale);
            }
            else if (scale < valueScale)
            {
                unscaled /= BigInteger.Pow(10, valueScale - scale);
            }
            var size = FixedDecimal.GetSize(type);
            var fixedBytes = new byte[1 + size];
            fixedBytes[0] = 1;
            FixedDecimal.EncodeUnscaled(unscaled, fixedBytes.AsSpan(1));
            return fixedBytes;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    private static IEnumerable<Int128> DecimalValues()
    {
        var pow10 = Int128.One;
        var list = new List<Int128> { 0, 1, -1, 7, -7, Int128.MaxValue, Int128.MinValue + 1, long.MaxValue, long.MinValue, (Int128)long.MaxValue + 1 };
        for (var digits = 1; digits <= 38; digits++)
        {
            pow10 *= 10;
            list.Add(pow10 - 1);          // the largest value of that precision
            list.Add(-(pow10 - 1));
            if (digits < 38)
            {
                list.Add(pow10);          // trailing zeros
                list.Add(-pow10 * 3);
            }
        }
        var limit = Int128.One << 113;
        list.AddRange([limit - 1, limit, -(limit - 1), -limit, (Int128.One << 95) - 1, Int128.One << 95, -(Int128.One << 95), -(Int128.One << 63)]);
        var random = new Random(18);
        for (var i = 0; i < 40; i++)
        {
            var value = new Int128((ulong)random.NextInt64() >> random.Next(0, 64), (ulong)random.NextInt64());
            list.Add(i % 2 == 0 ? value : -value);
        }
        return list;
    }
}
