using Driver.Core.Protocol;
using System.Buffers.Binary;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Types;

// Booleans, integers, floating point and decimals (§7.3.1 to §7.3.4), widened losslessly between compatible types.
internal static partial class ResultValueReader
{
    // ---- integers ----

    public static bool GetBoolean(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        switch (type)
        {
            case HanaTypeCode.Boolean:
                return value[0] switch
                {
                    0 => false,
                    2 => true,
                    1 => throw NullValue(type),
                    _ => throw new HanaProtocolException($"Invalid BOOLEAN byte 0x{value[0]:X2}."),
                };
            case HanaTypeCode.TinyInt:
                // Before DFV 7 BOOLEAN columns arrive as TINYINT 0/1 (§7.2).
                return GetByte(type, value) switch
                {
                    0 => false,
                    1 => true,
                    var other => throw new InvalidCastException($"The TINYINT value {other} is not a boolean (0 or 1)."),
                };
            default:
                throw Incompatible(type, "Boolean");
        }
    }

    public static byte GetByte(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        if (type != HanaTypeCode.TinyInt)
        {
            throw Incompatible(type, "Byte");
        }
        CheckIndicator(type, value);
        return value[1];
    }

    public static short GetInt16(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        switch (type)
        {
            case HanaTypeCode.TinyInt:
                return GetByte(type, value);
            case HanaTypeCode.SmallInt:
                CheckIndicator(type, value);
                return BinaryPrimitives.ReadInt16LittleEndian(value.Slice(1));
            default:
                throw Incompatible(type, "Int16");
        }
    }

    public static int GetInt32(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        if (type == HanaTypeCode.Int)
        {
            CheckIndicator(type, value);
            return BinaryPrimitives.ReadInt32LittleEndian(value.Slice(1));
        }
        return type is HanaTypeCode.TinyInt or HanaTypeCode.SmallInt ? GetInt16(type, value) : throw Incompatible(type, "Int32");
    }

    public static long GetInt64(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        if (type == HanaTypeCode.BigInt)
        {
            CheckIndicator(type, value);
            return BinaryPrimitives.ReadInt64LittleEndian(value.Slice(1));
        }
        return type is HanaTypeCode.TinyInt or HanaTypeCode.SmallInt or HanaTypeCode.Int
            ? GetInt32(type, value)
            : throw Incompatible(type, "Int64");
    }

    private static void CheckIndicator(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        if (value[0] == 0)
        {
            throw NullValue(type);
        }
    }

    // ---- floating point ----

    public static float GetSingle(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        switch (type)
        {
            case HanaTypeCode.Real:
            {
                var bits = BinaryPrimitives.ReadInt32LittleEndian(value);
                return bits == -1 ? throw NullValue(type) : BitConversion.Int32BitsToSingle(bits);
            }
            case HanaTypeCode.TinyInt:
            case HanaTypeCode.SmallInt:
                return GetInt16(type, value);
            default:
                throw Incompatible(type, "Single");
        }
    }

    public static double GetDouble(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        switch (type)
        {
            case HanaTypeCode.Double:
            {
                var bits = BinaryPrimitives.ReadInt64LittleEndian(value);
                return bits == -1 ? throw NullValue(type) : BitConverter.Int64BitsToDouble(bits);
            }
            case HanaTypeCode.Real:
                return GetSingle(type, value);
            case HanaTypeCode.TinyInt:
            case HanaTypeCode.SmallInt:
            case HanaTypeCode.Int:
                return GetInt32(type, value);
            default:
                throw Incompatible(type, "Double");
        }
    }

    // ---- decimals ----

