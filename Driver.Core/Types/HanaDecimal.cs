using System.Globalization;
using System.Numerics;
using System.Text;

#if ASYNC
namespace Driver.Async;
#elif SYNC
namespace Driver.Sync;
#else
// the test server's own copy of the flavor-free core (tests/Driver.TestServer), apart from both drivers' types
namespace Driver.TestServer.Core;
#endif

/// <summary>
/// An exact decimal number as HANA stores it: a sign, an unsigned integer coefficient and a power-of-ten exponent
/// (value = ±coefficient × 10^exponent). It holds every DECIMAL (decimal128, up to 34 digits, exponents far beyond
/// <see cref="decimal"/>) and FIXED16 (38 digits) value without loss, keeps the scale (1.50 stays 1.50) and keeps the
/// sign of a negative zero. The driver returns <see cref="decimal"/> where a value fits and this type where it does not.
/// </summary>
public readonly struct HanaDecimal : IEquatable<HanaDecimal>, IComparable<HanaDecimal>, IComparable
{
    /// <summary>Largest exponent magnitude accepted; far beyond decimal128's range, small enough to stay cheap.</summary>
    public const int MaxExponentMagnitude = 100_000;

    private static readonly BigInteger Ten = new(10);
    private static readonly BigInteger DecimalMaxCoefficient = (BigInteger.One << 96) - 1;

    private readonly BigInteger _coefficient;
    private readonly int _exponent;
    private readonly bool _negative;

    /// <summary>Creates the value <paramref name="unscaledValue"/> × 10^−<paramref name="scale"/>.</summary>
    public HanaDecimal(BigInteger unscaledValue, int scale)
        : this(unscaledValue.Sign < 0, BigInteger.Abs(unscaledValue), checked(-scale))
    {
    }

    private HanaDecimal(bool negative, BigInteger coefficient, int exponent)
    {
        if (coefficient.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(coefficient), "The coefficient must not be negative.");
        }
        if (exponent > MaxExponentMagnitude || exponent < -MaxExponentMagnitude)
        {
            throw new OverflowException($"The exponent {exponent} is outside ±{MaxExponentMagnitude}.");
        }
        _coefficient = coefficient;
        _exponent = exponent;
        _negative = negative;
    }

    /// <summary>Creates (−1)^sign × <paramref name="coefficient"/> × 10^<paramref name="exponent"/>; a negative zero is kept.</summary>
    public static HanaDecimal FromParts(bool isNegative, BigInteger coefficient, int exponent) => new(isNegative, coefficient, exponent);

    /// <summary>The unsigned coefficient (number without sign and decimal point).</summary>
    public BigInteger Coefficient => _coefficient;

    /// <summary>The power of ten: value = ±<see cref="Coefficient"/> × 10^Exponent.</summary>
    public int Exponent => _exponent;

    /// <summary>Number of digits after the decimal point (−<see cref="Exponent"/>; negative for values like 99E1).</summary>
    public int Scale => -_exponent;

    /// <summary>The signed integer that, divided by 10^<see cref="Scale"/>, gives the value.</summary>
    public BigInteger UnscaledValue => _negative ? -_coefficient : _coefficient;

    /// <summary>The sign bit; true also for a negative zero.</summary>
    public bool IsNegative => _negative;

    /// <summary>True for zero of any scale and sign.</summary>
    public bool IsZero => _coefficient.IsZero;

    /// <summary>−1, 0 or 1 (a negative zero gives 0).</summary>
    public int Sign => _coefficient.IsZero ? 0 : _negative ? -1 : 1;

    /// <summary>Number of decimal digits of the coefficient (1 for zero).</summary>
    public int Precision => DigitCount(_coefficient);

    /// <summary>The same value with trailing zeros of the coefficient removed (1.500 → 1.5, 0.00 → 0).</summary>
    public HanaDecimal Normalize()
    {
        if (_coefficient.IsZero)
        {
            return new HanaDecimal(_negative, BigInteger.Zero, 0);
        }
        var coefficient = _coefficient;
        var exponent = _exponent;
        while (exponent < MaxExponentMagnitude)
        {
            var quotient = BigInteger.DivRem(coefficient, Ten, out var remainder);
            if (!remainder.IsZero)
            {
                break;
            }
            coefficient = quotient;
            exponent++;
        }
        return new HanaDecimal(_negative, coefficient, exponent);
    }

    /// <summary>
    /// The same value with exactly <paramref name="scale"/> fraction digits, rounding half away from zero when digits
    /// have to be dropped (SQL ROUND semantics).
    /// </summary>
    public HanaDecimal Round(int scale)
    {
        var targetExponent = checked(-scale);
        if (targetExponent <= _exponent)
        {
            return new HanaDecimal(_negative, _coefficient * BigInteger.Pow(Ten, _exponent - targetExponent), targetExponent);
        }
        var drop = targetExponent - _exponent;
        return new HanaDecimal(_negative, DivideRounded(_coefficient, drop), targetExponent);
    }

    /// <summary>
    /// The same value with exactly <paramref name="scale"/> fraction digits if that loses no digit; otherwise the value
    /// unchanged (used to present a value at its column's declared scale, docs/protocol.md §7.3.4).
    /// </summary>
    public HanaDecimal WithScaleIfExact(int scale)
    {
        var targetExponent = -scale;
        if (targetExponent == _exponent)
        {
            return this;
        }
        if (targetExponent < _exponent)
        {
            if (_exponent - targetExponent > 2 * MaxExponentMagnitude)
            {
                return this;
            }
            return new HanaDecimal(_negative, _coefficient * BigInteger.Pow(Ten, _exponent - targetExponent), targetExponent);
        }
        if (targetExponent - _exponent > DigitCount(_coefficient))
        {
            // dropping more digits than the coefficient has is exact only for zero: no 10^6000 divisor for a
            // 34-digit coefficient (a DECIMAL of exponent -6176 read at scale 0 cost 0.6 ms and 5 KB per value)
            return _coefficient.IsZero ? new HanaDecimal(_negative, BigInteger.Zero, targetExponent) : this;
        }
        var divisor = BigInteger.Pow(Ten, targetExponent - _exponent);
        var quotient = BigInteger.DivRem(_coefficient, divisor, out var remainder);
        return remainder.IsZero ? new HanaDecimal(_negative, quotient, targetExponent) : this;
    }

    internal static BigInteger DivideRounded(BigInteger coefficient, int drop)
    {
        if (drop <= 0)
        {
            return coefficient * BigInteger.Pow(Ten, -drop);
        }
        if (drop > DigitCount(coefficient) + 1)
        {
            return BigInteger.Zero;
        }
        var divisor = BigInteger.Pow(Ten, drop);
        var quotient = BigInteger.DivRem(coefficient, divisor, out var remainder);
        return remainder * 2 >= divisor ? quotient + 1 : quotient;
    }

    /// <summary>Converts to <see cref="decimal"/>; throws <see cref="OverflowException"/> unless the value is represented exactly.</summary>
    public decimal ToDecimal()
    {
        if (!TryToDecimal(out var value))
        {
            throw new OverflowException($"The value {this} does not fit into System.Decimal without loss (at most 28-29 digits).");
        }
        return value;
    }

    /// <summary>Converts to <see cref="decimal"/> if the value is represented exactly.</summary>
    public bool TryToDecimal(out decimal value)
    {
        value = default;
        var coefficient = _coefficient;
        var exponent = _exponent;
        if (coefficient.IsZero)
        {
            value = new decimal(0, 0, 0, _negative, (byte)Math.Min(Math.Max(-exponent, 0), 28));
            return true;
        }
        if (exponent > 0)
        {
            if (exponent > 29)
            {
                return false;
            }
            coefficient *= BigInteger.Pow(Ten, exponent);
            exponent = 0;
        }
        // Drop trailing zeros while the scale is too large or the coefficient too wide; that loses nothing.
        while (exponent < 0 && (exponent < -28 || coefficient > DecimalMaxCoefficient))
        {
            var quotient = BigInteger.DivRem(coefficient, Ten, out var remainder);
            if (!remainder.IsZero)
            {
                return false;
            }
            coefficient = quotient;
            exponent++;
        }
        if (coefficient > DecimalMaxCoefficient || exponent < -28)
        {
            return false;
        }
        var low64 = (ulong)(coefficient & ulong.MaxValue);
        var high32 = (uint)(coefficient >> 64);
        value = new decimal(unchecked((int)low64), unchecked((int)(low64 >> 32)), unchecked((int)high32), _negative, (byte)-exponent);
        return true;
    }

    /// <summary>The nearest <see cref="double"/>.</summary>
    public double ToDouble()
    {
        var text = (_negative ? "-" : "") + _coefficient.ToString(CultureInfo.InvariantCulture) + "E" + _exponent.ToString(CultureInfo.InvariantCulture);
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Creates a value from a <see cref="decimal"/>, keeping its scale and sign.</summary>
    public static HanaDecimal FromDecimal(decimal value)
    {
#if NET5_0_OR_GREATER
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
#else
        var bits = decimal.GetBits(value);
#endif
        var low64 = (ulong)(uint)bits[0] | ((ulong)(uint)bits[1] << 32);
        var coefficient = new BigInteger(low64);
        if (bits[2] != 0)
        {
            coefficient += new BigInteger((uint)bits[2]) << 64;
        }
        var scale = (bits[3] >> 16) & 0xFF;
        return new HanaDecimal(bits[3] < 0, coefficient, -scale);
    }

    /// <summary>Parses invariant plain or scientific text (e.g. "-12.50", "1E-30"); the scale of the text is kept.</summary>
    public static HanaDecimal Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }
        if (!TryParse(text, out var value))
        {
            throw new FormatException($"'{text}' is not a decimal number.");
        }
        return value;
    }

    /// <summary>Parses invariant plain or scientific text; false if the text is not a decimal number in range.</summary>
    public static bool TryParse(string? text, out HanaDecimal value)
    {
        value = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        var s = text!;
        var i = 0;
        var negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            i++;
        }
        var digits = new StringBuilder(s.Length);
        var fractionDigits = 0;
        var seenPoint = false;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c is >= '0' and <= '9')
            {
                digits.Append(c);
                if (seenPoint)
                {
                    fractionDigits++;
                }
            }
            else if (c == '.' && !seenPoint)
            {
                seenPoint = true;
            }
            else
            {
                break;
            }
        }
        if (digits.Length == 0)
        {
            return false;
        }
        long exponent = 0;
        if (i < s.Length)
        {
            if (s[i] is not ('e' or 'E'))
            {
                return false;
            }
            i++;
            var exponentNegative = false;
            if (i < s.Length && s[i] is '+' or '-')
            {
                exponentNegative = s[i] == '-';
                i++;
            }
            if (i >= s.Length)
            {
                return false;
            }
            for (; i < s.Length; i++)
            {
                var c = s[i];
                if (c is < '0' or > '9')
                {
                    return false;
                }
                exponent = exponent * 10 + (c - '0');
                if (exponent > int.MaxValue)
                {
                    return false;
                }
            }
            if (exponentNegative)
            {
                exponent = -exponent;
            }
        }
        exponent -= fractionDigits;
        if (exponent is > MaxExponentMagnitude or < -MaxExponentMagnitude)
        {
            return false;
        }
        var coefficient = BigInteger.Parse(digits.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
        value = new HanaDecimal(negative, coefficient, (int)exponent);
        return true;
    }

    /// <summary>Exact plain invariant text, keeping the scale ("9.90000", "990", "-0.00"); never scientific notation.</summary>
    public override string ToString()
    {
        var digits = _coefficient.ToString(CultureInfo.InvariantCulture);
        var builder = new StringBuilder(digits.Length + Math.Abs(_exponent) + 3);
        if (_negative)
        {
            builder.Append('-');
        }
        if (_exponent >= 0)
        {
            builder.Append(digits);
            if (!_coefficient.IsZero)
            {
                builder.Append('0', _exponent);
            }
            return builder.ToString();
        }
        var scale = -_exponent;
        if (digits.Length > scale)
        {
            builder.Append(digits, 0, digits.Length - scale).Append('.').Append(digits, digits.Length - scale, scale);
        }
        else
        {
            builder.Append("0.").Append('0', scale - digits.Length).Append(digits);
        }
        return builder.ToString();
    }

    /// <summary>Numeric equality: 1.5 equals 1.50, and a negative zero equals zero.</summary>
    public bool Equals(HanaDecimal other) => CompareTo(other) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is HanaDecimal other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        if (_coefficient.IsZero)
        {
            return 0;
        }
        var normalized = Normalize();
        return unchecked((normalized._coefficient.GetHashCode() * 397) ^ normalized._exponent ^ (_negative ? 0x5bd1e995 : 0));
    }

    /// <summary>Numeric order.</summary>
    public int CompareTo(HanaDecimal other)
    {
        var sign = Sign;
        var otherSign = other.Sign;
        if (sign != otherSign)
        {
            return sign.CompareTo(otherSign);
        }
        if (sign == 0)
        {
            return 0;
        }
        var magnitude = CompareMagnitude(this, other);
        return sign > 0 ? magnitude : -magnitude;
    }

    private static int CompareMagnitude(HanaDecimal a, HanaDecimal b)
    {
        // Compare the position of the leading digit first so very different exponents never build huge powers.
        var aTop = (long)DigitCount(a._coefficient) + a._exponent;
        var bTop = (long)DigitCount(b._coefficient) + b._exponent;
        if (aTop != bTop)
        {
            return aTop.CompareTo(bTop);
        }
        if (a._exponent == b._exponent)
        {
            return a._coefficient.CompareTo(b._coefficient);
        }
        return a._exponent > b._exponent
            ? (a._coefficient * BigInteger.Pow(Ten, a._exponent - b._exponent)).CompareTo(b._coefficient)
            : a._coefficient.CompareTo(b._coefficient * BigInteger.Pow(Ten, b._exponent - a._exponent));
    }

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        HanaDecimal other => CompareTo(other),
        _ => throw new ArgumentException("The object is not a HanaDecimal.", nameof(obj)),
    };

    internal static int DigitCount(BigInteger value)
    {
        if (value.IsZero)
        {
            return 1;
        }
        value = BigInteger.Abs(value);
        var digits = (int)Math.Floor(BigInteger.Log10(value)) + 1;
        if (value >= BigInteger.Pow(Ten, digits))
        {
            digits++;
        }
        else if (digits > 1 && value < BigInteger.Pow(Ten, digits - 1))
        {
            digits--;
        }
        return digits;
    }

    /// <summary>Lossless conversion from <see cref="decimal"/>.</summary>
    public static implicit operator HanaDecimal(decimal value) => FromDecimal(value);

    /// <summary>Lossless conversion from <see cref="long"/>.</summary>
    public static implicit operator HanaDecimal(long value) => new(value, 0);

    /// <summary>Exact conversion to <see cref="decimal"/>; throws <see cref="OverflowException"/> if it does not fit.</summary>
    public static explicit operator decimal(HanaDecimal value) => value.ToDecimal();

    /// <summary>Nearest <see cref="double"/>.</summary>
    public static explicit operator double(HanaDecimal value) => value.ToDouble();

#pragma warning disable CS1591
    public static bool operator ==(HanaDecimal left, HanaDecimal right) => left.Equals(right);
    public static bool operator !=(HanaDecimal left, HanaDecimal right) => !left.Equals(right);
    public static bool operator <(HanaDecimal left, HanaDecimal right) => left.CompareTo(right) < 0;
    public static bool operator >(HanaDecimal left, HanaDecimal right) => left.CompareTo(right) > 0;
    public static bool operator <=(HanaDecimal left, HanaDecimal right) => left.CompareTo(right) <= 0;
    public static bool operator >=(HanaDecimal left, HanaDecimal right) => left.CompareTo(right) >= 0;
#pragma warning restore CS1591
}
