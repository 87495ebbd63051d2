using System.Buffers.Binary;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Types;

/// <summary>
/// HANA date/time encodings: the old 4/4/8-byte DATE/TIME/TIMESTAMP layouts (docs/protocol.md §7.3.7) and the day-number
/// based DAYDATE/SECONDTIME/SECONDDATE/LONGDATE (§7.3.8).
/// HANA counts days in the Julian calendar before 1582-10-15 and in the Gregorian calendar from then on; .NET's
/// <see cref="DateTime"/> is proleptic Gregorian. A date before the switch is therefore returned as a DateTime whose
/// year/month/day are the Julian ones (the labels HANA shows), and a DateTime before the switch is taken as Julian
/// labels. Julian leap days that the proleptic Gregorian calendar lacks (e.g. 1500-02-29) read as March 1, like [G]
/// and [N] (which normalise the same way); the dates 1582-10-05 … 1582-10-14 do not exist and cannot be written.
/// </summary>
internal static class DateTimeCodec
{
    public const int DayDateNull = 3652062;
    public const int DayDateMax = 3652061;
    public const int SecondTimeNull = 86402;
    public const long SecondDateNull = 315538070401;
    public const long SecondDateMax = 315538070400;
    public const long LongDateNull = 3155380704000000001;
    public const long LongDateMax = 3155380704000000000;

    /// <summary>Day number of 1582-10-15, the first Gregorian day (§7.3.8).</summary>
    public const int FirstGregorianDay = 577738;
    private const int JulianDayOffset = 1721423;
    // DateTime day index (days since proleptic Gregorian 0001-01-01) + 3 = HANA day number, from 1582-10-15 on.
    private const int GregorianDayShift = 3;

    private static readonly DateTime GregorianSwitch = new(1582, 10, 15);
    private static readonly DateTime LastJulianDay = new(1582, 10, 4);

    /// <summary>Date for a day number 1 … 3652061 (0001-01-01 … 9999-12-31).</summary>
    public static DateTime FromDayNumber(int day)
    {
        if (day is < 1 or > DayDateMax)
        {
            throw new HanaProtocolException($"Day number {day} is outside 1 … {DayDateMax}.");
        }
        if (day >= FirstGregorianDay)
        {
            return new DateTime((long)(day - GregorianDayShift) * TimeSpan.TicksPerDay);
        }
        // Julian calendar: invert the Julian Day Number formula (Fliegel/Van Flandern style, Julian variant).
        var c = day + JulianDayOffset + 32082;
        var d = (4 * c + 3) / 1461;
        var e = c - 1461 * d / 4;
        var m = (5 * e + 2) / 153;
        var dayOfMonth = e - (153 * m + 2) / 5 + 1;
        var month = m + 3 - 12 * (m / 10);
        var year = d - 4800 + m / 10;
        return MakeDate(year, month, dayOfMonth);
    }

    /// <summary>A Y/M/D that may be a Julian leap day missing from the proleptic Gregorian calendar (→ March 1).</summary>
    private static DateTime MakeDate(int year, int month, int day)
    {
        if (month == 2 && day == 29 && !DateTime.IsLeapYear(year))
        {
            return new DateTime(year, 3, 1);
        }
        return new DateTime(year, month, day);
    }

