using System.Numerics;
using CsCheck;
using Driver.Core.Types;
using Driver.Sync;

namespace Driver.Tests.Properties;

/// <summary>DECIMAL (decimal128, §7.3.4), FIXEDn (§7.3.4) and <see cref="HanaDecimal"/>'s own text form.</summary>
public class DecimalProperties
{
    [Fact]
    public void Decimal128KeepsEveryExactValue()
    {
        // bit-exact: sign, coefficient and exponent as written (EncodeExact reproduces recorded bytes)
        PropertyGens.Decimal128Value.Sample(value =>
        {
            Span<byte> bytes = stackalloc byte[Decimal128.Size];
            Decimal128.EncodeExact(value.IsNegative, value.Coefficient, value.Exponent, bytes);
            Assert.False(Decimal128.IsNull(bytes));
            var back = Decimal128.Decode(bytes);
            Assert.Equal((value.IsNegative, value.Coefficient, value.Exponent), (back.IsNegative, back.Coefficient, back.Exponent));
            // the normalizing writer keeps the numeric value
            Decimal128.Encode(value, bytes);
            Assert.Equal(value, Decimal128.Decode(bytes));
            Assert.Equal(value.IsNegative, Decimal128.Decode(bytes).IsNegative);
        }, iter: PropertyGens.Iterations * 5, threads: 1);
    }

    [Fact]
    public void SystemDecimalRoundTripsThroughDecimal128()
    {
        Gen.Decimal.Sample(value =>
        {
            Span<byte> bytes = stackalloc byte[Decimal128.Size];
            Decimal128.Encode(value, bytes);
            Assert.True(Decimal128.TryDecode(bytes, out var back));
            Assert.Equal(value, back);
            Assert.Equal((HanaDecimal)value, Decimal128.Decode(bytes));
        }, iter: PropertyGens.Iterations * 5, threads: 1);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(16)]
    public void FixedDecimalKeepsUnscaledValueAndScale(int size)
    {
        var maxScale = size switch { 8 => 18, 12 => 28, _ => 38 };
        Gen.Select(Gen.Byte.Array[size], Gen.Int[0, maxScale]).Sample((raw, scale) =>
        {
            var unscaled = new BigInteger(raw);
            var value = new HanaDecimal(unscaled, scale);
            var bytes = new byte[size];
            FixedDecimal.Encode(value, scale, bytes);
            Assert.Equal(raw, bytes);
            var back = FixedDecimal.Decode(bytes, scale);
            Assert.Equal((unscaled, scale), (back.UnscaledValue, back.Scale));
            if (FixedDecimal.TryDecode(bytes, scale, out var small))
            {
                Assert.Equal(value, (HanaDecimal)small);
            }
            else
            {
                Assert.False(value.TryToDecimal(out _));
            }
        }, iter: PropertyGens.Iterations * 2, threads: 1);
    }

    [Fact]
    public void HanaDecimalTextRoundTrips()
    {
        Gen.Select(Gen.Bool, PropertyGens.Digits34, Gen.Int[-200, 200]).Sample((negative, coefficient, exponent) =>
        {
            var value = HanaDecimal.FromParts(negative, coefficient, exponent);
            var text = value.ToString();
            var back = HanaDecimal.Parse(text);
            Assert.Equal(value, back);
            Assert.Equal(text, back.ToString());
        }, iter: PropertyGens.Iterations * 2, threads: 1);
    }

    /// <summary>Presenting a DECIMAL at its column's scale never changes its value, only its exponent (§7.3.4).</summary>
    [Fact]
    public void WithScaleIfExactKeepsTheValue()
    {
        Gen.Select(PropertyGens.Decimal128Value, Gen.Int[0, 38]).Sample((value, scale) =>
        {
            var scaled = value.WithScaleIfExact(scale);
            Assert.Equal(value, scaled);
            Assert.True(scaled.Exponent == -scale || scaled.Exponent == value.Exponent);
        }, iter: PropertyGens.Iterations * 2, threads: 1);
    }
}
