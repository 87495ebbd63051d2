using Driver.Core.Protocol;
using Driver.Core.Types;

namespace Driver.TestServer.Protocol;

/// <summary>
/// Writes values in result-set encoding (docs/protocol.md §7.3), as the test server sends RESULTSET rows and
/// OUTPUTPARAMETERS, including every type's NULL form. Conversions and errors are those of
/// <see cref="ParameterValueWriter"/>; a failing value writes nothing.
/// </summary>
internal static class ResultValueWriter
{
    /// <summary>Writes one value of the column <paramref name="type"/> (scale used by FIXEDn).</summary>
    public static void Write(PacketWriter writer, HanaTypeCode type, int scale, object? value)
    {
        if (ValueConversion.IsNull(value))
        {
            WriteNull(writer, type);
            return;
        }
        var v = value!;
        Span<byte> buffer = stackalloc byte[16];
        switch (type)
        {
            case HanaTypeCode.TinyInt:
            {
                var n = ValueConversion.ToInt64(v, type, byte.MinValue, byte.MaxValue);
                writer.WriteByte(1);
                writer.WriteByte((byte)n);
                return;
            }
            case HanaTypeCode.SmallInt:
            {
                var n = ValueConversion.ToInt64(v, type, short.MinValue, short.MaxValue);
                writer.WriteByte(1);
                writer.WriteInt16((short)n);
                return;
            }
            case HanaTypeCode.Int:
            {
                var n = ValueConversion.ToInt64(v, type, int.MinValue, int.MaxValue);
                writer.WriteByte(1);
                writer.WriteInt32((int)n);
                return;
            }
            case HanaTypeCode.BigInt:
            {
                var n = ValueConversion.ToInt64(v, type, long.MinValue, long.MaxValue);
                writer.WriteByte(1);
                writer.WriteInt64(n);
                return;
            }
            case HanaTypeCode.Real:
                ParameterValueWriter.WriteSingle(writer, ValueConversion.ToSingle(v, type));
                return;
            case HanaTypeCode.Double:
                ParameterValueWriter.WriteDouble(writer, ValueConversion.ToDouble(v, type));
                return;
            case HanaTypeCode.Decimal:
                ParameterValueWriter.EncodeDecimal(v, type, buffer);
                writer.WriteBytes(buffer.Slice(0, Decimal128.Size));
                return;
            case HanaTypeCode.Fixed8:
            case HanaTypeCode.Fixed12:
            case HanaTypeCode.Fixed16:
            {
                var raw = buffer.Slice(0, FixedDecimal.GetSize(type));
                ParameterValueWriter.EncodeFixed(v, type, scale, raw);
                writer.WriteByte(1);
                writer.WriteBytes(raw);
                return;
            }
            case HanaTypeCode.Boolean:
                writer.WriteByte(ValueConversion.ToBoolean(v, type) ? (byte)2 : (byte)0);
                return;
            case HanaTypeCode.Date:
                DateTimeCodec.EncodeDate(ValueConversion.ToDateTime(v, type), buffer);
                writer.WriteBytes(buffer.Slice(0, 4));
                return;
            case HanaTypeCode.Time:
                DateTimeCodec.EncodeTime(ValueConversion.ToTimeOfDay(v, type), buffer);
                writer.WriteBytes(buffer.Slice(0, 4));
                return;
            case HanaTypeCode.Timestamp:
                DateTimeCodec.EncodeTimestamp(ValueConversion.ToDateTime(v, type), buffer);
                writer.WriteBytes(buffer.Slice(0, 8));
                return;
            case HanaTypeCode.DayDate:
                writer.WriteInt32(ValueConversion.ToDayNumber(ValueConversion.ToDateTime(v, type), type));
                return;
            case HanaTypeCode.SecondTime:
                writer.WriteInt32(DateTimeCodec.ToSecondTime(ValueConversion.ToTimeOfDay(v, type)));
                return;
            case HanaTypeCode.SecondDate:
            {
                var dateTime = ValueConversion.ToDateTime(v, type);
                ValueConversion.ToDayNumber(dateTime, type);
                writer.WriteInt64(DateTimeCodec.ToSecondDate(dateTime));
                return;
            }
            case HanaTypeCode.LongDate:
            {
                var dateTime = ValueConversion.ToDateTime(v, type);
                ValueConversion.ToDayNumber(dateTime, type);
                writer.WriteInt64(DateTimeCodec.ToLongDate(dateTime));
                return;
            }
            case HanaTypeCode.AlphaNum:
                WriteAlphanum(writer, ValueConversion.ToText(v, type));
                return;
            case HanaTypeCode.RealVector:
            {
                var floats = ValueConversion.ToRealVector(v, type);
                var length = RealVectorCodec.GetByteCount(floats.Length);
                writer.WriteLengthIndicator(length);
                RealVectorCodec.Encode(floats, writer.GetSpan(length));
                writer.Advance(length);
                return;
            }
        }
        if (HanaTypeInfo.IsCharacterString(type))
        {
            ParameterValueWriter.WriteText(writer, ValueConversion.ToText(v, type).AsSpan());
            return;
        }
        if (HanaTypeInfo.IsBinaryString(type))
        {
            var bytes = ValueConversion.ToBinary(v, type);
            writer.WriteLengthIndicator(bytes.Length);
            writer.WriteBytes(bytes);
            return;
        }
        if (HanaTypeInfo.IsLob(type))
        {
            WriteInlineLob(writer, type, v);
            return;
        }
        throw new ArgumentException($"HANA type {ValueConversion.Name(type)} ({(int)type}) cannot be written in a result row.", nameof(type));
    }

