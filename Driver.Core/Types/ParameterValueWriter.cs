using Driver.Core.Protocol;

namespace Driver.Core.Types;

/// <summary>
/// Writes input parameter values in parameter encoding (docs/protocol.md §7.4): one type-code byte, then the value;
/// NULL is the type code with bit 7 set and nothing after it. The .NET value is converted to the declared type first,
/// so a value that does not fit throws (naming the HANA type) before any byte of it is written.
/// </summary>
internal static class ParameterValueWriter
{
    /// <summary>
    /// A parameter of this type can be bound (the types <see cref="Write"/> has an encoding for). PREPARE's reply is
    /// held to it (StatementRunner.ReadPrepareReply): a type no encoder knows is a reply no server means.
    /// </summary>
    public static bool CanSend(HanaTypeCode type) =>
        type is HanaTypeCode.TinyInt or HanaTypeCode.SmallInt or HanaTypeCode.Int or HanaTypeCode.BigInt or HanaTypeCode.Real or HanaTypeCode.Double
            or HanaTypeCode.Decimal or HanaTypeCode.Fixed8 or HanaTypeCode.Fixed12 or HanaTypeCode.Fixed16 or HanaTypeCode.Boolean or HanaTypeCode.Date
            or HanaTypeCode.Time or HanaTypeCode.Timestamp or HanaTypeCode.DayDate or HanaTypeCode.SecondTime or HanaTypeCode.SecondDate
            or HanaTypeCode.LongDate or HanaTypeCode.RealVector or HanaTypeCode.AlphaNum
        || HanaTypeInfo.IsCharacterString(type) || HanaTypeInfo.IsBinaryString(type) || HanaTypeInfo.IsLob(type);

