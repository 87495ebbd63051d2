using System.Numerics;
using System.Text;
using Driver.Core.Protocol;
using Driver.Core.Types;
using Driver.Sync;

namespace Driver.Tests.Types;

/// <summary>Seeded random values per HANA type, edge values first (min/max, zero, NULL, calendar switch, surrogates).</summary>
internal static class ValueSamples
{
    public const int RandomCount = 2000;

    /// <summary>Every type with a value codec, for DFV 1 and DFV ≥ 4 columns alike.</summary>
    public static readonly HanaTypeCode[] CodecTypes =
    [
        HanaTypeCode.TinyInt, HanaTypeCode.SmallInt, HanaTypeCode.Int, HanaTypeCode.BigInt,
        HanaTypeCode.Real, HanaTypeCode.Double, HanaTypeCode.Decimal,
        HanaTypeCode.Fixed8, HanaTypeCode.Fixed12, HanaTypeCode.Fixed16, HanaTypeCode.Boolean,
        HanaTypeCode.Char, HanaTypeCode.VarChar, HanaTypeCode.NChar, HanaTypeCode.NVarChar, HanaTypeCode.String,
        HanaTypeCode.NString, HanaTypeCode.ShortText, HanaTypeCode.AlphaNum,
        HanaTypeCode.Binary, HanaTypeCode.VarBinary, HanaTypeCode.BString, HanaTypeCode.StGeometry, HanaTypeCode.StPoint,
        HanaTypeCode.Date, HanaTypeCode.Time, HanaTypeCode.Timestamp,
        HanaTypeCode.DayDate, HanaTypeCode.SecondTime, HanaTypeCode.SecondDate, HanaTypeCode.LongDate,
        HanaTypeCode.Clob, HanaTypeCode.NClob, HanaTypeCode.Blob, HanaTypeCode.Text, HanaTypeCode.BinText,
        HanaTypeCode.RealVector,
    ];

    public static IEnumerable<object[]> CodecTypeData() => CodecTypes.Select(t => new object[] { t.ToString() });

    public static HanaTypeCode Parse(string typeName) => Enum.Parse<HanaTypeCode>(typeName);

    public static Random RandomFor(HanaTypeCode type) => new(1000 + (int)type);

    /// <summary>The scale used with a type: FIXEDn get a random scale that fits their digits, others none.</summary>
    public static int ScaleFor(HanaTypeCode type, Random random) => type switch
    {
        HanaTypeCode.Fixed8 => random.Next(0, 19),
        HanaTypeCode.Fixed12 => random.Next(0, 29),
        HanaTypeCode.Fixed16 => random.Next(0, 39),
        HanaTypeCode.Decimal => ResultValueReader.FloatingScale,
        _ => 0,
    };

    public static IEnumerable<object?> Values(HanaTypeCode type, Random random, int scale, int count = RandomCount)
    {
        yield return null;
        foreach (var edge in Edges(type, scale))
        {
            yield return edge;
        }
        for (var i = 0; i < count; i++)
        {
            yield return RandomValue(type, random, scale);
        }
    }

