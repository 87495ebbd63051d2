using System.Numerics;
using CsCheck;
using Driver.Core.Protocol;
using Driver.Core.Types;
using Driver.Sync;

namespace Driver.Tests.Properties;

/// <summary>
/// CsCheck generators for the codecs' inputs. Iteration counts are kept small (<see cref="Iterations"/>) so each
/// property runs in well under a second; CsCheck shrinks a failure to a minimal case and prints its seed.
/// </summary>
internal static class PropertyGens
{
    /// <summary>Iterations per property: enough to cover every branch many times, cheap enough for CI.</summary>
    public const long Iterations = 400;

    /// <summary>The data format versions the driver negotiates (2 is broken and 3 deprecated, §7.2).</summary>
    public static readonly int[] DataFormatVersions = [1, 4, 5, 6, 7, 8];

    /// <summary>Valid text from every plane: no unpaired surrogate (those are covered by the CESU-8 properties).</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
            (6, Gen.Char[' ', '~'].Select(c => c.ToString())),
            (2, Gen.Char['\u0080', '\u07FF'].Select(c => c.ToString())),
            (2, Gen.Char['\u0800', '\uD7FF'].Select(c => c.ToString())),
            (1, Gen.Char['\uE000', '\uFFFF'].Select(c => c.ToString())),
            (1, Gen.Int[0x10000, 0x10FFFF].Select(char.ConvertFromUtf32)),
            (1, Gen.Const("\0")))
        .Array[0, 80].Select(parts => string.Concat(parts));

    /// <summary>Any UTF-16 string, lone surrogates included.</summary>
    public static readonly Gen<string> AnyUtf16 = Gen.Frequency(
            (4, Gen.Char),
            (2, Gen.Char['\uD800', '\uDFFF']))
        .Array[0, 60].Select(chars => new string(chars));

    public static readonly Gen<BigInteger> Digits34 = Gen.Char['0', '9'].Array[1, 34].Select(chars => BigInteger.Parse(new string(chars)));

    /// <summary>Every decimal128 value the driver can write exactly: up to 34 digits, the full exponent range.</summary>
    public static readonly Gen<HanaDecimal> Decimal128Value = Gen.Select(Gen.Bool, Digits34, Gen.Int[Decimal128.MinExponent, Decimal128.MaxExponent])
        .Select((negative, coefficient, exponent) => HanaDecimal.FromParts(negative, coefficient, exponent));

    /// <summary>DateTime values HANA's calendar has (not 1582-10-05 … 1582-10-14, §7.3.8).</summary>
    public static readonly Gen<DateTime> HanaDateTime = Gen.Long[0, DateTime.MaxValue.Ticks].Select(ticks => new DateTime(ticks))
        .Where(value => value.Date < new DateTime(1582, 10, 5) || value.Date > new DateTime(1582, 10, 14));

    public static readonly Gen<DateTime> AnyDateTime = Gen.Long[0, DateTime.MaxValue.Ticks].Select(ticks => new DateTime(ticks));

    public static readonly Gen<TimeSpan> TimeOfDay = Gen.Long[0, TimeSpan.TicksPerDay - 1].Select(ticks => new TimeSpan(ticks));

    /// <summary>The scale a value of <paramref name="type"/> is written with (FIXEDn: any that fits its digits).</summary>
    public static Gen<int> ScaleFor(HanaTypeCode type) => type switch
    {
        HanaTypeCode.Fixed8 => Gen.Int[0, 18],
        HanaTypeCode.Fixed12 => Gen.Int[0, 28],
        HanaTypeCode.Fixed16 => Gen.Int[0, 38],
        HanaTypeCode.Decimal => Gen.Const(ResultValueReader.FloatingScale),
        _ => Gen.Const(0),
    };

    /// <summary>A value of <paramref name="type"/> as an application passes it (NULL included).</summary>
    public static Gen<object?> ValueFor(HanaTypeCode type, int scale)
    {
        var value = NonNullValueFor(type, scale);
        return Gen.Frequency((1, Gen.Bool.Select(_ => (object?)null)), (15, value));
    }

    private static Gen<object?> NonNullValueFor(HanaTypeCode type, int scale)
    {
        switch (type)
        {
            case HanaTypeCode.TinyInt: return Gen.Byte.Select(v => (object?)v);
            case HanaTypeCode.SmallInt: return Gen.Short.Select(v => (object?)v);
            case HanaTypeCode.Int: return Gen.Int.Select(v => (object?)v);
            case HanaTypeCode.BigInt: return Gen.Long.Select(v => (object?)v);
            case HanaTypeCode.Real: return Gen.Int.Select(bits => (object?)BitConverter.Int32BitsToSingle(bits));
            case HanaTypeCode.Double: return Gen.Long.Select(bits => (object?)BitConverter.Int64BitsToDouble(bits));
            case HanaTypeCode.Decimal:
                return Gen.OneOf(Gen.Decimal.Select(v => (object?)v), Decimal128Value.Select(v => (object?)v));
            case HanaTypeCode.Fixed8:
            case HanaTypeCode.Fixed12:
            case HanaTypeCode.Fixed16:
            {
                var size = FixedDecimal.GetSize(type);
                // any two's-complement value of the field, small and large magnitudes alike
                return Gen.Select(Gen.Byte.Array[size], Gen.Int[1, size]).Select((bytes, keep) =>
                {
                    var fill = (bytes[keep - 1] & 0x80) != 0 ? (byte)0xFF : (byte)0;
                    bytes.AsSpan(keep).Fill(fill);
                    return (object?)new HanaDecimal(new BigInteger(bytes), scale);
                });
            }
            case HanaTypeCode.Boolean: return Gen.Bool.Select(v => (object?)v);
            case HanaTypeCode.Date: return AnyDateTime.Select(v => (object?)v.Date);
            case HanaTypeCode.DayDate: return HanaDateTime.Select(v => (object?)v.Date);
            case HanaTypeCode.Timestamp: return AnyDateTime.Select(v => (object?)v);
            case HanaTypeCode.SecondDate:
            case HanaTypeCode.LongDate: return HanaDateTime.Select(v => (object?)v);
            case HanaTypeCode.Time:
            case HanaTypeCode.SecondTime: return TimeOfDay.Select(v => (object?)v);
            case HanaTypeCode.AlphaNum:
                return Gen.OneOf(
                    Gen.Char['0', '9'].Array[1, 39].Select(chars => (object?)BigInteger.Parse(new string(chars)).ToString()),
                    Gen.Char[' ', '~'].Array[0, 127].Select(chars => (object?)new string(chars)));
            case HanaTypeCode.RealVector: return Gen.Float.Array[0, 40].Select(v => (object?)v);
        }
        if (HanaTypeInfo.IsCharacterString(type) || HanaTypeInfo.IsCharacterLob(type))
        {
            return Text.Select(v => (object?)v);
        }
        return Gen.Byte.Array[0, 400].Select(v => (object?)v);
    }
}