    /// <summary>
    /// Writes one parameter value of the declared <paramref name="type"/> (scale used by FIXEDn), or of the type the
    /// caller chose (<see cref="ParameterTypeOverride"/>).
    /// </summary>
    public static void Write(PacketWriter writer, HanaTypeCode type, int scale, object? value)
    {
        if (value is ParameterTypeOverride chosen)
        {
            // the caller's HanaDbType: sent as that type unless the declared code already is it
            var sent = chosen.Choose(type);
            scale = sent == type ? scale : 0;
            type = sent;
            value = chosen.Value;
        }
        if (ValueConversion.IsNull(value))
        {
            writer.WriteByte(GetNullTypeCode(type));
            return;
        }
        var v = value!;
        switch (type)
        {
            case HanaTypeCode.TinyInt:
            {
                var n = ValueConversion.ToInt64(v, type, byte.MinValue, byte.MaxValue);
                writer.WriteByte((byte)type);
                writer.WriteByte((byte)n);
                return;
            }
            case HanaTypeCode.SmallInt:
            {
                var n = ValueConversion.ToInt64(v, type, short.MinValue, short.MaxValue);
                writer.WriteByte((byte)type);
                writer.WriteInt16((short)n);
                return;
            }
            case HanaTypeCode.Int:
            {
                var n = ValueConversion.ToInt64(v, type, int.MinValue, int.MaxValue);
                writer.WriteByte((byte)type);
                writer.WriteInt32((int)n);
                return;
            }
            case HanaTypeCode.BigInt:
            {
                var n = ValueConversion.ToInt64(v, type, long.MinValue, long.MaxValue);
                writer.WriteByte((byte)type);
                writer.WriteInt64(n);
                return;
            }
            case HanaTypeCode.Real:
            {
                var f = ValueConversion.ToSingle(v, type);
                writer.WriteByte((byte)type);
                WriteSingle(writer, f);
                return;
            }
            case HanaTypeCode.Double:
            {
                var d = ValueConversion.ToDouble(v, type);
                writer.WriteByte((byte)type);
                WriteDouble(writer, d);
                return;
            }
            case HanaTypeCode.Decimal:
            {
                // encoded in place, then the type code before it (a stack copy before cost a copy per value): a value
                // that does not fit throws with nothing written
                var span = writer.GetSpan(1 + Decimal128.Size);
                EncodeDecimal(v, type, span.Slice(1, Decimal128.Size));
                span[0] = (byte)type;
                writer.Advance(1 + Decimal128.Size);
                return;
            }
            case HanaTypeCode.Fixed8:
            case HanaTypeCode.Fixed12:
            case HanaTypeCode.Fixed16:
            {
                var size = FixedDecimal.GetSize(type);
                var span = writer.GetSpan(1 + size);
                EncodeFixed(v, type, scale, span.Slice(1, size));
                span[0] = (byte)type;
                writer.Advance(1 + size);
                return;
            }
            case HanaTypeCode.Boolean:
            {
                // §7.4: 0x00 false, 0x02 true
                var b = ValueConversion.ToBoolean(v, type);
                writer.WriteByte((byte)type);
                writer.WriteByte(b ? (byte)2 : (byte)0);
                return;
            }
            case HanaTypeCode.Date:
            {
                var span = writer.GetSpan(5);
                DateTimeCodec.EncodeDate(ValueConversion.ToDateTime(v, type), span.Slice(1, 4));
                span[0] = (byte)type;
                writer.Advance(5);
                return;
            }
            case HanaTypeCode.Time:
            {
                var span = writer.GetSpan(5);
                DateTimeCodec.EncodeTime(ValueConversion.ToTimeOfDay(v, type), span.Slice(1, 4));
                span[0] = (byte)type;
                writer.Advance(5);
                return;
            }
            case HanaTypeCode.Timestamp:
            {
                var span = writer.GetSpan(9);
                DateTimeCodec.EncodeTimestamp(ValueConversion.ToDateTime(v, type), span.Slice(1, 8));
                span[0] = (byte)type;
                writer.Advance(9);
                return;
            }
            case HanaTypeCode.DayDate:
            {
                var day = ValueConversion.ToDayNumber(ValueConversion.ToDateTime(v, type), type);
                writer.WriteByte((byte)type);
                writer.WriteInt32(day);
                return;
            }
            case HanaTypeCode.SecondTime:
            {
                var raw = DateTimeCodec.ToSecondTime(ValueConversion.ToTimeOfDay(v, type));
                writer.WriteByte((byte)type);
                writer.WriteInt32(raw);
                return;
            }
            case HanaTypeCode.SecondDate:
            {
                var dateTime = ValueConversion.ToDateTime(v, type);
                ValueConversion.ToDayNumber(dateTime, type);
                writer.WriteByte((byte)type);
                writer.WriteInt64(DateTimeCodec.ToSecondDate(dateTime));
                return;
            }
            case HanaTypeCode.LongDate:
            {
                var dateTime = ValueConversion.ToDateTime(v, type);
                ValueConversion.ToDayNumber(dateTime, type);
                writer.WriteByte((byte)type);
                writer.WriteInt64(DateTimeCodec.ToLongDate(dateTime));
                return;
            }
            case HanaTypeCode.RealVector:
            {
                // [N] sends vectors as BINARY with the §7.3.10 payload (§7.4)
                var floats = ValueConversion.ToRealVector(v, type);
                var length = RealVectorCodec.GetByteCount(floats.Length);
                writer.WriteByte((byte)HanaTypeCode.Binary);
                writer.WriteLengthIndicator(length);
                RealVectorCodec.Encode(floats, writer.GetSpan(length));
                writer.Advance(length);
                return;
            }
        }
        if (HanaTypeInfo.IsCharacterString(type) || type == HanaTypeCode.AlphaNum)
        {
            var text = ValueConversion.ToText(v, type);
            writer.WriteByte((byte)type);
            WriteText(writer, text.AsSpan());
            return;
        }
        if (HanaTypeInfo.IsBinaryString(type))
        {
            var bytes = ValueConversion.ToBinary(v, type);
            writer.WriteByte((byte)type);
            writer.WriteLengthIndicator(bytes.Length);
            writer.WriteBytes(bytes);
            return;
        }
        if (HanaTypeInfo.IsLob(type))
        {
            if (v is not LobInputDescriptor descriptor)
            {
                throw new ArgumentException(
                    $"A HANA {ValueConversion.Name(type)} parameter is written as a LobInputDescriptor; its data follows the row's fixed fields (§10.2).",
                    nameof(value));
            }
            WriteLobDescriptor(writer, type, descriptor);
            return;
        }
        throw new ArgumentException($"HANA type {ValueConversion.Name(type)} ({(int)type}) cannot be sent as a parameter.", nameof(type));
    }

