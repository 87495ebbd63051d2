using System.Buffers.Binary;
using Driver.Core.Protocol;
using Driver.Core.Types;

namespace Driver.TestServer.Protocol;

/// <summary>
/// The row encoder's allocation-free writers for DECIMAL / FIXEDn and the date and time types: they take the engine's
/// native values (the unscaled <see cref="Int128"/> of a DuckDB DECIMAL, a <see cref="DateTime"/> or
/// <see cref="TimeSpan"/> struct) and write the wire bytes straight into the packet, without BigInteger or boxing.
/// Each returns false for a value it cannot write exactly (a coefficient beyond 2^113, a FIXED overflow, a time of
/// day outside 00:00 … 24:00); the caller then takes the general path, which throws the documented exception.
/// </summary>
internal static class NativeValueEncoder
{
    private const int MaxPower = 38;
    private static readonly UInt128 CoefficientLimit = UInt128.One << 113;
    private static readonly UInt128[] Powers = BuildPowers();

    /// <summary>DECIMAL (§7.3.4): value = unscaled × 10^-scale, trailing zeros stripped into the exponent as writers do.</summary>
    public static bool TryWriteDecimal(PacketWriter writer, Int128 unscaled, int scale)
    {
        if (unscaled == Int128.MinValue)
        {
            return false;
        }
        var negative = unscaled < 0;
        var coefficient = (UInt128)(negative ? -unscaled : unscaled);
        var exponent = -scale;
        if (coefficient == UInt128.Zero)
        {
            negative = false; // the old path wrote +0 with the value's own exponent: keep the bytes identical
        }
        else
        {
            // strip trailing zeros; 64-bit division while the coefficient fits, which is every FIXED8-sized value
            while (true)
            {
                if ((coefficient >> 64) == UInt128.Zero)
                {
                    var small = (ulong)coefficient;
                    while (small % 10 == 0)
                    {
                        small /= 10;
                        exponent++;
                    }
                    coefficient = small;
                    break;
                }
                var (quotient, remainder) = UInt128.DivRem(coefficient, 10);
                if (remainder != UInt128.Zero)
                {
                    break;
                }
                coefficient = quotient;
                exponent++;
            }
        }
        var biased = exponent + Decimal128.ExponentBias;
        if (coefficient >= CoefficientLimit || biased is < 0 or > 0x3FFF)
        {
            return false;
        }
        var high = (ulong)(coefficient >> 64) | ((ulong)biased << 49) | (negative ? 1UL << 63 : 0);
        var destination = writer.GetSpan(Decimal128.Size);
        BinaryPrimitives.WriteUInt64LittleEndian(destination, (ulong)coefficient);
        BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(8), high);
        writer.Advance(Decimal128.Size);
        return true;
    }

    /// <summary>
    /// FIXED8/12/16 (§7.3.1): the integer at the metadata scale (digits below it truncated toward zero, as the general
    /// path does), two's complement of the type's size after the 1-byte indicator.
    /// </summary>
    public static bool TryWriteFixed(PacketWriter writer, HanaTypeCode type, int scale, Int128 unscaled, int valueScale)
    {
        if (scale > valueScale)
        {
            var shift = scale - valueScale;
            if (shift > MaxPower)
            {
                return false;
            }
            var factor = (Int128)Powers[shift];
            if (unscaled != 0 && (unscaled > Int128.MaxValue / factor || unscaled < Int128.MinValue / factor))
            {
                return false;
            }
            unscaled *= factor;
        }
        else if (scale < valueScale)
        {
            var shift = valueScale - scale;
            unscaled = shift > MaxPower ? Int128.Zero : unscaled / (Int128)Powers[shift];
        }
        var size = FixedDecimal.GetSize(type);
        // the range of a size-byte two's complement integer
        var bits = (size * 8) - 1;
        if (bits < 127 && (unscaled >= (Int128.One << bits) || unscaled < -(Int128.One << bits)))
        {
            return false;
        }
        var destination = writer.GetSpan(1 + size);
        destination[0] = 1;
        var low = (ulong)unscaled;
        var high = (ulong)(unscaled >> 64);
        BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(1), low);
        if (size == 12)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(9), (uint)high);
        }
        else if (size == 16)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(9), high);
        }
        writer.Advance(1 + size);
        return true;
    }

    /// <summary>DATE, TIMESTAMP (§7.3.8, the old layouts), DAYDATE, SECONDDATE, LONGDATE from a DateTime struct.</summary>
    public static void WriteDateTime(PacketWriter writer, HanaTypeCode type, DateTime value)
    {
        switch (type)
        {
            case HanaTypeCode.Date:
                DateTimeCodec.EncodeDate(value, writer.GetSpan(4));
                writer.Advance(4);
                return;
            case HanaTypeCode.Timestamp:
                DateTimeCodec.EncodeTimestamp(value, writer.GetSpan(8));
                writer.Advance(8);
                return;
            case HanaTypeCode.DayDate:
                writer.WriteInt32(ValueConversion.ToDayNumber(value, type));
                return;
            case HanaTypeCode.SecondDate:
                ValueConversion.ToDayNumber(value, type);
                writer.WriteInt64(DateTimeCodec.ToSecondDate(value));
                return;
            default: // LongDate
                ValueConversion.ToDayNumber(value, type);
                writer.WriteInt64(DateTimeCodec.ToLongDate(value));
                return;
        }
    }

    /// <summary>TIME (old layout) and SECONDTIME from a TimeSpan; false outside a time of day (the general path throws).</summary>
    public static bool TryWriteTime(PacketWriter writer, HanaTypeCode type, TimeSpan value)
    {
        if (value.Ticks < 0 || value.Ticks >= TimeSpan.TicksPerDay)
        {
            return false;
        }
        if (type == HanaTypeCode.Time)
        {
            DateTimeCodec.EncodeTime(value, writer.GetSpan(4));
            writer.Advance(4);
        }
        else
        {
            writer.WriteInt32(DateTimeCodec.ToSecondTime(value));
        }
        return true;
    }

    private static UInt128[] BuildPowers()
    {
        var powers = new UInt128[MaxPower + 1];
        powers[0] = UInt128.One;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }
        return powers;
    }
}
