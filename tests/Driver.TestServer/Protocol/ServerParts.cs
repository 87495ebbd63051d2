using System.Buffers.Binary;
using System.Text;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Types;
#if !TEST_SERVER
// also compiled into the tests, benchmarks and parser fuzzer against the sync build's internals
using Driver.Sync;
#endif

namespace Driver.TestServer.Protocol;

/// <summary>
/// The server's side of the parts whose driver side is in Driver.Core/Protocol/Parts: reads what clients send
/// (FETCHSIZE, COMMAND text, CLIENTINFO, READLOBREQUEST, WRITELOBREQUEST) and writes what only a server sends
/// (the hello reply, ROWSAFFECTED, READLOBREPLY, WRITELOBREPLY, metadata, multi-line options, ERROR records).
/// Compiled into the test server alone, so neither driver package ships it.
/// </summary>
internal static class ServerParts
{
    // ---------------------------------------------------------------- hello (§2)

    /// <summary>§15.2: what a server answers (node-hdb's mock echoes bytes 4..11 of the request).</summary>
    public static ReadOnlySpan<byte> HelloReply => [0x04, 0x14, 0x00, 0x04, 0x01, 0x00, 0x00, 0x01];

    /// <summary>A server consumes exactly 14 bytes without validating versions (§2.1); only the marker is checked.</summary>
    public static bool IsClientHello(ReadOnlySpan<byte> request) =>
        request.Length >= Hello.RequestSize && request[0] == 0xFF && request[1] == 0xFF && request[2] == 0xFF && request[3] == 0xFF;

    // ---------------------------------------------------------------- simple parts (§6.3, §6.4, §6.8)

    /// <summary>FETCHSIZE (§6.3): the I4 number of rows wanted.</summary>
    public static int ReadFetchSize(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < 4)
        {
            throw new HanaProtocolException($"FETCHSIZE needs 4 bytes, got {buffer.Length}.");
        }
        return BinaryPrimitives.ReadInt32LittleEndian(buffer);
    }

    /// <summary>COMMAND (§6.1): the SQL text, CESU-8 without prefix or terminator.</summary>
    public static string ReadText(ReadOnlySpan<byte> buffer) => Cesu8.Decode(buffer);

    /// <summary>ROWSAFFECTED (§6.4): one I4 per executed row.</summary>
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

    // ---------------------------------------------------------------- LOBs (§6.26 - §6.29)

    /// <summary>Reads a READLOBREQUEST: locator, 1-based offset, length in bytes or characters.</summary>
    public static (long LocatorId, long Offset, int Length) ReadReadLobRequest(ReadOnlySpan<byte> buffer)
    {
        var reader = new SpanReader(buffer);
        var locator = reader.ReadInt64();
        var offset = reader.ReadInt64();
        var length = reader.ReadInt32();
        if (offset < 1 || length < 0)
        {
            throw new HanaProtocolException($"Invalid READLOBREQUEST offset {offset} / length {length}.");
        }
        return (locator, offset, length);
    }

    public static void WriteReadLobReply(PacketWriter writer, long locatorId, LobOptions options, ReadOnlySpan<byte> chunk)
    {
        writer.WriteInt64(locatorId);
        writer.WriteByte((byte)options);
        writer.WriteInt32(chunk.Length);
        writer.WriteZeros(3);
        writer.WriteBytes(chunk);
    }

    public static List<WriteLobChunk> ReadWriteLobRequest(ReadOnlySpan<byte> buffer, int count)
    {
        if (count > buffer.Length / LobParts.WriteLobChunkHeaderSize)
        {
            throw new HanaProtocolException($"WRITELOBREQUEST announces {count} chunks in {buffer.Length} bytes.");
        }
        var reader = new SpanReader(buffer);
        var chunks = new List<WriteLobChunk>(count);
        for (var i = 0; i < count; i++)
        {
            var locator = reader.ReadInt64();
            var options = (LobOptions)reader.ReadByte();
            var offset = reader.ReadInt64();
            var length = reader.ReadInt32();
            if (length < 0)
            {
                throw new HanaProtocolException($"Negative WRITELOBREQUEST chunk length {length}.");
            }
            var dataOffset = reader.Position;
            reader.Skip(length);
            chunks.Add(new WriteLobChunk(locator, options, offset, dataOffset, length));
        }
        return chunks;
    }

    public static void WriteWriteLobReply(PacketWriter writer, ReadOnlySpan<long> locatorIds)
    {
        foreach (var id in locatorIds)
        {
            writer.WriteInt64(id);
        }
    }

    // ---------------------------------------------------------------- metadata (§6.21, §6.22)

    public static void WriteResultSetMetadata(PacketWriter writer, IReadOnlyList<ColumnMetadata> columns)
    {
        var names = new NameAreaWriter();
        foreach (var column in columns)
        {
            writer.WriteByte((byte)column.Options);
            writer.WriteByte((byte)column.TypeCode);
            writer.WriteInt16(column.Fraction);
            writer.WriteInt16(column.Length);
            writer.WriteInt16(0);
            writer.WriteInt32(unchecked((int)names.Add(column.TableName)));
            writer.WriteInt32(unchecked((int)names.Add(column.SchemaName)));
            writer.WriteInt32(unchecked((int)names.Add(column.ColumnName)));
            writer.WriteInt32(unchecked((int)names.Add(column.DisplayName)));
        }
        names.Write(writer);
    }

    public static void WriteParameterMetadata(PacketWriter writer, IReadOnlyList<ParameterMetadata> parameters)
    {
        // §6.22: names in descriptor order with matching offsets ([R] reads them sequentially)
        var names = new NameAreaWriter();
        foreach (var parameter in parameters)
        {
            writer.WriteByte((byte)parameter.Options);
            writer.WriteByte((byte)parameter.TypeCode);
            writer.WriteByte((byte)parameter.Mode);
            writer.WriteByte(0);
            writer.WriteInt32(unchecked((int)names.Add(parameter.Name)));
            writer.WriteInt16(parameter.Length);
            writer.WriteInt16(parameter.Fraction);
            writer.WriteInt32(0);
        }
        names.Write(writer);
    }

    // ---------------------------------------------------------------- options (§5.2) and errors (§12.1)

    /// <summary>Writes a §5.2 multi-line list; the part's argument count is the number of lines.</summary>
    public static void WriteMultiline(PacketWriter writer, IReadOnlyList<OptionSet> lines)
    {
        foreach (var line in lines)
        {
            writer.WriteInt16(checked((short)line.Count));
            OptionsPart.Write(writer, line);
        }
    }

    /// <summary>
    /// ERROR records (§12.1) as §15.2 advises: each record is 18 + T bytes, at least one zero byte, then zeros to the
    /// next multiple of 8; the part's buffer length leaves out the padding of the last record.
    /// </summary>
    public static void WriteErrors(PacketWriter writer, IReadOnlyList<ErrorRecord> records)
    {
        var start = writer.Length;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var textLength = Cesu8.GetByteCount(record.Message.AsSpan());
            writer.WriteInt32(record.Code);
            writer.WriteInt32(record.Position);
            writer.WriteInt32(textLength);
            writer.WriteByte((byte)record.Level);
            var state = (record.SqlState ?? "HY000").PadRight(5).Substring(0, 5);
            writer.WriteBytes(Encoding.ASCII.GetBytes(state));
            Cesu8.Encode(record.Message.AsSpan(), writer.GetSpan(textLength));
            writer.Advance(textLength);
            writer.WriteByte(0);
            if (i < records.Count - 1)
            {
                writer.WriteZeros(PartHeader.PaddingFor(writer.Length - start));
            }
        }
    }
}