    /// <summary>
    /// The NULL code (§7.4). Most types use code | 0x80; for the DFV ≥ 4 date types and REAL_VECTOR this uses the codes
    /// [N] sends (0x8E DAYDATE, 0x8F SECONDTIME, 0x90 SECONDDATE/LONGDATE, 0x8C REAL_VECTOR), because HANA rejects
    /// some of the plain ones (0xC0 for SECONDTIME, [G]); a server accepts any code ≥ 0x80 as NULL.
    /// </summary>
    public static byte GetNullTypeCode(HanaTypeCode type) => type switch
    {
        HanaTypeCode.DayDate => (byte)HanaTypeCode.Date | 0x80,
        HanaTypeCode.SecondTime => (byte)HanaTypeCode.Time | 0x80,
        HanaTypeCode.SecondDate or HanaTypeCode.LongDate => (byte)HanaTypeCode.Timestamp | 0x80,
        HanaTypeCode.RealVector => (byte)HanaTypeCode.Binary | 0x80,
        _ => (byte)((byte)type | 0x80),
    };

    /// <summary>
    /// Writes a LOB parameter: type code + 9-byte input descriptor (§10.2). Returns the writer offset of the
    /// descriptor so the position can be patched (<see cref="LobInputDescriptor.PositionOffset"/>) once known.
    /// </summary>
    public static int WriteLobDescriptor(PacketWriter writer, HanaTypeCode type, LobInputDescriptor descriptor)
    {
        writer.WriteByte((byte)type);
        var offset = writer.Length;
        writer.WriteByte((byte)descriptor.Options);
        writer.WriteInt32(descriptor.Length);
        writer.WriteInt32(descriptor.Position);
        return offset;
    }

    internal static void WriteText(PacketWriter writer, ReadOnlySpan<char> text)
    {
        var length = Cesu8.GetByteCount(text);
        writer.WriteLengthIndicator(length);
        if (length > 0)
        {
            Cesu8.Encode(text, writer.GetSpan(length));
            writer.Advance(length);
        }
    }

    /// <summary>NaN is written canonically so no NaN payload can collide with the all-ones NULL pattern (§7.3.2).</summary>
    internal static void WriteSingle(PacketWriter writer, float value) =>
        writer.WriteSingle(float.IsNaN(value) ? float.NaN : value);

    internal static void WriteDouble(PacketWriter writer, double value) =>
        writer.WriteDouble(double.IsNaN(value) ? double.NaN : value);

    internal static void EncodeDecimal(object value, HanaTypeCode type, Span<byte> destination)
    {
        try
        {
            if (ValueConversion.ToDecimalOrHanaDecimal(value, type, out var small, out var exact))
            {
                Decimal128.Encode(small, destination);
            }
            else
            {
                Decimal128.Encode(exact, destination);
            }
        }
        catch (OverflowException e)
        {
            throw new OverflowException($"{e.Message} (HANA {ValueConversion.Name(type)})", e);
        }
    }

    internal static void EncodeFixed(object value, HanaTypeCode type, int scale, Span<byte> destination)
    {
        if (ValueConversion.ToDecimalOrHanaDecimal(value, type, out var small, out var exact))
        {
            FixedDecimal.Encode(small, scale, destination);
        }
        else
        {
            FixedDecimal.Encode(exact, scale, destination);
        }
    }
}
