using System.Buffers.Binary;
using System.Numerics;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Types;

/// <summary>
/// The 16-byte DECIMAL encoding (docs/protocol.md §7.3.4): a little-endian 128-bit word in decimal128 binary-integer
/// form, simple layout only — coefficient in bits 0..112, biased exponent (bias 6176) in bits 113..126, sign in bit 127.
/// </summary>
internal static class Decimal128
{
    public const int Size = 16;
    public const int ExponentBias = 6176;
    public const int MinExponent = -6176;
    /// <summary>Largest exponent of a 34-digit integer coefficient in decimal128 (§7.3.4, [G]).</summary>
    public const int MaxExponent = 6111;
    public const int MaxDigits = 34;

    private const ulong CoefficientHighMask = (1UL << 49) - 1;
    private static readonly BigInteger MaxCoefficient = BigInteger.Pow(10, MaxDigits) - 1;
    private static readonly BigInteger CoefficientLimit = BigInteger.One << 113;

    /// <summary>NULL is any value with (byte 15 &amp; 0x70) == 0x70 ([N], [G]); this also covers infinities and NaNs.</summary>
    public static bool IsNull(ReadOnlySpan<byte> value) => (value[15] & 0x70) == 0x70;

    /// <summary>The canonical NULL a server emits: 15 zero bytes and 0x70.</summary>
    public static void WriteNull(Span<byte> destination)
    {
        destination.Slice(0, 15).Clear();
        destination[15] = 0x70;
    }

    private static void Split(ReadOnlySpan<byte> value, out bool negative, out ulong coefficientHigh, out ulong coefficientLow, out int exponent)
    {
        coefficientLow = BinaryPrimitives.ReadUInt64LittleEndian(value);
        var high = BinaryPrimitives.ReadUInt64LittleEndian(value.Slice(8));
        negative = (high >> 63) != 0;
        exponent = (int)((high >> 49) & 0x3FFF) - ExponentBias;
        coefficientHigh = high & CoefficientHighMask;
    }

    /// <summary>
    /// Allocation-free decoding to <see cref="decimal"/>; false if the value is not exactly representable there
    /// (then use <see cref="Decode"/>). The caller has checked for NULL.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> value, out decimal result)
    {
        Split(value, out var negative, out var high, out var low, out var exponent);
        result = default;
        if (exponent > 0)
        {
            if (exponent > 28)
            {
                if (high != 0 || low != 0)
                {
                    return false;
                }
                exponent = 0;
            }
            for (var i = 0; i < exponent; i++)
            {
                if (!WideInteger.TryMultiplyBy10(ref high, ref low))
                {
                    return false;
                }
            }
            exponent = 0;
        }
        // Trailing zeros may be dropped to bring the coefficient or the scale into decimal's range without loss.
        while (exponent < 0 && (exponent < -28 || high > uint.MaxValue))
        {
            if (high == 0 && low == 0)
            {
                exponent = Math.Max(exponent, -28);
                break;
            }
            if (WideInteger.Remainder10(high, low) != 0)
            {
                return false;
            }
            WideInteger.DivideBy10(ref high, ref low);
            exponent++;
        }
        if (high > uint.MaxValue || exponent < -28)
        {
            return false;
        }
        result = new decimal(unchecked((int)low), unchecked((int)(low >> 32)), unchecked((int)high), negative, (byte)-exponent);
        return true;
    }

    /// <summary>Exact decoding (any coefficient up to 2^113 − 1, any exponent). The caller has checked for NULL.</summary>
    public static HanaDecimal Decode(ReadOnlySpan<byte> value)
    {
        Split(value, out var negative, out var high, out var low, out var exponent);
        var coefficient = high == 0 ? new BigInteger(low) : (new BigInteger(high) << 64) + new BigInteger(low);
        return HanaDecimal.FromParts(negative, coefficient, exponent);
    }

