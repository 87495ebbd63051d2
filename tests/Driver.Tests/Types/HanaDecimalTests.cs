using System.Globalization;
using System.Numerics;
using Driver.Sync;

namespace Driver.Tests.Types;

public class HanaDecimalTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0.00", "-0.00")]
    [InlineData("1.50", "1.50")]
    [InlineData("99E1", "990")]
    [InlineData("1E-3", "0.001")]
    [InlineData("+12.5e2", "1250")]
    [InlineData("-312313212312321.1245678910111213142", "-312313212312321.1245678910111213142")]
    public void ParseKeepsScaleAndPrintsPlainText(string text, string expected)
    {
        Assert.Equal(expected, HanaDecimal.Parse(text).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1.2.3")]
    [InlineData("1e")]
    [InlineData("1e5x")]
    [InlineData(" 1")]
    [InlineData("1E999999")]
    public void InvalidTextIsRejected(string text)
    {
        Assert.False(HanaDecimal.TryParse(text, out _));
    }

    [Fact]
    public void DecimalConversionsAreLosslessAndMatchSystemDecimal()
    {
        var random = new Random(7);
        for (var i = 0; i < 5000; i++)
        {
            var value = new decimal(random.Next(int.MinValue, int.MaxValue), random.Next(int.MinValue, int.MaxValue),
                random.Next(int.MinValue, int.MaxValue), random.Next(2) == 0, (byte)random.Next(29));
            HanaDecimal exact = value;
            Assert.Equal(value.ToString(CultureInfo.InvariantCulture), exact.ToString());
            Assert.Equal(value, exact.ToDecimal());
            Assert.Equal(value.Scale, (byte)exact.Scale);
            Assert.Equal(exact, HanaDecimal.Parse(exact.ToString()));
            var other = new decimal(random.NextDouble() * 1e6 - 5e5);
            Assert.Equal(value.CompareTo(other), exact.CompareTo(other));
            Assert.Equal(value == other, exact == other);
        }
    }

    [Fact]
    public void EqualityIsNumericAndHashesAgree()
    {
        Assert.Equal(HanaDecimal.Parse("1.5"), HanaDecimal.Parse("1.50000"));
        Assert.Equal(HanaDecimal.Parse("1.5").GetHashCode(), HanaDecimal.Parse("1.50000").GetHashCode());
        Assert.Equal(HanaDecimal.Parse("990"), HanaDecimal.Parse("99E1"));
        Assert.Equal(HanaDecimal.Parse("-0"), HanaDecimal.Parse("0.000"));
        Assert.True(HanaDecimal.Parse("-0").IsNegative);
        Assert.True(HanaDecimal.Parse("1E-6000") > HanaDecimal.Parse("0"));
        Assert.True(HanaDecimal.Parse("-1E6000") < HanaDecimal.Parse("-1E5999"));
    }

    [Fact]
    public void ToDecimalThrowsWhenTheValueDoesNotFit()
    {
        Assert.Throws<OverflowException>(() => HanaDecimal.Parse("79228162514264337593543950336").ToDecimal());
        Assert.Throws<OverflowException>(() => HanaDecimal.Parse("1E-29").ToDecimal());
        Assert.Throws<OverflowException>(() => (decimal)HanaDecimal.Parse("0.12345678901234567890123456789012"));
        Assert.Equal(1m, HanaDecimal.Parse("1.000000000000000000000000000000000").ToDecimal());
        Assert.Equal(79228162514264337593543950335m, HanaDecimal.Parse("7922816251426433759354395033.5E1").ToDecimal());
    }

    [Fact]
    public void RoundUsesHalfAwayFromZero()
    {
        Assert.Equal("1.24", HanaDecimal.Parse("1.235").Round(2).ToString());
        Assert.Equal("-1.24", HanaDecimal.Parse("-1.235").Round(2).ToString());
        Assert.Equal("1.23", HanaDecimal.Parse("1.2349").Round(2).ToString());
        Assert.Equal("1.500", HanaDecimal.Parse("1.5").Round(3).ToString());
        Assert.Equal(new BigInteger(150), HanaDecimal.Parse("1.5").Round(2).UnscaledValue);
    }
}
