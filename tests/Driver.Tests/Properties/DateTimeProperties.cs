using CsCheck;
using Driver.Core.Types;

namespace Driver.Tests.Properties;

/// <summary>The date and time codecs of DFV 1 (DATE, TIME, TIMESTAMP) and DFV ≥ 4 (DAYDATE, SECONDTIME, SECONDDATE, LONGDATE), §7.3.7-8.</summary>
public class DateTimeProperties
{
    [Fact]
    public void DayNumbersRoundTrip()
    {
        PropertyGens.HanaDateTime.Sample(value =>
        {
            var day = DateTimeCodec.ToDayNumber(value);
            Assert.InRange(day, 1, DateTimeCodec.DayDateMax);
            Assert.Equal(value.Date, DateTimeCodec.FromDayNumber(day));
            // consecutive days have consecutive numbers (the calendar gap of 1582 has none)
            if (value.Date < DateTime.MaxValue.Date)
            {
                var next = value.Date.AddDays(1);
                if (next != new DateTime(1582, 10, 5))
                {
                    Assert.Equal(day + 1, DateTimeCodec.ToDayNumber(next));
                }
            }
        }, iter: PropertyGens.Iterations * 5, threads: 1);
    }

    [Fact]
    public void SecondAndLongDatesRoundTrip()
    {
        PropertyGens.HanaDateTime.Sample(value =>
        {
            var seconds = DateTimeCodec.ToSecondDate(value);
            Assert.InRange(seconds, 1, DateTimeCodec.SecondDateMax);
            Assert.Equal(new DateTime(value.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond), DateTimeCodec.FromSecondDate(seconds));
            var ticks = DateTimeCodec.ToLongDate(value);
            Assert.InRange(ticks, 1, DateTimeCodec.LongDateMax);
            Assert.Equal(value, DateTimeCodec.FromLongDate(ticks));
        }, iter: PropertyGens.Iterations * 5, threads: 1);
    }

    [Fact]
    public void TimesRoundTrip()
    {
        PropertyGens.TimeOfDay.Sample(value =>
        {
            var seconds = DateTimeCodec.ToSecondTime(value);
            Assert.InRange(seconds, 1, DateTimeCodec.SecondTimeNull - 1);
            Assert.Equal(TimeSpan.FromSeconds(Math.Floor(value.TotalSeconds)), DateTimeCodec.FromSecondTime(seconds));
            Span<byte> bytes = stackalloc byte[4];
            DateTimeCodec.EncodeTime(value, bytes);
            Assert.True(DateTimeCodec.HasTime(bytes));
            Assert.Equal(new TimeSpan(value.Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond), DateTimeCodec.DecodeTime(bytes));
        }, iter: PropertyGens.Iterations * 5, threads: 1);
    }

    [Fact]
    public void DatesAndTimestampsOfVersion1RoundTrip()
    {
        PropertyGens.AnyDateTime.Sample(value =>
        {
            Span<byte> bytes = stackalloc byte[8];
            DateTimeCodec.EncodeDate(value, bytes);
            Assert.True(DateTimeCodec.HasDate(bytes));
            Assert.Equal(value.Date, DateTimeCodec.DecodeDate(bytes));
            DateTimeCodec.EncodeTimestamp(value, bytes);
            Assert.True(DateTimeCodec.HasDate(bytes) && DateTimeCodec.HasTime(bytes.Slice(4)));
            Assert.Equal(new DateTime(value.Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond), DateTimeCodec.DecodeTimestamp(bytes));
        }, iter: PropertyGens.Iterations * 5, threads: 1);
    }
}
