using System.Numerics;

namespace Driver.TestServer.Engine;

/// <summary>Exact conversion of client values to DuckDB DECIMAL(width, scale) unscaled integers, without BigInteger on the common path.</summary>
internal static class DecimalConverter
{
    private static readonly Int128[] Powers = BuildPowers();

    public static Int128 Pow10(int exponent) => Powers[exponent];

    /// <summary>value × 10^scale, rounded half away from zero; throws 314 when it needs more than <paramref name="width"/> digits.</summary>
    public static Int128 ToUnscaled(object value, byte width, byte scale)
    {
        Int128 unscaled;
        if (value is decimal d)
        {
            var bits = decimal.GetBits(d);
            var mantissa = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
            var sourceScale = (bits[3] >> 16) & 0xFF;
            unscaled = Rescale(mantissa, sourceScale, scale);
            if (bits[3] < 0)
            {
                unscaled = -unscaled;
            }
        }
        else if (value is int or long or short or byte or sbyte or ushort or uint)
        {
            var l = ValueConverter.ToInt64(value);
            unscaled = Rescale(l < 0 ? -(Int128)l : l, 0, scale);
            if (l < 0)
            {
                unscaled = -unscaled;
            }
        }
        else
        {
            var h = ValueConverter.ToHanaDecimal(value).Round(scale);
            if (BigInteger.Abs(h.UnscaledValue) >= (BigInteger)Powers[width])
            {
                throw Overflow(value, width, scale);
            }

            return (Int128)h.UnscaledValue;
        }

        if (Int128.Abs(unscaled) >= Powers[width])
        {
            throw Overflow(value, width, scale);
        }

        return unscaled;
    }

    private static Int128 Rescale(Int128 magnitude, int from, int to)
    {
        if (to >= from)
        {
            var factor = Powers[to - from];
            if (magnitude != 0 && magnitude > Int128.MaxValue / factor)
            {
                throw new EngineException(314, "22003", 0, "numeric overflow: decimal value too large");
            }

            return magnitude * factor;
        }

        var divisor = Powers[from - to];
        var quotient = Int128.DivRem(magnitude, divisor);
        return quotient.Remainder * 2 >= divisor ? quotient.Quotient + 1 : quotient.Quotient;
    }

    private static EngineException Overflow(object value, byte width, byte scale)
        => new(314, "22003", 0, $"numeric overflow: {value} does not fit DECIMAL({width},{scale})");

    private static Int128[] BuildPowers()
    {
        var powers = new Int128[39];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
