using System.Globalization;
using System.Numerics;

namespace Driver.TestServer.Engine;

/// <summary>
/// An exact decimal value = <see cref="Unscaled"/> × 10^-<see cref="Scale"/>. Used where System.Decimal's 28–29
/// digits are not enough (DECIMAL(38,s)); results use System.Decimal whenever the value fits exactly.
/// </summary>
public readonly struct HanaDecimal : IEquatable<HanaDecimal>
{
    public HanaDecimal(BigInteger unscaled, int scale)
    {
        Unscaled = unscaled;
        Scale = scale;
    }

    public BigInteger Unscaled { get; }

    public int Scale { get; }

    public static HanaDecimal FromDecimal(decimal value)
    {
        var bits = decimal.GetBits(value);
        var scale = (bits[3] >> 16) & 0xFF;
        var magnitude = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        return new HanaDecimal(bits[3] < 0 ? -magnitude : magnitude, scale);
    }

    public static HanaDecimal Parse(string text)
    {
        var s = text.Trim();
        var exponent = 0;
        var e = s.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            exponent = int.Parse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..e];
        }

        var dot = s.IndexOf('.', StringComparison.Ordinal);
        var scale = 0;
        if (dot >= 0)
        {
            scale = s.Length - dot - 1;
            s = s.Remove(dot, 1);
        }

        var unscaled = BigInteger.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        scale -= exponent;
        return scale >= 0 ? new HanaDecimal(unscaled, scale) : new HanaDecimal(unscaled * BigInteger.Pow(10, -scale), 0);
    }

    /// <summary>The same value at another scale, rounding half away from zero when digits are dropped.</summary>
    public HanaDecimal Rescale(int scale)
    {
        if (scale == Scale)
        {
            return this;
        }

        if (scale > Scale)
        {
            return new HanaDecimal(Unscaled * BigInteger.Pow(10, scale - Scale), scale);
        }

        var divisor = BigInteger.Pow(10, Scale - scale);
        var quotient = BigInteger.DivRem(Unscaled, divisor, out var remainder);
        if (BigInteger.Abs(remainder) * 2 >= divisor)
        {
            quotient += Unscaled.Sign;
        }

        return new HanaDecimal(quotient, scale);
    }

    /// <summary>Removes trailing fractional zeros (HANA's floating DECIMAL has no fixed scale).</summary>
    public HanaDecimal Normalize()
    {
        var unscaled = Unscaled;
        var scale = Scale;
        while (scale > 0 && !unscaled.IsZero && (unscaled % 10).IsZero)
        {
            unscaled /= 10;
            scale--;
        }

        return unscaled.IsZero ? new HanaDecimal(0, 0) : new HanaDecimal(unscaled, scale);
    }

    public bool TryToDecimal(out decimal value)
    {
        value = 0;
        if (Scale > 28 || BigInteger.Abs(Unscaled) > new BigInteger(decimal.MaxValue))
        {
            return false;
        }

        var magnitude = BigInteger.Abs(Unscaled);
        var lo = (int)(uint)(magnitude & uint.MaxValue);
        var mid = (int)(uint)((magnitude >> 32) & uint.MaxValue);
        var hi = (int)(uint)((magnitude >> 64) & uint.MaxValue);
        value = new decimal(lo, mid, hi, Unscaled.Sign < 0, (byte)Scale);
        return true;
    }

    public override string ToString()
    {
        var digits = BigInteger.Abs(Unscaled).ToString(CultureInfo.InvariantCulture);
        if (Scale > 0)
        {
            digits = digits.PadLeft(Scale + 1, '0');
            digits = digits[..^Scale] + "." + digits[^Scale..];
        }

        return Unscaled.Sign < 0 ? "-" + digits : digits;
    }

    public bool Equals(HanaDecimal other)
    {
        var scale = Math.Max(Scale, other.Scale);
        return Rescale(scale).Unscaled == other.Rescale(scale).Unscaled;
    }

    public override bool Equals(object? obj) => obj is HanaDecimal other && Equals(other);

    public override int GetHashCode() => Normalize().Unscaled.GetHashCode() ^ Normalize().Scale;

    public static bool operator ==(HanaDecimal left, HanaDecimal right) => left.Equals(right);

    public static bool operator !=(HanaDecimal left, HanaDecimal right) => !left.Equals(right);
}