    /// <summary>
    /// DECIMAL, FIXEDn or an integer as <see cref="decimal"/>. A DECIMAL column with a declared scale is presented at
    /// that scale when no digit is lost (§7.3.4). Throws <see cref="OverflowException"/> if the exact value does not
    /// fit <see cref="decimal"/> (use <see cref="GetHanaDecimal"/>).
    /// </summary>
    // §7.3.1: DECIMAL(p ≤ 18, s) at DFV ≥ 8 is a FIXED8, the common case: its 64-bit integer and the column's scale
    // are a decimal as they are (what FixedDecimal.TryDecode computes for 8 bytes, without its word juggling and its
    // loop), and this method stays small enough to inline; NULL and every other type take the general path
    public static decimal GetDecimal(HanaTypeCode type, int scale, ReadOnlySpan<byte> value) =>
        type == HanaTypeCode.Fixed8 && (uint)scale <= 28 && value.Length > 8 && value[0] != 0
            ? Fixed8ToDecimal(BinaryPrimitives.ReadInt64LittleEndian(value.Slice(1)), scale)
            : DecodeDecimal(type, scale, value);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static decimal DecodeDecimal(HanaTypeCode type, int scale, ReadOnlySpan<byte> value)
    {
        switch (type)
        {
            case HanaTypeCode.Decimal:
                if (Decimal128.IsNull(value))
                {
                    throw NullValue(type);
                }
                if (!Decimal128.TryDecode(value, out var result))
                {
                    throw TooBigForDecimal(type, Decimal128.Decode(value).ToString());
                }
                return scale is >= 0 and <= 28 ? DecimalScaling.WithScaleIfExact(result, scale) : result;
            case HanaTypeCode.Fixed8:
            case HanaTypeCode.Fixed12:
            case HanaTypeCode.Fixed16:
            {
                CheckIndicator(type, value);
                var raw = value.Slice(1, FixedDecimal.GetSize(type));
                if (!FixedDecimal.TryDecode(raw, scale, out var fixedValue))
                {
                    throw TooBigForDecimal(type, FixedDecimal.Decode(raw, scale).ToString());
                }
                return fixedValue;
            }
            case HanaTypeCode.TinyInt:
            case HanaTypeCode.SmallInt:
            case HanaTypeCode.Int:
            case HanaTypeCode.BigInt:
                return GetInt64(type, value);
            default:
                throw Incompatible(type, "Decimal");
        }
    }

    /// <summary>A FIXED8 integer (value × 10^scale) as a decimal of that scale (0 … 28); exact, since |integer| ≤ 2^63 &lt; 2^96.</summary>
    internal static decimal Fixed8ToDecimal(long unscaled, int scale)
    {
        var negative = unscaled < 0;
        // long.MinValue negates to itself; as ulong that is 2^63, its magnitude
        var magnitude = negative ? unchecked((ulong)-unscaled) : (ulong)unscaled;
        return new decimal(unchecked((int)magnitude), unchecked((int)(magnitude >> 32)), 0, negative, (byte)scale);
    }

    /// <summary>DECIMAL, FIXEDn or an integer as an exact <see cref="HanaDecimal"/> (never loses digits).</summary>
    public static HanaDecimal GetHanaDecimal(HanaTypeCode type, int scale, ReadOnlySpan<byte> value)
    {
        switch (type)
        {
            case HanaTypeCode.Decimal:
                if (Decimal128.IsNull(value))
                {
                    throw NullValue(type);
                }
                var result = Decimal128.Decode(value);
                return scale is >= 0 and <= FixedDecimal.MaxScale && FitsScale(result, scale) ? result.WithScaleIfExact(scale) : result;
            case HanaTypeCode.Fixed8:
            case HanaTypeCode.Fixed12:
            case HanaTypeCode.Fixed16:
                CheckIndicator(type, value);
                return FixedDecimal.Decode(value.Slice(1, FixedDecimal.GetSize(type)), scale);
            case HanaTypeCode.TinyInt:
            case HanaTypeCode.SmallInt:
            case HanaTypeCode.Int:
            case HanaTypeCode.BigInt:
                return GetInt64(type, value);
            default:
                throw Incompatible(type, "HanaDecimal");
        }
    }

    /// <summary>
    /// Whether <paramref name="value"/> written at <paramref name="scale"/> keeps within 38 digits, the most a DECIMAL(p, s)
    /// column holds. A value that would need more (1E6111 at scale 0: 6,112 digits) is no value of that column, and
    /// presenting it at the column's scale would build a coefficient of thousands of digits from 16 wire bytes.
    /// </summary>
    private static bool FitsScale(HanaDecimal value, int scale) => (long)value.Precision + value.Exponent + scale <= FixedDecimal.MaxScale;
}