    /// <summary>The NULL form of each type (§7.3).</summary>
    public static void WriteNull(PacketWriter writer, HanaTypeCode type)
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
                writer.WriteByte(0);
                return;
            case HanaTypeCode.Real:
                writer.WriteInt32(-1);
                return;
            case HanaTypeCode.Double:
                writer.WriteInt64(-1);
                return;
            case HanaTypeCode.Decimal:
            {
                Span<byte> buffer = stackalloc byte[Decimal128.Size];
                Decimal128.WriteNull(buffer);
                writer.WriteBytes(buffer);
                return;
            }
            case HanaTypeCode.Boolean:
                writer.WriteByte(1);
                return;
            case HanaTypeCode.Date:
            case HanaTypeCode.Time:
                writer.WriteInt32(0);
                return;
            case HanaTypeCode.Timestamp:
                writer.WriteInt64(0);
                return;
            case HanaTypeCode.DayDate:
                writer.WriteInt32(DateTimeCodec.DayDateNull);
                return;
            case HanaTypeCode.SecondTime:
                writer.WriteInt32(DateTimeCodec.SecondTimeNull);
                return;
            case HanaTypeCode.SecondDate:
                writer.WriteInt64(DateTimeCodec.SecondDateNull);
                return;
            case HanaTypeCode.LongDate:
                writer.WriteInt64(DateTimeCodec.LongDateNull);
                return;
            case HanaTypeCode.AlphaNum:
            case HanaTypeCode.RealVector:
                writer.WriteByte(255);
                return;
        }
        if (HanaTypeInfo.IsCharacterString(type) || HanaTypeInfo.IsBinaryString(type))
        {
            writer.WriteByte(255);
            return;
        }
        if (HanaTypeInfo.IsLob(type))
        {
            // §7.3.9: a NULL descriptor ends after the options byte
            writer.WriteByte((byte)HanaTypeInfo.GetLobSourceType(type));
            writer.WriteByte((byte)LobOptions.Null);
            return;
        }
        throw new ArgumentException($"HANA type {ValueConversion.Name(type)} ({(int)type}) cannot be written in a result row.", nameof(type));
    }

    /// <summary>
    /// §7.3.6: flag byte (0x80 if the value is purely numeric, plus its length) and the characters. The declared field
    /// length is not known here, so the value's own length is used; readers then pad nothing.
    /// </summary>
    private static void WriteAlphanum(PacketWriter writer, string text)
    {
        if (text.Length > 127)
        {
            throw new ArgumentException("A HANA ALPHANUM value has at most 127 characters.", nameof(text));
        }
        var numeric = text.Length > 0;
        foreach (var c in text)
        {
            numeric &= c is >= '0' and <= '9';
        }
        var length = Cesu8.GetByteCount(text.AsSpan());
        writer.WriteLengthIndicator(length + 1);
        writer.WriteByte((byte)(text.Length | (numeric ? 0x80 : 0)));
        Cesu8.Encode(text.AsSpan(), writer.GetSpan(length));
        writer.Advance(length);
    }

    /// <summary>A complete LOB sent inline (options data included + last data, locator 0).</summary>
    private static void WriteInlineLob(PacketWriter writer, HanaTypeCode type, object value)
    {
        var sourceType = HanaTypeInfo.GetLobSourceType(type);
        if (HanaTypeInfo.IsCharacterLob(type))
        {
            var text = ValueConversion.ToText(value, type);
            var bytes = Cesu8.GetBytes(text);
            // NCLOB counts UTF-16 code units, CLOB counts bytes (§7.3.9)
            long chars = sourceType == LobSourceType.NClob ? text.Length : bytes.Length;
            WriteLobDescriptor(writer, sourceType, InlineOptions(bytes.Length), chars, bytes.Length, 0, bytes);
        }
        else
        {
            var bytes = ValueConversion.ToBinary(value, type);
            WriteLobDescriptor(writer, sourceType, InlineOptions(bytes.Length), bytes.Length, bytes.Length, 0, bytes);
        }
    }

    // A server must set "data included" exactly when a chunk follows ([R] reads it only then, §7.3.9).
    private static LobOptions InlineOptions(int length) =>
        length > 0 ? LobOptions.DataIncluded | LobOptions.LastData : LobOptions.LastData;

    /// <summary>
    /// Writes a LOB descriptor (§7.3.9) with an inline <paramref name="chunk"/>; with <see cref="LobOptions.Null"/>
    /// only the 2-byte NULL form is written.
    /// </summary>
    public static void WriteLobDescriptor(PacketWriter writer, LobSourceType sourceType, LobOptions options, long charLength,
        long byteLength, long locatorId, ReadOnlySpan<byte> chunk)
    {
        writer.WriteByte((byte)sourceType);
        writer.WriteByte((byte)options);
        if ((options & LobOptions.Null) != 0)
        {
            return;
        }
        writer.WriteZeros(2);
        writer.WriteInt64(charLength);
        writer.WriteInt64(byteLength);
        writer.WriteInt64(locatorId);
        writer.WriteInt32(chunk.Length);
        writer.WriteBytes(chunk);
    }
}
