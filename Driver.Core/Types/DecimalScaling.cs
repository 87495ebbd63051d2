namespace Driver.Core.Types;

/// <summary>Lossless rescaling of <see cref="decimal"/> values without allocating.</summary>
internal static class DecimalScaling
{
    /// <summary>
    /// <paramref name="value"/> with exactly <paramref name="scale"/> (0 … 28) fraction digits if no digit is lost and
    /// the coefficient fits; otherwise the value unchanged. Presents DECIMAL values at the column's scale (§7.3.4).
    /// </summary>
    public static decimal WithScaleIfExact(decimal value, int scale)
    {
#if NET5_0_OR_GREATER
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
#else
        var bits = decimal.GetBits(value);
#endif
        var current = (bits[3] >> 16) & 0xFF;
        if (current == scale)
        {
            return value;
        }
        ulong low = (uint)bits[0] | ((ulong)(uint)bits[1] << 32);
        ulong high = (uint)bits[2];
        var negative = bits[3] < 0;
        while (current > scale)
        {
            if (WideInteger.Remainder10(high, low) != 0)
            {
                return value;
            }
            WideInteger.DivideBy10(ref high, ref low);
            current--;
        }
        while (current < scale)
        {
            var h = high;
            var l = low;
            if (!WideInteger.TryMultiplyBy10(ref h, ref l) || h > uint.MaxValue)
            {
                return value;
            }
            high = h;
            low = l;
            current++;
        }
        return new decimal(unchecked((int)low), unchecked((int)(low >> 32)), unchecked((int)high), negative, (byte)current);
    }
}
