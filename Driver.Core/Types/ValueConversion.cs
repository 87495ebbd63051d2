using System.Globalization;
using System.Numerics;
using Driver.Core.Protocol;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Types;

/// <summary>
/// Converts .NET values to what a HANA type's encoding needs, before any byte is written. Every failure names the
/// HANA type: <see cref="InvalidCastException"/> for a .NET type that cannot become it, <see cref="OverflowException"/>
/// for a value outside its range, <see cref="ArgumentException"/> for a value it cannot hold (e.g. a fraction in an INT).
/// </summary>
internal static class ValueConversion
{
    public static bool IsNull(object? value) => value is null || value is DBNull;

    public static long ToInt64(object value, HanaTypeCode type, long min, long max)
    {
        long result;
        switch (value)
        {
            case long v: result = v; break;
            case int v: result = v; break;
            case short v: result = v; break;
            case sbyte v: result = v; break;
            case byte v: result = v; break;
            case ushort v: result = v; break;
            case uint v: result = v; break;
            case ulong v:
                if (v > long.MaxValue)
                {
                    throw OutOfRange(value, type);
                }
                result = (long)v;
                break;
            case bool v when type == HanaTypeCode.TinyInt:
                // BOOLEAN columns are TINYINT before DFV 7 (§7.2)
                result = v ? 1 : 0;
                break;
            case Enum:
                result = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                break;
            case decimal v:
                if (decimal.Truncate(v) != v)
                {
                    throw HasFraction(value, type);
                }
                if (v < long.MinValue || v > long.MaxValue)
                {
                    throw OutOfRange(value, type);
                }
                result = (long)v;
                break;
            case HanaDecimal v:
                return ToInt64(ToDecimal(v, type), type, min, max);
            case BigInteger v:
                if (v < long.MinValue || v > long.MaxValue)
                {
                    throw OutOfRange(value, type);
                }
                result = (long)v;
                break;
            case double or float:
            {
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(d) || double.IsInfinity(d))
                {
                    throw OutOfRange(value, type);
                }
                if (Math.Truncate(d) != d)
                {
                    throw HasFraction(value, type);
                }
                if (d < -9.2233720368547758E18 || d >= 9.2233720368547758E18)
                {
                    throw OutOfRange(value, type);
                }
                result = (long)d;
                break;
            }
            default:
                throw Incompatible(value, type);
        }
        if (result < min || result > max)
        {
            throw OutOfRange(value, type);
        }
        return result;
    }

    public static double ToDouble(object value, HanaTypeCode type) => value switch
    {
        double v => v,
        float v => v,
        decimal v => (double)v,
        HanaDecimal v => v.ToDouble(),
        BigInteger v => (double)v,
        long or int or short or sbyte or byte or ushort or uint or ulong => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        _ => throw Incompatible(value, type),
    };

    public static float ToSingle(object value, HanaTypeCode type)
    {
        if (value is float f)
        {
            return f;
        }
        var d = ToDouble(value, type);
        if (!double.IsInfinity(d) && !double.IsNaN(d) && Math.Abs(d) > float.MaxValue)
        {
            throw OutOfRange(value, type);
        }
        return (float)d;
    }

    /// <summary>
    /// A decimal-like value: true with <paramref name="small"/> set for a <see cref="decimal"/>-sized value,
    /// false with <paramref name="exact"/> set otherwise.
    /// </summary>
    public static bool ToDecimalOrHanaDecimal(object value, HanaTypeCode type, out decimal small, out HanaDecimal exact)
    {
        small = default;
        exact = default;
        switch (value)
        {
            case decimal v:
                small = v;
                return true;
            case HanaDecimal v:
                exact = v;
                return false;
            case long or int or short or sbyte or byte or ushort or uint or ulong:
                small = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
                return true;
            case BigInteger v:
                exact = new HanaDecimal(v, 0);
                return false;
            case double or float:
            {
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(d) || double.IsInfinity(d))
                {
                    throw new ArgumentException($"{d.ToString(CultureInfo.InvariantCulture)} cannot be stored in a HANA {Name(type)} value.", nameof(value));
                }
                // "R" gives the shortest text that round-trips, so 0.1 stays 0.1 rather than its binary expansion.
                exact = HanaDecimal.Parse(d.ToString("R", CultureInfo.InvariantCulture));
                return false;
            }
            case string s:
                if (!HanaDecimal.TryParse(s, out exact))
                {
                    throw new ArgumentException($"'{s}' is not a decimal number for HANA {Name(type)}.", nameof(value));
                }
                return false;
            default:
                throw Incompatible(value, type);
        }
    }

    private static decimal ToDecimal(HanaDecimal value, HanaTypeCode type)
    {
        if (!value.TryToDecimal(out var result))
        {
            var rounded = value.Round(0);
            if (rounded != value)
            {
                throw HasFraction(value, type);
            }
            throw OutOfRange(value, type);
        }
        return result;
    }

    public static bool ToBoolean(object value, HanaTypeCode type) => value switch
    {
        bool v => v,
        long or int or short or sbyte or byte or ushort or uint or ulong => ToInt64(value, type, 0, 1) == 1,
        _ => throw Incompatible(value, type),
    };

    public static string ToText(object value, HanaTypeCode type) => value switch
    {
        string v => v,
        char[] v => new string(v),
        char v => v.ToString(),
        ReadOnlyMemory<char> v => v.ToString(),
        Memory<char> v => v.ToString(),
        // HANA has no GUID type: character columns take its 36-character text (what GetGuid parses back)
        Guid v => v.ToString("D"),
        _ => throw Incompatible(value, type),
    };

    public static ReadOnlySpan<byte> ToBinary(object value, HanaTypeCode type) => value switch
    {
        byte[] v => v,
        ArraySegment<byte> v => v.AsSpan(),
        ReadOnlyMemory<byte> v => v.Span,
        Memory<byte> v => v.Span,
        // binary columns take the 16 bytes of Guid.ToByteArray (what GetGuid reads back)
        Guid v => v.ToByteArray(),
        _ => throw Incompatible(value, type),
    };

    public static DateTime ToDateTime(object value, HanaTypeCode type) => value switch
    {
        DateTime v => v,
        // HANA's date and time types have no zone: an offset value is stored as its UTC time (docs/types.md)
        DateTimeOffset v => v.UtcDateTime,
#if NET6_0_OR_GREATER
        DateOnly v => v.ToDateTime(TimeOnly.MinValue),
#endif
        _ => throw Incompatible(value, type),
    };

    public static TimeSpan ToTimeOfDay(object value, HanaTypeCode type)
    {
        var time = value switch
        {
            TimeSpan v => v,
            DateTime v => v.TimeOfDay,
            DateTimeOffset v => v.UtcDateTime.TimeOfDay,
#if NET6_0_OR_GREATER
            TimeOnly v => v.ToTimeSpan(),
#endif
            _ => throw Incompatible(value, type),
        };
        if (time.Ticks < 0 || time.Ticks >= TimeSpan.TicksPerDay)
        {
            throw new ArgumentOutOfRangeException(nameof(value), time, $"A HANA {Name(type)} value is a time of day within 00:00:00 … 23:59:59.");
        }
        return time;
    }

    public static ReadOnlySpan<float> ToRealVector(object value, HanaTypeCode type) => value switch
    {
        float[] v => v,
        ReadOnlyMemory<float> v => v.Span,
        Memory<float> v => v.Span,
        ArraySegment<float> v => v.AsSpan(),
        _ => throw Incompatible(value, type),
    };

    /// <summary>Day number of a date, with the HANA type named in the error for the nonexistent 1582 days.</summary>
    public static int ToDayNumber(DateTime value, HanaTypeCode type)
    {
        try
        {
            return DateTimeCodec.ToDayNumber(value);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentOutOfRangeException($"{e.Message} (HANA {Name(type)})", e);
        }
    }

    public static string Name(HanaTypeCode type) => type.ToString().ToUpperInvariant();

    public static InvalidCastException Incompatible(object value, HanaTypeCode type) =>
        new($"A value of type {value.GetType().FullName} cannot be converted to HANA {Name(type)}.");

    public static OverflowException OutOfRange(object value, HanaTypeCode type) =>
        new($"The value {Describe(value)} is outside the range of HANA {Name(type)}.");

    private static ArgumentException HasFraction(object value, HanaTypeCode type) =>
        new($"The value {Describe(value)} has a fraction and cannot be stored in HANA {Name(type)}.", nameof(value));

    private static string Describe(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? value.GetType().Name;
}
