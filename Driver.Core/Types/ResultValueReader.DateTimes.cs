using Driver.Core.Protocol;
using System.Buffers.Binary;

namespace Driver.Core.Types;

// Dates, times and timestamps in both the old and the day/second encodings (§7.3.7, §7.3.8).
internal static partial class ResultValueReader
{
    // ---- dates and times ----

    // TIMESTAMP at DFV ≥ 3 is a LONGDATE (§7.3.8); one from 1582-10-15 on is one subtraction, no division chain, and
    // this method stays small enough to inline into the reader's getter; everything else takes the general path
    public static DateTime GetDateTime(HanaTypeCode type, ReadOnlySpan<byte> value) =>
        type == HanaTypeCode.LongDate && DateTimeCodec.TryFromGregorianLongDate(BinaryPrimitives.ReadInt64LittleEndian(value), out var fast)
            ? fast
            : DecodeDateTime(type, value);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static DateTime DecodeDateTime(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        if (type is not (HanaTypeCode.Date or HanaTypeCode.Timestamp or HanaTypeCode.DayDate
                or HanaTypeCode.SecondDate or HanaTypeCode.LongDate))
        {
            throw Incompatible(type, "DateTime");
        }
        if (IsNull(type, value))
        {
            throw NullValue(type);
        }
        return type switch
        {
            HanaTypeCode.Date => DateTimeCodec.DecodeDate(value),
            HanaTypeCode.Timestamp => DateTimeCodec.DecodeTimestamp(value),
            HanaTypeCode.DayDate => DateTimeCodec.FromDayNumber(BinaryPrimitives.ReadInt32LittleEndian(value)),
            HanaTypeCode.SecondDate => DateTimeCodec.FromSecondDate(BinaryPrimitives.ReadInt64LittleEndian(value)),
            HanaTypeCode.LongDate => DateTimeCodec.FromLongDate(BinaryPrimitives.ReadInt64LittleEndian(value)),
            _ => throw Incompatible(type, "DateTime"),
        };
    }

    public static TimeSpan GetTimeSpan(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        if (type is not (HanaTypeCode.Time or HanaTypeCode.SecondTime))
        {
            throw Incompatible(type, "TimeSpan");
        }
        if (IsNull(type, value))
        {
            throw NullValue(type);
        }
        return type == HanaTypeCode.Time
            ? DateTimeCodec.DecodeTime(value)
            : DateTimeCodec.FromSecondTime(BinaryPrimitives.ReadInt32LittleEndian(value));
    }
}
