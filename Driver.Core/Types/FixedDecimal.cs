using Driver.Core.Protocol;
using System.Buffers.Binary;
using System.Numerics;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Types;

/// <summary>
/// FIXED8 / FIXED12 / FIXED16 (docs/protocol.md §7.3.1, §7.4): an 8/12/16-byte two's-complement little-endian integer
/// holding value × 10^scale, the scale coming from the column or parameter metadata (DFV ≥ 8, §7.2).
/// These helpers work on the raw integer bytes, without the result-set presence byte.
/// </summary>
internal static class FixedDecimal
{
    /// <summary>Largest scale HANA allows for DECIMAL(p,s) (p ≤ 38).</summary>
    public const int MaxScale = 38;

    public static int GetSize(HanaTypeCode type) => type switch
    {
        HanaTypeCode.Fixed8 => 8,
        HanaTypeCode.Fixed12 => 12,
        HanaTypeCode.Fixed16 => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a FIXED type."),
    };

    private static void ReadWords(ReadOnlySpan<byte> raw, out ulong high, out ulong low)
    {
        switch (raw.Length)
        {
            case 8:
                low = BinaryPrimitives.ReadUInt64LittleEndian(raw);
                high = (low >> 63) != 0 ? ulong.MaxValue : 0;
                break;
            case 12:
                low = BinaryPrimitives.ReadUInt64LittleEndian(raw);
                high = unchecked((ulong)(long)BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(8)));
                break;
            case 16:
                low = BinaryPrimitives.ReadUInt64LittleEndian(raw);
                high = BinaryPrimitives.ReadUInt64LittleEndian(raw.Slice(8));
                break;
            default:
                throw new ArgumentException("A FIXED value has 8, 12 or 16 bytes.", nameof(raw));
        }
    }

    /// <summary>Allocation-free decoding to <see cref="decimal"/>; false if not exactly representable there.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> raw, int scale, out decimal result)
    {
        result = default;
        ReadWords(raw, out var high, out var low);
        var negative = (high >> 63) != 0;
        if (negative)
        {
            WideInteger.Negate(ref high, ref low);
        }
        if (scale < 0)
        {
            return false;
        }
        while (scale > 0 && (scale > 28 || high > uint.MaxValue))
        {
            if (high == 0 && low == 0)
            {
                scale = Math.Min(scale, 28);
                break;
            }
            if (WideInteger.Remainder10(high, low) != 0)
            {
                return false;
            }
            WideInteger.DivideBy10(ref high, ref low);
            scale--;
        }
        if (high > uint.MaxValue || scale > 28)
        {
            return false;
        }
        result = new decimal(unchecked((int)low), unchecked((int)(low >> 32)), unchecked((int)high), negative, (byte)scale);
        return true;
    }

    /// <summary>Exact decoding, keeping the scale (0 with scale 6 is "0.000000").</summary>
    public static HanaDecimal Decode(ReadOnlySpan<byte> raw, int scale) => new(DecodeUnscaled(raw), scale);

    /// <summary>The stored integer.</summary>
    public static BigInteger DecodeUnscaled(ReadOnlySpan<byte> raw)
    {
        ReadWords(raw, out var high, out var low);
        var negative = (high >> 63) != 0;
        if (negative)
        {
            WideInteger.Negate(ref high, ref low);
        }
        var magnitude = high == 0 ? new BigInteger(low) : (new BigInteger(high) << 64) + new BigInteger(low);
        return negative ? -magnitude : magnitude;
    }

    /// <summary>
    /// Writes value × 10^scale, rounded half away from zero when the value has more fraction digits than the scale.
    /// Throws <see cref="OverflowException"/> if the result does not fit the destination's size.
    /// </summary>
    public static void Encode(decimal value, int scale, Span<byte> destination)
    {
        if (scale is < 0 or > MaxScale)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "A FIXED scale is 0 … 38.");
        }
        if (scale <= 28)
        {
            value = decimal.Round(value, scale, MidpointRounding.AwayFromZero);
        }
#if NET5_0_OR_GREATER
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
#else
        var bits = decimal.GetBits(value);
#endif
        ulong low = (uint)bits[0] | ((ulong)(uint)bits[1] << 32);
        ulong high = (uint)bits[2];
        var valueScale = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0;
        for (var s = valueScale; s < scale; s++)
        {
            if (!WideInteger.TryMultiplyBy10(ref high, ref low))
            {
                throw Overflow(value.ToString(System.Globalization.CultureInfo.InvariantCulture), scale, destination.Length);
            }
        }
        if (!TryWriteMagnitude(negative && (high != 0 || low != 0), high, low, destination))
        {
            throw Overflow(value.ToString(System.Globalization.CultureInfo.InvariantCulture), scale, destination.Length);
        }
    }

    /// <summary>As <see cref="Encode(decimal, int, Span{byte})"/> for an exact decimal.</summary>
    public static void Encode(HanaDecimal value, int scale, Span<byte> destination)
    {
        if (scale is < 0 or > MaxScale)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "A FIXED scale is 0 … 38.");
        }
        if (!TryEncodeUnscaled(value.Round(scale).UnscaledValue, destination))
        {
            throw Overflow(value.ToString(), scale, destination.Length);
        }
    }

    /// <summary>Writes the integer as two's complement of the destination's size; <see cref="OverflowException"/> if it does not fit.</summary>
    public static void EncodeUnscaled(BigInteger unscaled, Span<byte> destination)
    {
        if (!TryEncodeUnscaled(unscaled, destination))
        {
            throw Overflow(unscaled.ToString(System.Globalization.CultureInfo.InvariantCulture), 0, destination.Length);
        }
    }

    private static bool TryEncodeUnscaled(BigInteger unscaled, Span<byte> destination)
    {
        var magnitude = BigInteger.Abs(unscaled);
        if (magnitude >> 128 != BigInteger.Zero)
        {
            return false;
        }
        var low = (ulong)(magnitude & ulong.MaxValue);
        var high = (ulong)(magnitude >> 64);
        return TryWriteMagnitude(unscaled.Sign < 0, high, low, destination);
    }

    private static bool TryWriteMagnitude(bool negative, ulong high, ulong low, Span<byte> destination)
    {
        // Range of an n-byte two's complement integer: magnitude < 2^(8n-1), or == 2^(8n-1) when negative.
        var bits = destination.Length * 8 - 1;
        bool fits;
        if (bits < 64)
        {
            var limit = 1UL << bits;
            fits = high == 0 && (low < limit || (negative && low == limit));
        }
        else
        {
            var limitHigh = 1UL << (bits - 64);
            fits = high < limitHigh || (negative && high == limitHigh && low == 0);
        }
        if (!fits)
        {
            return false;
        }
        if (negative)
        {
            WideInteger.Negate(ref high, ref low);
        }
        BinaryPrimitives.WriteUInt64LittleEndian(destination, low);
        if (destination.Length == 12)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(8), (uint)high);
        }
        else if (destination.Length == 16)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(8), high);
        }
        return true;
    }

    private static OverflowException Overflow(string value, int scale, int size) =>
        new($"The value {value} does not fit FIXED{size} with scale {scale} (a {size}-byte integer of value × 10^{scale}).");
}
