using System.Runtime.CompilerServices;

namespace Driver.Core.Types;

/// <summary>
/// Unsigned 128-bit arithmetic on a (high, low) pair of 64-bit words, enough for the allocation-free fast paths of the
/// DECIMAL and FIXED codecs (docs/protocol.md §7.3.1, §7.3.4). netstandard2.0 has no UInt128.
/// </summary>
internal static class WideInteger
{
    /// <summary>Multiplies by 10 in place; false (value unchanged) if the result would not fit 128 bits.</summary>
    public static bool TryMultiplyBy10(ref ulong high, ref ulong low)
    {
        // x*10 = x*8 + x*2
        if (high > (ulong.MaxValue / 10))
        {
            return false;
        }
        var low8 = low << 3;
        var high8 = (high << 3) | (low >> 61);
        var low2 = low << 1;
        var high2 = (high << 1) | (low >> 63);
        var resultLow = unchecked(low8 + low2);
        var carry = resultLow < low8 ? 1UL : 0UL;
        var resultHigh = unchecked(high8 + high2 + carry);
        if (resultHigh < high8)
        {
            return false;
        }
        high = resultHigh;
        low = resultLow;
        return true;
    }

    /// <summary>Divides by 10 in place and returns the remainder.</summary>
    public static int DivideBy10(ref ulong high, ref ulong low)
    {
        // Long division over 32-bit limbs keeps every intermediate within 64 bits.
        ulong remainder = 0;
        var limb3 = DivideLimb((uint)(high >> 32), ref remainder);
        var limb2 = DivideLimb((uint)high, ref remainder);
        var limb1 = DivideLimb((uint)(low >> 32), ref remainder);
        var limb0 = DivideLimb((uint)low, ref remainder);
        high = ((ulong)limb3 << 32) | limb2;
        low = ((ulong)limb1 << 32) | limb0;
        return (int)remainder;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint DivideLimb(uint limb, ref ulong remainder)
    {
        var dividend = (remainder << 32) | limb;
        remainder = dividend % 10;
        return (uint)(dividend / 10);
    }

    /// <summary>Remainder of division by 10 without changing the value.</summary>
    public static int Remainder10(ulong high, ulong low)
    {
        var h = high;
        var l = low;
        return DivideBy10(ref h, ref l);
    }

    /// <summary>Two's complement negation in place.</summary>
    public static void Negate(ref ulong high, ref ulong low)
    {
        low = unchecked(~low + 1);
        high = unchecked(~high + (low == 0 ? 1UL : 0UL));
    }

    /// <summary>Adds 1 in place; false on overflow.</summary>
    public static bool TryIncrement(ref ulong high, ref ulong low)
    {
        low = unchecked(low + 1);
        if (low == 0)
        {
            if (high == ulong.MaxValue)
            {
                low = ulong.MaxValue;
                return false;
            }
            high++;
        }
        return true;
    }
}
