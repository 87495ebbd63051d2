using Driver.Core.Types;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Protocol.Parts;

/// <summary>
/// Typed option lists (§5.1) and multi-line option lists (§5.2): CONNECTOPTIONS, TRANSACTIONFLAGS,
/// STATEMENTCONTEXT, SESSIONCONTEXT, CLIENTCONTEXT, DBCONNECTINFO, COMMITOPTIONS, FETCHOPTIONS, LOBFLAGS,
/// COMMANDINFO, XATRANSACTIONINFO, CLIENT_PING and TOPOLOGYINFORMATION.
/// </summary>
internal static class OptionsPart
{
    /// <summary>Writes the options; the part's argument count is <see cref="OptionSet.Count"/>.</summary>
    public static void Write(PacketWriter writer, OptionSet options)
    {
        foreach (var item in options.Items)
        {
            writer.WriteSByte(item.Key);
            WriteValue(writer, item.Value);
        }
    }

    private static void WriteValue(PacketWriter writer, OptionValue value)
    {
        writer.WriteByte((byte)value.Type);
        switch (value.Type)
        {
            case OptionValueType.TinyInt:
                writer.WriteByte((byte)value.AsInt64());
                break;
            case OptionValueType.SmallInt:
                writer.WriteInt16((short)value.AsInt64());
                break;
            case OptionValueType.Int:
                writer.WriteInt32((int)value.AsInt64());
                break;
            case OptionValueType.BigInt:
                writer.WriteInt64(value.AsInt64());
                break;
            case OptionValueType.Double:
                writer.WriteDouble(value.AsDouble());
                break;
            case OptionValueType.Boolean:
                writer.WriteByte(value.AsBoolean() ? (byte)1 : (byte)0);
                break;
            case OptionValueType.String:
            case OptionValueType.NString:
                var text = value.AsString();
                var length = Cesu8.GetByteCount(text.AsSpan());
                if (length > short.MaxValue)
                {
                    throw new ArgumentException($"Option string of {length} bytes exceeds the I2 length of §5.1.");
                }
                writer.WriteInt16((short)length);
                Cesu8.Encode(text.AsSpan(), writer.GetSpan(length));
                writer.Advance(length);
                break;
            case OptionValueType.BString:
                var bytes = value.AsBytes();
                if (bytes.Length > short.MaxValue)
                {
                    throw new ArgumentException($"Option byte string of {bytes.Length} bytes exceeds the I2 length of §5.1.");
                }
                writer.WriteInt16((short)bytes.Length);
                writer.WriteBytes(bytes);
                break;
            default:
                throw new ArgumentException($"Option value type {value.Type} cannot be written.");
        }
    }

    public static OptionSet Read(ReadOnlySpan<byte> buffer, int count)
    {
        var reader = new SpanReader(buffer);
        return ReadOptions(ref reader, count);
    }

    private static OptionSet ReadOptions(ref SpanReader reader, int count)
    {
        var options = new OptionSet();
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadSByte();
            options.Add(id, ReadValue(ref reader));
        }
        return options;
    }

    private static OptionValue ReadValue(ref SpanReader reader)
    {
        var type = (OptionValueType)reader.ReadByte();
        switch (type)
        {
            case OptionValueType.TinyInt:
                return OptionValue.TinyInt(reader.ReadByte());
            case OptionValueType.SmallInt:
                return OptionValue.SmallInt(reader.ReadInt16());
            case OptionValueType.Int:
                return OptionValue.Int(reader.ReadInt32());
            case OptionValueType.BigInt:
                return OptionValue.BigInt(reader.ReadInt64());
            case OptionValueType.Double:
                return OptionValue.Double(reader.ReadDouble());
            case OptionValueType.Boolean:
                return OptionValue.Boolean(reader.ReadByte() != 0);
            case OptionValueType.String:
            case OptionValueType.NString:
            {
                var length = reader.ReadInt16();
                if (length < 0)
                {
                    throw new HanaProtocolException($"Negative option string length {length}.");
                }
                var text = Cesu8.Decode(reader.ReadBytes(length));
                return type == OptionValueType.String ? OptionValue.String(text) : OptionValue.NString(text);
            }
            case OptionValueType.BString:
            {
                var length = reader.ReadInt16();
                if (length < 0)
                {
                    throw new HanaProtocolException($"Negative option byte string length {length}.");
                }
                return OptionValue.BString(reader.ReadBytes(length).ToArray());
            }
            default:
                // §5.1: without a known type the value's length is unknown, so the rest cannot be read
                throw new HanaProtocolException($"Unknown option value type {(int)type}.");
        }
    }

    public static List<OptionSet> ReadMultiline(ReadOnlySpan<byte> buffer, int lineCount)
    {
        var reader = new SpanReader(buffer);
        // each line needs at least its 2-byte count: bound the list before allocating it
        var lines = new List<OptionSet>(Math.Min(lineCount, buffer.Length / 2));
        for (var i = 0; i < lineCount; i++)
        {
            var count = reader.ReadInt16();
            if (count < 0)
            {
                throw new HanaProtocolException($"Negative option count {count} in a multi-line option part.");
            }
            lines.Add(ReadOptions(ref reader, count));
        }
        return lines;
    }
}