    private static IEnumerable<object> Edges(HanaTypeCode type, int scale)
    {
        switch (type)
        {
            case HanaTypeCode.TinyInt: return [(byte)0, (byte)1, byte.MaxValue];
            case HanaTypeCode.SmallInt: return [(short)0, (short)-1, short.MinValue, short.MaxValue];
            case HanaTypeCode.Int: return [0, -1, int.MinValue, int.MaxValue];
            case HanaTypeCode.BigInt: return [0L, -1L, long.MinValue, long.MaxValue, 1L << 53, (1L << 53) + 1];
            case HanaTypeCode.Real: return [0f, -0f, float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 1.17549435E-38f];
            case HanaTypeCode.Double: return [0d, -0d, double.MaxValue, double.MinValue, double.Epsilon, double.PositiveInfinity, double.NegativeInfinity, double.NaN];
            case HanaTypeCode.Decimal:
                return [0m, -0m, 1m, -1m, decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m, 1.50m,
                    HanaDecimal.Parse("9999999999999999999999999999999999"), HanaDecimal.Parse("-9999999999999999999999999999999999"),
                    HanaDecimal.FromParts(false, BigInteger.One, -6176), HanaDecimal.FromParts(true, BigInteger.Pow(10, 33) * 9, 6111 - 33),
                    HanaDecimal.Parse("1E6111"), HanaDecimal.Parse("-0.000"), HanaDecimal.Parse("123456789012345678901234567890.1234")];
            case HanaTypeCode.Fixed8:
            case HanaTypeCode.Fixed12:
            case HanaTypeCode.Fixed16:
            {
                var bits = FixedDecimal.GetSize(type) * 8 - 1;
                var max = (BigInteger.One << bits) - 1;
                return [new HanaDecimal(BigInteger.Zero, scale), new HanaDecimal(max, scale), new HanaDecimal(-max - 1, scale),
                    new HanaDecimal(BigInteger.One, scale), new HanaDecimal(BigInteger.MinusOne, scale)];
            }
            case HanaTypeCode.Boolean: return [true, false];
            case HanaTypeCode.Date:
            case HanaTypeCode.DayDate:
                return [DateTime.MinValue, DateTime.MaxValue.Date, new DateTime(1582, 10, 4), new DateTime(1582, 10, 15),
                    new DateTime(1500, 2, 28), new DateTime(1500, 3, 1), new DateTime(1970, 1, 1), new DateTime(2000, 2, 29)];
            case HanaTypeCode.Timestamp:
            case HanaTypeCode.SecondDate:
            case HanaTypeCode.LongDate:
                return [DateTime.MinValue, DateTime.MaxValue, new DateTime(1582, 10, 4, 23, 59, 59), new DateTime(1582, 10, 15),
                    new DateTime(2020, 1, 31, 12, 30, 0).AddTicks(1867320)];
            case HanaTypeCode.Time:
            case HanaTypeCode.SecondTime:
                return [TimeSpan.Zero, new TimeSpan(23, 59, 59), new TimeSpan(TimeSpan.TicksPerDay - 1)];
            case HanaTypeCode.AlphaNum:
                return ["", "0", "000123", "abc123", new string('9', 127)];
            case HanaTypeCode.RealVector:
                return [Array.Empty<float>(), new[] { float.MaxValue, float.MinValue, float.Epsilon, -0f }];
        }
        if (IsText(type))
        {
            return ["", "\0", "\uD83D\uDE00", "\uFFFF", new string('x', 245), new string('x', 246), new string('\u00E9', 16384), new string('y', 32768)];
        }
        if (IsBinary(type))
        {
            return [Array.Empty<byte>(), new byte[245], new byte[246], new byte[32767], new byte[32768]];
        }
        return [];
    }

    public static bool IsText(HanaTypeCode type) =>
        HanaTypeInfo.IsCharacterString(type) || HanaTypeInfo.IsCharacterLob(type);

    public static bool IsBinary(HanaTypeCode type) =>
        HanaTypeInfo.IsBinaryString(type) || (HanaTypeInfo.IsLob(type) && !HanaTypeInfo.IsCharacterLob(type));

