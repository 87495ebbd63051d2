using System.Globalization;
using System.Numerics;
using System.Text;

namespace Driver.TestServer.Engine;

/// <summary>Lenient conversions of client parameter values (.NET objects) into what a DuckDB parameter needs.</summary>
internal static class ValueConverter
{
    public static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    public static long ToInt64(object value) => value switch
    {
        long l => l,
        int i => i,
        short s => s,
        byte b => b,
        sbyte sb => sb,
        ushort us => us,
        uint ui => ui,
        ulong ul => ul <= long.MaxValue ? (long)ul : throw Overflow(value),
        bool bo => bo ? 1 : 0,
        decimal d => d == decimal.Truncate(d) && d >= long.MinValue && d <= long.MaxValue ? (long)d : throw Overflow(value),
        double db => db == Math.Truncate(db) && db >= long.MinValue && db < 9.2233720368547758E18 ? (long)db : throw Overflow(value),
        float f => ToInt64((double)f),
        HanaDecimal h => h.Normalize().Scale <= 0 && h.Round(0).UnscaledValue is var whole && whole >= long.MinValue && whole <= long.MaxValue ? (long)whole : throw Overflow(value),
        BigInteger bi => bi >= long.MinValue && bi <= long.MaxValue ? (long)bi : throw Overflow(value),
        string s => long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)
            ? l
            : decimal.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? ToInt64(d) : throw InvalidNumber(s),
        _ => throw InvalidNumber(value),
    };

    public static double ToDouble(object value) => value switch
    {
        double d => d,
        float f => f,
        decimal m => (double)m,
        HanaDecimal h => double.Parse(h.ToString(), CultureInfo.InvariantCulture),
        string s => double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw InvalidNumber(s),
        bool b => b ? 1 : 0,
        _ => ToInt64(value),
    };

    /// <summary>
    /// The value as the driver's exact decimal, with a scale of at least 0 (the engine binds and encodes
    /// unscaled integers at a scale; "1E+20" becomes 100000000000000000000 at scale 0).
    /// </summary>
    public static HanaDecimal ToHanaDecimal(object value) => WholeScale(value switch
    {
        HanaDecimal h => h,
        decimal m => HanaDecimal.FromDecimal(m),
        double d when double.IsFinite(d) => HanaDecimal.Parse(d.ToString("R", CultureInfo.InvariantCulture)),
        float f when float.IsFinite(f) => HanaDecimal.Parse(f.ToString("R", CultureInfo.InvariantCulture)),
        string s => TryParseDecimal(s, out var h) ? h : throw InvalidNumber(s),
        BigInteger bi => new HanaDecimal(bi, 0),
        double or float => throw InvalidNumber(value),
        _ => new HanaDecimal(ToInt64(value), 0),
    });

    private static HanaDecimal WholeScale(HanaDecimal value) => value.Scale < 0 ? value.Round(0) : value;

    public static bool ToBoolean(object value) => value switch
    {
        bool b => b,
        string s => s.Trim().ToUpperInvariant() switch
        {
            "TRUE" or "1" or "T" or "Y" or "YES" => true,
            "FALSE" or "0" or "F" or "N" or "NO" => false,
            _ => throw new EngineException(339, "22018", 0, $"invalid number: cannot convert '{s}' to BOOLEAN"),
        },
        _ => ToInt64(value) != 0,
    };

    public static DateTime ToDateTime(object value) => value switch
    {
        DateTime dt => dt,
        DateTimeOffset dto => dto.UtcDateTime,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        string s => DateTime.TryParse(s.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.RoundtripKind, out var dt)
            ? dt
            : throw new EngineException(303, "22007", 0, $"invalid DATE, TIME or TIMESTAMP value: '{s}'"),
        _ => throw new EngineException(303, "22007", 0, $"invalid DATE, TIME or TIMESTAMP value: {value.GetType().Name}"),
    };

    public static TimeSpan ToTime(object value) => value switch
    {
        TimeSpan t => t,
        TimeOnly t => t.ToTimeSpan(),
        DateTime dt => dt.TimeOfDay,
        string s => TimeSpan.TryParse(s.Trim(), CultureInfo.InvariantCulture, out var t)
            ? t
            : throw new EngineException(303, "22007", 0, $"invalid DATE, TIME or TIMESTAMP value: '{s}'"),
        _ => throw new EngineException(303, "22007", 0, $"invalid DATE, TIME or TIMESTAMP value: {value.GetType().Name}"),
    };

    public static byte[] ToBytes(object value) => value switch
    {
        byte[] b => b,
        ReadOnlyMemory<byte> m => m.ToArray(),
        ArraySegment<byte> a => a.ToArray(),
        Memory<byte> m => m.ToArray(),
        string s => Encoding.UTF8.GetBytes(s),
        _ => throw new EngineException(266, "HY000", 0, $"inconsistent datatype: {value.GetType().Name} is not binary"),
    };

    public static string ToText(object value) => value switch
    {
        string s => s,
        char[] c => new string(c),
        byte[] b => Encoding.UTF8.GetString(b),
        bool b => b ? "TRUE" : "FALSE",
        DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static long ToEpochTicks(DateTime value) => value.Ticks - Epoch.Ticks;

    /// <summary>
    /// Nanoseconds since 1970 for a TIMESTAMP_NS column (where a HANA TIMESTAMP keeps its 7 digits), which holds
    /// 1677-09-21 to 2262-04-11 only: a value outside is refused with HANA's 303 rather than wrapped into another date.
    /// </summary>
    public static long ToEpochNanoseconds(DateTime value)
    {
        var ticks = ToEpochTicks(value);
        if (ticks > long.MaxValue / 100 || ticks < long.MinValue / 100)
        {
            throw new EngineException(303, "22007", 0,
                $"invalid DATE, TIME or TIMESTAMP value: {value:yyyy-MM-dd HH:mm:ss.fffffff} is outside what this column type holds here (1677-09-21 to 2262-04-11, DuckDB's TIMESTAMP_NS)");
        }
        return ticks * 100;
    }

    private static bool TryParseDecimal(string s, out HanaDecimal value)
    {
        try
        {
            value = HanaDecimal.Parse(s.Trim());
            return true;
        }
        catch (FormatException)
        {
            value = default;
            return false;
        }
    }

    private static EngineException Overflow(object value) => new(314, "22003", 0, $"numeric overflow: {value}");

    private static EngineException InvalidNumber(object value) => new(339, "22018", 0, $"invalid number: '{value}'");
}
