using Driver.Core.Protocol;

namespace Driver.Core.Types;

// Character and binary strings (§7.3.5), ALPHANUM (§7.3.6), and LOBs whose whole value arrived inline.
internal static partial class ResultValueReader
{
    // ---- text and bytes ----

    public static string GetString(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        if (HanaTypeInfo.IsCharacterString(type))
        {
            // §5.3: a one-byte indicator (0 … 245 bytes follow) with its bytes there is the common case; anything
            // else (longer forms, NULL, truncated bytes) goes through Payload's checks and exceptions
            return value.Length > 0 && value[0] <= 245 && value[0] < value.Length
                ? Cesu8.Decode(value.Slice(1, value[0]))
                : Cesu8.Decode(Payload(type, value));
        }
        if (type == HanaTypeCode.AlphaNum)
        {
            return DecodeAlphanum(Payload(type, value));
        }
        if (HanaTypeInfo.IsCharacterLob(type))
        {
            return Cesu8.Decode(CompleteLobChunk(type, value));
        }
        throw Incompatible(type, "String");
    }

    /// <summary>§7.3.6: a flag byte (bit 7 numeric, bits 0–6 declared length), then the characters; numeric values are left-padded with '0'.</summary>
    private static string DecodeAlphanum(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return string.Empty;
        }
        var flag = payload[0];
        var text = Cesu8.Decode(payload.Slice(1));
        var fieldLength = flag & 0x7F;
        if ((flag & 0x80) != 0 && text.Length < fieldLength)
        {
            return text.PadLeft(fieldLength, '0');
        }
        return text;
    }

    /// <summary>The bytes of a binary value (BINARY, VARBINARY, BSTRING, spatial WKB), without copying.</summary>
    public static ReadOnlySpan<byte> GetBinarySpan(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        if (HanaTypeInfo.IsBinaryString(type))
        {
            return Payload(type, value);
        }
        if (HanaTypeInfo.IsLob(type) && !HanaTypeInfo.IsCharacterLob(type))
        {
            return CompleteLobChunk(type, value);
        }
        throw Incompatible(type, "Byte[]");
    }

    public static byte[] GetBytes(HanaTypeCode type, ReadOnlySpan<byte> value) => GetBinarySpan(type, value).ToArray();

    /// <summary>Copies bytes from <paramref name="dataOffset"/> on (DbDataReader.GetBytes semantics); returns the count copied.</summary>
    public static int CopyBytes(HanaTypeCode type, ReadOnlySpan<byte> value, long dataOffset, Span<byte> destination)
    {
        var bytes = GetBinarySpan(type, value);
        if (dataOffset < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dataOffset));
        }
        if (dataOffset >= bytes.Length)
        {
            return 0;
        }
        var source = bytes.Slice((int)dataOffset);
        var count = Math.Min(source.Length, destination.Length);
        source.Slice(0, count).CopyTo(destination);
        return count;
    }

    /// <summary>The bytes after the length indicator of a non-NULL length-indicated value.</summary>
    private static ReadOnlySpan<byte> Payload(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        var total = LengthIndicated(value, out var header);
        if (value[0] == 255)
        {
            throw NullValue(type);
        }
        return value.Slice(header, total - header);
    }

    private static ReadOnlySpan<byte> CompleteLobChunk(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        var descriptor = GetLobDescriptor(type, value);
        if (descriptor.IsNull)
        {
            throw NullValue(type);
        }
        if (descriptor.ChunkLength != descriptor.ByteLength)
        {
            throw new InvalidCastException(
                $"The {type} value is not completely inline ({descriptor.ChunkLength} of {descriptor.ByteLength} bytes); read it through its locator.");
        }
        return descriptor.GetChunk(value);
    }
}