    private static object RandomValue(HanaTypeCode type, Random random, int scale)
    {
        switch (type)
        {
            case HanaTypeCode.TinyInt: return (byte)random.Next(256);
            case HanaTypeCode.SmallInt: return (short)random.Next(short.MinValue, short.MaxValue + 1);
            case HanaTypeCode.Int: return random.Next(int.MinValue, int.MaxValue) + random.Next(2);
            case HanaTypeCode.BigInt: return random.NextInt64(long.MinValue, long.MaxValue);
            case HanaTypeCode.Real: return BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue));
            case HanaTypeCode.Double: return BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
            case HanaTypeCode.Decimal:
                if (random.Next(2) == 0)
                {
                    return new decimal(random.Next(int.MinValue, int.MaxValue), random.Next(int.MinValue, int.MaxValue),
                        random.Next(int.MinValue, int.MaxValue), random.Next(2) == 0, (byte)random.Next(29));
                }
                return HanaDecimal.FromParts(random.Next(2) == 0, RandomDigits(random, random.Next(1, 35)), random.Next(-6176, 6112 - 34));
            case HanaTypeCode.Fixed8:
            case HanaTypeCode.Fixed12:
            case HanaTypeCode.Fixed16:
            {
                var bytes = new byte[FixedDecimal.GetSize(type)];
                random.NextBytes(bytes);
                // vary the magnitude: keep a random number of low bytes, sign-extend the rest
                var keep = random.Next(1, bytes.Length + 1);
                var fill = (bytes[keep - 1] & 0x80) != 0 ? (byte)0xFF : (byte)0;
                bytes.AsSpan(keep).Fill(fill);
                return new HanaDecimal(new BigInteger(bytes), scale);
            }
            case HanaTypeCode.Boolean: return random.Next(2) == 0;
            case HanaTypeCode.Date:
                return RandomDateTime(random).Date;
            case HanaTypeCode.DayDate:
                return RandomHanaDateTime(random).Date;
            case HanaTypeCode.Timestamp:
                return RandomDateTime(random);
            case HanaTypeCode.SecondDate:
            case HanaTypeCode.LongDate:
                return RandomHanaDateTime(random);
            case HanaTypeCode.Time:
            case HanaTypeCode.SecondTime:
                return new TimeSpan(random.NextInt64(TimeSpan.TicksPerDay));
            case HanaTypeCode.AlphaNum:
                return random.Next(2) == 0
                    ? RandomDigits(random, random.Next(1, 40)).ToString()
                    : RandomAscii(random, random.Next(0, 127));
            case HanaTypeCode.RealVector:
            {
                var floats = new float[random.Next(0, 64)];
                for (var i = 0; i < floats.Length; i++)
                {
                    floats[i] = (float)(random.NextDouble() * 2e6 - 1e6);
                }
                return floats;
            }
        }
        if (IsText(type))
        {
            return RandomText(random, random.Next(0, random.Next(10) == 0 ? 2000 : 60));
        }
        var data = new byte[random.Next(0, random.Next(10) == 0 ? 70000 : 300)];
        random.NextBytes(data);
        return data;
    }

    public static BigInteger RandomDigits(Random random, int digits)
    {
        var builder = new StringBuilder(digits);
        for (var i = 0; i < digits; i++)
        {
            builder.Append((char)('0' + random.Next(10)));
        }
        return BigInteger.Parse(builder.ToString());
    }

    private static string RandomAscii(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)random.Next(0x20, 0x7F);
        }
        return new string(chars);
    }

    /// <summary>Valid UTF-16 text from all planes (no unpaired surrogates).</summary>
    public static string RandomText(Random random, int scalars)
    {
        var builder = new StringBuilder(scalars * 2);
        for (var i = 0; i < scalars; i++)
        {
            var scalar = random.Next(4) switch
            {
                0 => random.Next(0, 0x80),
                1 => random.Next(0x80, 0x800),
                2 => random.Next(0x800, 0x10000),
                _ => random.Next(0x10000, 0x110000),
            };
            if (scalar is >= 0xD800 and <= 0xDFFF)
            {
                scalar = 'x';
            }
            builder.Append(char.ConvertFromUtf32(scalar));
        }
        return builder.ToString();
    }

    public static DateTime RandomDateTime(Random random) => new(random.NextInt64(DateTime.MaxValue.Ticks + 1));

    /// <summary>A DateTime that exists in HANA's calendar (not 1582-10-05 … 1582-10-14).</summary>
    public static DateTime RandomHanaDateTime(Random random)
    {
        while (true)
        {
            var value = RandomDateTime(random);
            if (value.Date < new DateTime(1582, 10, 5) || value.Date > new DateTime(1582, 10, 14))
            {
                return value;
            }
        }
    }
}