    /// <summary>
    /// Writes the bytes of (−1)^sign × coefficient × 10^exponent exactly as given (no normalization). Used to
    /// reproduce recorded bytes; coefficient below 2^113, exponent within the 14-bit biased field.
    /// </summary>
    public static void EncodeExact(bool negative, BigInteger coefficient, int exponent, Span<byte> destination)
    {
        if (coefficient.Sign < 0 || coefficient >= CoefficientLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(coefficient), "The coefficient must be within 0 … 2^113 − 1.");
        }
        var biased = exponent + ExponentBias;
        if (biased is < 0 or > 0x3FFF)
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), "The exponent does not fit the 14-bit field.");
        }
        var low = (ulong)(coefficient & ulong.MaxValue);
        var high = (ulong)(coefficient >> 64);
        Write(negative, high, low, biased, destination);
    }

    private static void Write(bool negative, ulong coefficientHigh, ulong coefficientLow, int biasedExponent, Span<byte> destination)
    {
        var high = coefficientHigh | ((ulong)biasedExponent << 49) | (negative ? 1UL << 63 : 0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination, coefficientLow);
        BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(8), high);
    }

    /// <summary>
    /// Writes a <see cref="decimal"/> with its coefficient normalized (trailing zeros stripped, raising the exponent;
    /// [R], [G] do this because HANA dislikes coefficients that are multiples of 10, §7.3.4). Never fails.
    /// </summary>
    public static void Encode(decimal value, Span<byte> destination)
    {
#if NET5_0_OR_GREATER
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
#else
        var bits = decimal.GetBits(value);
#endif
        ulong low = (uint)bits[0] | ((ulong)(uint)bits[1] << 32);
        ulong high = (uint)bits[2];
        var exponent = -((bits[3] >> 16) & 0xFF);
        var negative = bits[3] < 0;
        if (high == 0 && low == 0)
        {
            exponent = 0;
        }
        while (exponent < 0 && WideInteger.Remainder10(high, low) == 0)
        {
            WideInteger.DivideBy10(ref high, ref low);
            exponent++;
        }
        Write(negative, high, low, exponent + ExponentBias, destination);
    }

    /// <summary>
    /// Writes a <see cref="HanaDecimal"/>: trailing zeros stripped, rounded half away from zero to 34 significant
    /// digits like [N]/[G] (§7.3.4). Throws <see cref="OverflowException"/> if the magnitude exceeds decimal128.
    /// </summary>
    public static void Encode(HanaDecimal value, Span<byte> destination)
    {
        var coefficient = value.Coefficient;
        var exponent = value.Exponent;
        if (coefficient.IsZero)
        {
            Write(value.IsNegative, 0, 0, ExponentBias, destination);
            return;
        }
        var normalized = value.Normalize();
        coefficient = normalized.Coefficient;
        exponent = normalized.Exponent;
        var digits = HanaDecimal.DigitCount(coefficient);
        var drop = Math.Max(digits - MaxDigits, MinExponent - exponent);
        if (drop > 0)
        {
            coefficient = HanaDecimal.DivideRounded(coefficient, drop);
            exponent += drop;
            if (coefficient > MaxCoefficient)
            {
                coefficient /= 10;
                exponent++;
            }
            if (coefficient.IsZero)
            {
                exponent = MinExponent;
            }
        }
        // A large exponent can be traded for trailing zeros while the coefficient has digits to spare.
        while (exponent > MaxExponent && !coefficient.IsZero && coefficient * 10 <= MaxCoefficient)
        {
            coefficient *= 10;
            exponent--;
        }
        if (exponent > MaxExponent)
        {
            throw new OverflowException($"The value {value} exceeds the range of HANA DECIMAL (decimal128).");
        }
        var low = (ulong)(coefficient & ulong.MaxValue);
        var high = (ulong)(coefficient >> 64);
        Write(value.IsNegative, high, low, exponent + ExponentBias, destination);
    }
}