    /// <summary>Day number of the date part of <paramref name="value"/> (Julian labels before 1582-10-15).</summary>
    public static int ToDayNumber(DateTime value)
    {
        var date = value.Date;
        if (date >= GregorianSwitch)
        {
            return (int)(date.Ticks / TimeSpan.TicksPerDay) + GregorianDayShift;
        }
        if (date > LastJulianDay)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value,
                "The dates 1582-10-05 … 1582-10-14 do not exist in HANA's calendar (Julian until 1582-10-04, Gregorian from 1582-10-15).");
        }
        var a = (14 - date.Month) / 12;
        var y = date.Year + 4800 - a;
        var m = date.Month + 12 * a - 3;
        var julianDayNumber = date.Day + (153 * m + 2) / 5 + 365 * y + y / 4 - 32083;
        return julianDayNumber - JulianDayOffset;
    }

    /// <summary>SECONDTIME value 1 … 86401 (= h×3600 + m×60 + s + 1, §7.3.8) as a time of day.</summary>
    public static TimeSpan FromSecondTime(int raw)
    {
        if (raw is < 1 or > 86401)
        {
            throw new HanaProtocolException($"SECONDTIME value {raw} is outside 1 … 86401.");
        }
        return new TimeSpan((raw - 1) * TimeSpan.TicksPerSecond);
    }

    /// <summary>SECONDTIME encoding of a time of day (fractions of a second are truncated).</summary>
    public static int ToSecondTime(TimeSpan value)
    {
        CheckTimeOfDay(value);
        return (int)(value.Ticks / TimeSpan.TicksPerSecond) + 1;
    }

    public static DateTime FromSecondDate(long raw)
    {
        if (raw is < 1 or > SecondDateMax)
        {
            throw new HanaProtocolException($"SECONDDATE value {raw} is outside 1 … {SecondDateMax}.");
        }
        var seconds = raw - 1;
        var day = (int)(seconds / 86400) + 1;
        return FromDayNumber(day).AddTicks(seconds % 86400 * TimeSpan.TicksPerSecond);
    }

    /// <summary>SECONDDATE encoding (fractions of a second are truncated).</summary>
    public static long ToSecondDate(DateTime value) =>
        (long)(ToDayNumber(value) - 1) * 86400 + value.TimeOfDay.Ticks / TimeSpan.TicksPerSecond + 1;

    public static DateTime FromLongDate(long raw)
    {
        if (raw is < 1 or > LongDateMax)
        {
            throw new HanaProtocolException($"LONGDATE value {raw} is outside 1 … {LongDateMax}.");
        }
        var ticks = raw - 1;
        var day = (int)(ticks / TimeSpan.TicksPerDay) + 1;
        return FromDayNumber(day).AddTicks(ticks % TimeSpan.TicksPerDay);
    }

    // The first LONGDATE of the Gregorian calendar (1582-10-15 00:00); from there on the LONGDATE is the DateTime's
    // ticks + 1 + 2 days (FromLongDate's day number minus GregorianDayShift, with the time of day added back)
    private const long FirstGregorianLongDate = (FirstGregorianDay - 1) * TimeSpan.TicksPerDay + 1;
    private const long GregorianLongDateShift = 1 + (GregorianDayShift - 1) * TimeSpan.TicksPerDay;

    /// <summary>
    /// <see cref="FromLongDate"/> for the values from 1582-10-15 to LongDateMax, as one subtraction; false for every
    /// other value (NULL, 0, Julian dates, out of range), which the caller decodes or refuses the long way.
    /// </summary>
    public static bool TryFromGregorianLongDate(long raw, out DateTime value)
    {
        if ((ulong)(raw - FirstGregorianLongDate) <= (ulong)(LongDateMax - FirstGregorianLongDate))
        {
            value = new DateTime(raw - GregorianLongDateShift);
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>LONGDATE encoding (100 ns resolution, exact for every DateTime).</summary>
    public static long ToLongDate(DateTime value) =>
        (long)(ToDayNumber(value) - 1) * TimeSpan.TicksPerDay + value.TimeOfDay.Ticks + 1;

    // ---- old formats (§7.3.7) ----

    /// <summary>True if the old DATE's presence bit (bit 15 of the year word) is set.</summary>
    public static bool HasDate(ReadOnlySpan<byte> value) => (value[1] & 0x80) != 0;

    /// <summary>True if the old TIME's presence bit (bit 7 of the hour) is set.</summary>
    public static bool HasTime(ReadOnlySpan<byte> value) => (value[0] & 0x80) != 0;

    /// <summary>Old 4-byte DATE: U2 year | 0x8000, 0-based month, day. The caller checked <see cref="HasDate"/>.</summary>
    public static DateTime DecodeDate(ReadOnlySpan<byte> value)
    {
        var year = BinaryPrimitives.ReadUInt16LittleEndian(value) & 0x3FFF;
        var month = value[2] + 1;
        int day = value[3];
        if (year is < 1 or > 9999 || month > 12 || day < 1 || day > 31)
        {
            throw new HanaProtocolException($"Invalid DATE value: year {year}, month {month}, day {day}.");
        }
        if (day > DateTime.DaysInMonth(year, month) && !(month == 2 && day == 29 && year % 4 == 0))
        {
            throw new HanaProtocolException($"Invalid DATE value: {year:D4}-{month:D2}-{day:D2}.");
        }
        return MakeDate(year, month, day);
    }

    public static void EncodeDate(DateTime value, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)(value.Year | 0x8000));
        destination[2] = (byte)(value.Month - 1);
        destination[3] = (byte)value.Day;
    }

    /// <summary>Old 4-byte TIME: hour | 0x80, minute, U2 milliseconds of the minute. The caller checked <see cref="HasTime"/>.</summary>
    public static TimeSpan DecodeTime(ReadOnlySpan<byte> value)
    {
        var hour = value[0] & 0x7F;
        int minute = value[1];
        int milliseconds = BinaryPrimitives.ReadUInt16LittleEndian(value.Slice(2));
        if (hour > 23 || minute > 59 || milliseconds > 59999)
        {
            throw new HanaProtocolException($"Invalid TIME value: hour {hour}, minute {minute}, milliseconds {milliseconds}.");
        }
        return new TimeSpan(0, hour, minute, 0, 0) + TimeSpan.FromMilliseconds(milliseconds);
    }

    /// <summary>Old TIME encoding (millisecond resolution; finer fractions are truncated).</summary>
    public static void EncodeTime(TimeSpan value, Span<byte> destination)
    {
        CheckTimeOfDay(value);
        destination[0] = (byte)(value.Hours | 0x80);
        destination[1] = (byte)value.Minutes;
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(2), (ushort)(value.Seconds * 1000 + value.Milliseconds));
    }

    /// <summary>Old 8-byte TIMESTAMP = DATE + TIME; the caller checked both presence bits.</summary>
    public static DateTime DecodeTimestamp(ReadOnlySpan<byte> value) => DecodeDate(value) + DecodeTime(value.Slice(4));

    public static void EncodeTimestamp(DateTime value, Span<byte> destination)
    {
        EncodeDate(value, destination);
        EncodeTime(value.TimeOfDay, destination.Slice(4));
    }

    private static void CheckTimeOfDay(TimeSpan value)
    {
        if (value.Ticks < 0 || value.Ticks >= TimeSpan.TicksPerDay)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A HANA time of day must be within 00:00:00 … 23:59:59.");
        }
    }
}
