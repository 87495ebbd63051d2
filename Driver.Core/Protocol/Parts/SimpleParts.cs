using System.Buffers.Binary;
using Driver.Core.Types;

namespace Driver.Core.Protocol.Parts;

/// <summary>
/// Parts with a fixed or trivial layout: COMMAND (§6.1), STATEMENTID / RESULTSETID (§6.2), FETCHSIZE (§6.3),
/// ROWSAFFECTED (§6.4), CLIENTID (§6.7) and CLIENTINFO (§6.8).
/// </summary>
internal static class SimpleParts
{
    /// <summary>Statement and result-set ids are 8 opaque bytes that clients echo back (§6.2).</summary>
    public static long ReadId(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < 8)
        {
            throw new HanaProtocolException($"An id part needs 8 bytes, got {buffer.Length}.");
        }
        return BinaryPrimitives.ReadInt64LittleEndian(buffer);
    }

    public static void WriteId(PacketWriter writer, long id) => writer.WriteInt64(id);

    public static int ReadFetchSize(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < 4)
        {
            throw new HanaProtocolException($"FETCHSIZE needs 4 bytes, got {buffer.Length}.");
        }
        return BinaryPrimitives.ReadInt32LittleEndian(buffer);
    }

    public static void WriteText(PacketWriter writer, string text)
    {
        var length = Cesu8.GetByteCount(text.AsSpan());
        Cesu8.Encode(text.AsSpan(), writer.GetSpan(length));
        writer.Advance(length);
    }

    public static string ReadText(ReadOnlySpan<byte> buffer) => Cesu8.Decode(buffer);

    /// <summary>§6.4: one I4 per executed row; -1 = to be determined, -2 = success count unknown, -3 = failed.</summary>
    public static int[] ReadRowsAffected(ReadOnlySpan<byte> buffer, int count)
    {
        if (count > buffer.Length / 4)
        {
            throw new HanaProtocolException($"ROWSAFFECTED announces {count} entries in {buffer.Length} bytes.");
        }
        var result = new int[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = BinaryPrimitives.ReadInt32LittleEndian(buffer.Slice(i * 4));
        }
        return result;
    }

    public static void WriteRowsAffected(PacketWriter writer, ReadOnlySpan<int> counts)
    {
        foreach (var count in counts)
        {
            writer.WriteInt32(count);
        }
    }

    /// <summary>
    /// §6.8: key/value strings with §5.3 length indicators. Clients disagree on the argument count (strings vs
    /// pairs), so the reader goes by the buffer length and pairs up strings sequentially (§15.2).
    /// </summary>
    public static List<KeyValuePair<string, string?>> ReadClientInfo(ReadOnlySpan<byte> buffer)
    {
        var reader = new SpanReader(buffer);
        var result = new List<KeyValuePair<string, string?>>();
        while (!reader.AtEnd)
        {
            var key = ReadIndicated(ref reader) ?? throw new HanaProtocolException("CLIENTINFO key is NULL.");
            var value = reader.AtEnd ? null : ReadIndicated(ref reader);
            result.Add(new KeyValuePair<string, string?>(key, value));
        }
        return result;
    }

    private static string? ReadIndicated(ref SpanReader reader)
    {
        var length = reader.ReadLengthIndicator();
        return length < 0 ? null : Cesu8.Decode(reader.ReadBytes(length));
    }

    /// <summary>Writes CLIENTINFO pairs; the argument count is the number of strings (2 per pair, as [N] and [R]).</summary>
    public static int WriteClientInfo(PacketWriter writer, IEnumerable<KeyValuePair<string, string?>> pairs)
    {
        var strings = 0;
        foreach (var pair in pairs)
        {
            WriteIndicated(writer, pair.Key);
            WriteIndicated(writer, pair.Value ?? string.Empty);
            strings += 2;
        }
        return strings;
    }

    private static void WriteIndicated(PacketWriter writer, string text)
    {
        var length = Cesu8.GetByteCount(text.AsSpan());
        writer.WriteLengthIndicator(length);
        Cesu8.Encode(text.AsSpan(), writer.GetSpan(length));
        writer.Advance(length);
    }
}
