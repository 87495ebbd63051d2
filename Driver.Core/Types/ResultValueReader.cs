using Driver.Core.Protocol;
using System.Buffers.Binary;

namespace Driver.Core.Types;

/// <summary>
/// Reads values in result-set encoding (docs/protocol.md §7.3: RESULTSET rows and OUTPUTPARAMETERS). A row is indexed
/// with <see cref="GetLength"/>; the typed getters then take exactly one value's bytes. Fixed-size getters allocate
/// nothing. Getters widen losslessly (GetInt64 on an INT column) and throw <see cref="InvalidCastException"/> for
/// other type pairs or for NULL; malformed bytes throw <see cref="HanaProtocolException"/>.
/// </summary>
internal static class ResultValueReader
{
    /// <summary>Metadata scale of a floating DECIMAL without fixed scale (§6.21, §7.3.4).</summary>
    public const int FloatingScale = 32767;

    /// <summary>Bytes the value at the start of <paramref name="data"/> occupies.</summary>
    public static int GetLength(HanaTypeCode type, ReadOnlySpan<byte> data)
    {
        switch (type)
        {
            case HanaTypeCode.TinyInt:
                return Indicated(data, 1);
            case HanaTypeCode.SmallInt:
                return Indicated(data, 2);
            case HanaTypeCode.Int:
                return Indicated(data, 4);
            case HanaTypeCode.BigInt:
            case HanaTypeCode.Fixed8:
                return Indicated(data, 8);
            case HanaTypeCode.Fixed12:
                return Indicated(data, 12);
            case HanaTypeCode.Fixed16:
                return Indicated(data, 16);
            case HanaTypeCode.Boolean:
                return Exactly(data, 1);
            case HanaTypeCode.Real:
            case HanaTypeCode.Date:
            case HanaTypeCode.Time:
            case HanaTypeCode.DayDate:
            case HanaTypeCode.SecondTime:
                return Exactly(data, 4);
            case HanaTypeCode.Double:
            case HanaTypeCode.Timestamp:
            case HanaTypeCode.SecondDate:
            case HanaTypeCode.LongDate:
                return Exactly(data, 8);
            case HanaTypeCode.Decimal:
                return Exactly(data, Decimal128.Size);
            case HanaTypeCode.AlphaNum:
            case HanaTypeCode.RealVector:
                return LengthIndicated(data, out _);
            default:
                if (HanaTypeInfo.IsCharacterString(type) || HanaTypeInfo.IsBinaryString(type))
                {
                    return LengthIndicated(data, out _);
                }
                if (HanaTypeInfo.IsLob(type))
                {
                    return LobLength(data);
                }
                throw new HanaProtocolException($"Unsupported type code {(int)type} ({type}) in a result row.");
        }
    }

    private static int Indicated(ReadOnlySpan<byte> data, int size)
    {
        Require(data, 1);
        if (data[0] == 0)
        {
            return 1;
        }
        Require(data, 1 + size);
        return 1 + size;
    }

    private static int Exactly(ReadOnlySpan<byte> data, int size)
    {
        Require(data, size);
        return size;
    }

    private static void Require(ReadOnlySpan<byte> data, long size)
    {
        if (data.Length < size)
        {
            throw new HanaProtocolException($"Truncated value: {size} bytes needed, {data.Length} left.");
        }
    }

