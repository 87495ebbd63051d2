using System.Globalization;
using Driver.Core.Types;

namespace Driver.Tests.Types;

public class DateTimeCodecTests
{
    [Fact]
    public void DayNumbersBeforeTheSwitchFollowTheJulianCalendar()
    {
        // Independent reference: System.Globalization.JulianCalendar maps Julian labels to the proleptic Gregorian
        // instant, whose day index + 3 is HANA's day number (0001-01-01 Julian = day 1, §7.3.8).
        var julian = new JulianCalendar();
        var random = new Random(1582);
        for (var i = 0; i < 5000; i++)
        {
            var year = random.Next(1, 1583);
            var month = random.Next(1, 13);
            var day = random.Next(1, DateTime.DaysInMonth(year, month) + 1);
            if (year == 1 && month == 1 && day < 3 || year == 1582 && (month > 10 || month == 10 && day > 4))
            {
                continue;
            }
            var expected = (int)(julian.ToDateTime(year, month, day, 0, 0, 0, 0).Ticks / TimeSpan.TicksPerDay) + 3;
            var label = new DateTime(year, month, day);
            Assert.Equal(expected, DateTimeCodec.ToDayNumber(label));
            Assert.Equal(label, DateTimeCodec.FromDayNumber(expected));
        }
    }

    [Fact]
    public void DayNumbersFromTheSwitchOnFollowTheGregorianCalendar()
    {
        Assert.Equal(577738, DateTimeCodec.ToDayNumber(new DateTime(1582, 10, 15)));
        Assert.Equal(577737, DateTimeCodec.ToDayNumber(new DateTime(1582, 10, 4)));
        Assert.Equal(1, DateTimeCodec.ToDayNumber(DateTime.MinValue));
        Assert.Equal(DateTimeCodec.DayDateMax, DateTimeCodec.ToDayNumber(DateTime.MaxValue));
        var random = new Random(2);
        for (var i = 0; i < 5000; i++)
        {
            var date = new DateTime(random.NextInt64(new DateTime(1582, 10, 15).Ticks, DateTime.MaxValue.Ticks)).Date;
            var day = DateTimeCodec.ToDayNumber(date);
            Assert.Equal(1, day - DateTimeCodec.ToDayNumber(date.AddDays(-1)));
            Assert.Equal(date, DateTimeCodec.FromDayNumber(day));
        }
    }

    [Fact]
    public void SkippedDaysOf1582CannotBeWritten()
    {
        for (var day = 5; day <= 14; day++)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => DateTimeCodec.ToDayNumber(new DateTime(1582, 10, day)));
        }
    }

    [Fact]
    public void JulianLeapDayWithoutGregorianEquivalentReadsAsMarchFirst()
    {
        var julian = new JulianCalendar();
        var leapDay = (int)(julian.ToDateTime(1500, 2, 29, 0, 0, 0, 0).Ticks / TimeSpan.TicksPerDay) + 3;
        Assert.Equal(new DateTime(1500, 3, 1), DateTimeCodec.FromDayNumber(leapDay));
        Assert.Equal(new DateTime(1500, 3, 1), DateTimeCodec.FromDayNumber(leapDay + 1));
    }

    [Fact]
    public void OutOfRangeRawValuesAreProtocolErrors()
    {
        Assert.Throws<Driver.Sync.HanaProtocolException>(() => DateTimeCodec.FromDayNumber(DateTimeCodec.DayDateNull + 1));
        Assert.Throws<Driver.Sync.HanaProtocolException>(() => DateTimeCodec.FromSecondTime(-5));
        Assert.Throws<Driver.Sync.HanaProtocolException>(() => DateTimeCodec.FromSecondDate(DateTimeCodec.SecondDateNull + 7));
        Assert.Throws<Driver.Sync.HanaProtocolException>(() => DateTimeCodec.FromLongDate(-1));
    }
}
