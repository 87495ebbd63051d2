using Driver.Core.Protocol;
using Driver.Core.Types;
using Driver.Sync;

namespace Driver.ParserFuzz;

/// <summary>One value in result-set encoding read the way HanaDataReader reads it: NULL check, natural getter, LOB chunk.</summary>
internal static class Values
{
    public static long Read(HanaTypeCode type, int scale, ReadOnlySpan<byte> value)
    {
        if (HanaTypeInfo.IsLob(type))
        {
            var descriptor = ResultValueReader.GetLobDescriptor(type, value);
            if (descriptor.IsNull)
            {
                return 1;
            }
            var chunk = descriptor.GetChunk(value);
            if (HanaTypeInfo.IsCharacterLob(type))
            {
                var complete = chunk.Slice(0, chunk.Length - Cesu8.GetIncompleteTailLength(chunk));
                return Cesu8.GetUtf16Length(complete) + descriptor.ByteLength + descriptor.CharLength;
            }
            return chunk.Length + descriptor.ByteLength;
        }
        var result = Checksum(ResultValueReader.GetValue(type, scale, value));
        if (type is HanaTypeCode.Decimal or HanaTypeCode.Fixed8 or HanaTypeCode.Fixed12 or HanaTypeCode.Fixed16
            && !ResultValueReader.IsNull(type, value))
        {
            // the exact reader and its text form, which GetString on a DECIMAL column uses
            result += Checksum(ResultValueReader.GetHanaDecimal(type, scale, value));
        }
        return result;
    }

    public static long Checksum(object? value) => value switch
    {
        null => 0,
        string text => text.Length,
        byte[] bytes => bytes.Length,
        float[] vector => vector.Length,
        DateTime date => date.Ticks,
        TimeSpan time => time.Ticks,
        decimal number => (long)decimal.Truncate(number % 1000m),
        // the text of 1E6111 has 6,112 digits: rendered only for exponents whose text is not far longer than the
        // 16 bytes it came from, so the allocation bound keeps meaning "sized by a wire length"
        HanaDecimal exact => Math.Abs(exact.Exponent) <= 100 ? exact.ToString().Length : exact.Precision + exact.Exponent,
        _ => value.GetHashCode(),
    };
}