    /// <summary>Total length of a §5.3 length-indicated value; <paramref name="headerSize"/> = prefix bytes.</summary>
    private static int LengthIndicated(ReadOnlySpan<byte> data, out int headerSize)
    {
        Require(data, 1);
        long length;
        switch (data[0])
        {
            case <= 245:
                headerSize = 1;
                length = data[0];
                break;
            case 246:
                Require(data, 3);
                headerSize = 3;
                // unsigned, to tolerate writers that use the 2-byte form up to 65535 (§5.3)
                length = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(1));
                break;
            case 247:
                Require(data, 5);
                headerSize = 5;
                length = BinaryPrimitives.ReadInt32LittleEndian(data.Slice(1));
                if (length < 0)
                {
                    throw new HanaProtocolException($"Negative length {length} in a length indicator.");
                }
                break;
            case 255:
                headerSize = 1;
                return 1;
            default:
                throw new HanaProtocolException($"Invalid length indicator byte 0x{data[0]:X2}.");
        }
        Require(data, headerSize + length);
        return (int)(headerSize + length);
    }

    private static int LobLength(ReadOnlySpan<byte> data)
    {
        Require(data, LobDescriptor.NullSize);
        if ((data[1] & (byte)LobOptions.Null) != 0)
        {
            return LobDescriptor.NullSize;
        }
        Require(data, LobDescriptor.HeaderSize);
        var chunkLength = BinaryPrimitives.ReadInt32LittleEndian(data.Slice(28));
        if (chunkLength < 0)
        {
            throw new HanaProtocolException($"Negative LOB chunk length {chunkLength}.");
        }
        Require(data, (long)LobDescriptor.HeaderSize + chunkLength);
        return LobDescriptor.HeaderSize + chunkLength;
    }

    /// <summary>True if the value (exactly one value's bytes) is NULL.</summary>
    public static bool IsNull(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        switch (type)
        {
            case HanaTypeCode.TinyInt:
            case HanaTypeCode.SmallInt:
            case HanaTypeCode.Int:
            case HanaTypeCode.BigInt:
            case HanaTypeCode.Fixed8:
            case HanaTypeCode.Fixed12:
            case HanaTypeCode.Fixed16:
                return value[0] == 0;
            case HanaTypeCode.Boolean:
                return value[0] == 1;
            case HanaTypeCode.Real:
                return BinaryPrimitives.ReadInt32LittleEndian(value) == -1;
            case HanaTypeCode.Double:
                return BinaryPrimitives.ReadInt64LittleEndian(value) == -1;
            case HanaTypeCode.Decimal:
                return Decimal128.IsNull(value);
            case HanaTypeCode.Date:
                return !DateTimeCodec.HasDate(value);
            case HanaTypeCode.Time:
                return !DateTimeCodec.HasTime(value);
            case HanaTypeCode.Timestamp:
                // a half-NULL value counts as NULL, like [G]; servers never send one (§7.3.7)
                return !DateTimeCodec.HasDate(value) || !DateTimeCodec.HasTime(value.Slice(4));
            case HanaTypeCode.DayDate:
            {
                // 0 is the "empty date", read as NULL like [N] (§7.3.8)
                var raw = BinaryPrimitives.ReadInt32LittleEndian(value);
                return raw is 0 or DateTimeCodec.DayDateNull;
            }
            case HanaTypeCode.SecondTime:
            {
                var raw = BinaryPrimitives.ReadInt32LittleEndian(value);
                return raw is 0 or DateTimeCodec.SecondTimeNull;
            }
            case HanaTypeCode.SecondDate:
            {
                var raw = BinaryPrimitives.ReadInt64LittleEndian(value);
                return raw is 0 or DateTimeCodec.SecondDateNull;
            }
            case HanaTypeCode.LongDate:
            {
                var raw = BinaryPrimitives.ReadInt64LittleEndian(value);
                return raw is 0 or DateTimeCodec.LongDateNull;
            }
            default:
                if (HanaTypeInfo.IsLob(type))
                {
                    return (value[1] & (byte)LobOptions.Null) != 0;
                }
                return value[0] == 255;
        }
    }

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
    public static decimal GetDecimal(HanaTypeCode type, int scale, ReadOnlySpan<byte> value)
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

    // ---- text and bytes ----

    public static string GetString(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        if (HanaTypeInfo.IsCharacterString(type))
        {
            return Cesu8.Decode(Payload(type, value));
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

    // ---- dates and times ----

    public static DateTime GetDateTime(HanaTypeCode type, ReadOnlySpan<byte> value)
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

    // ---- LOBs and vectors ----

    /// <summary>Parses a LOB descriptor (§7.3.9); a NULL LOB gives a descriptor with <see cref="LobDescriptor.IsNull"/>.</summary>
    public static LobDescriptor GetLobDescriptor(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        if (!HanaTypeInfo.IsLob(type))
        {
            throw Incompatible(type, "LOB");
        }
        var length = LobLength(value);
        var sourceType = (LobSourceType)value[0];
        var options = (LobOptions)value[1];
        if (length == LobDescriptor.NullSize)
        {
            return new LobDescriptor(sourceType, options, 0, 0, 0, LobDescriptor.NullSize, 0);
        }
        var charLength = BinaryPrimitives.ReadInt64LittleEndian(value.Slice(4));
        var byteLength = BinaryPrimitives.ReadInt64LittleEndian(value.Slice(12));
        var locator = BinaryPrimitives.ReadInt64LittleEndian(value.Slice(20));
        var chunkLength = BinaryPrimitives.ReadInt32LittleEndian(value.Slice(28));
        if (charLength < 0 || byteLength < 0 || chunkLength > byteLength)
        {
            throw new HanaProtocolException(
                $"Invalid LOB descriptor: char length {charLength}, byte length {byteLength}, chunk length {chunkLength}.");
        }
        return new LobDescriptor(sourceType, options, charLength, byteLength, locator, LobDescriptor.HeaderSize, chunkLength);
    }

    /// <summary>REAL_VECTOR (§7.3.10): I4 element count, then that many F4.</summary>
    public static float[] GetRealVector(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        if (type != HanaTypeCode.RealVector)
        {
            throw Incompatible(type, "Single[]");
        }
        return RealVectorCodec.Decode(Payload(type, value));
    }

    // ---- untyped ----

    /// <summary>The value as its natural .NET type, or null for NULL.</summary>
    public static object? GetValue(HanaTypeCode type, int scale, ReadOnlySpan<byte> value)
    {
        if (IsNull(type, value))
        {
            return null;
        }
        switch (type)
        {
            case HanaTypeCode.TinyInt:
                return GetByte(type, value);
            case HanaTypeCode.SmallInt:
                return GetInt16(type, value);
            case HanaTypeCode.Int:
                return GetInt32(type, value);
            case HanaTypeCode.BigInt:
                return GetInt64(type, value);
            case HanaTypeCode.Real:
                return GetSingle(type, value);
            case HanaTypeCode.Double:
                return GetDouble(type, value);
            case HanaTypeCode.Boolean:
                return GetBoolean(type, value);
            case HanaTypeCode.Decimal:
            {
                if (Decimal128.TryDecode(value, out var result))
                {
                    return scale is >= 0 and <= 28 ? DecimalScaling.WithScaleIfExact(result, scale) : result;
                }
                return GetHanaDecimal(type, scale, value);
            }
            case HanaTypeCode.Fixed8:
            case HanaTypeCode.Fixed12:
            case HanaTypeCode.Fixed16:
            {
                var raw = value.Slice(1, FixedDecimal.GetSize(type));
                return FixedDecimal.TryDecode(raw, scale, out var result) ? (object)result : FixedDecimal.Decode(raw, scale);
            }
            case HanaTypeCode.Date:
            case HanaTypeCode.Timestamp:
            case HanaTypeCode.DayDate:
            case HanaTypeCode.SecondDate:
            case HanaTypeCode.LongDate:
                return GetDateTime(type, value);
            case HanaTypeCode.Time:
            case HanaTypeCode.SecondTime:
                return GetTimeSpan(type, value);
            case HanaTypeCode.AlphaNum:
                return GetString(type, value);
            case HanaTypeCode.RealVector:
                return GetRealVector(type, value);
            default:
                if (HanaTypeInfo.IsCharacterString(type))
                {
                    return GetString(type, value);
                }
                if (HanaTypeInfo.IsBinaryString(type))
                {
                    return GetBytes(type, value);
                }
                if (HanaTypeInfo.IsLob(type))
                {
                    return GetLobDescriptor(type, value);
                }
                throw new HanaProtocolException($"Unsupported type code {(int)type} ({type}) in a result row.");
        }
    }

    private static InvalidCastException Incompatible(HanaTypeCode type, string target) =>
        new($"A {type} value cannot be read as {target}.");

    private static InvalidCastException NullValue(HanaTypeCode type) =>
        new($"The {type} value is NULL; check for NULL before calling a typed getter.");

    private static OverflowException TooBigForDecimal(HanaTypeCode type, string text) =>
        new($"The {type} value {text} does not fit System.Decimal without loss; read it as HanaDecimal.");
}
