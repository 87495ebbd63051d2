using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Session;
using Driver.Core.Types;

namespace Driver.Benchmarks.Compare;

// The raw bounds of issue 18's LOB and batch targets: the same request bytes the drivers send (the batch rows written
// by the drivers' own row writer, the LOB in the drivers' chunk sizes), replies framed, nothing decoded.
internal sealed partial class RawClient
{
    /// <summary>PREPARE; the statement id and its parameter metadata (to write rows as the drivers do).</summary>
    public (long Id, ParameterMetadata[] Parameters) PrepareWithParameters(string sql)
    {
        var builder = Begin(MessageType.Prepare);
        builder.BeginPart(PartKind.Command);
        SimpleParts.WriteText(_request, sql);
        builder.EndPart(1);
        var reply = RoundTrip();
        reply.TryGetPart(PartKind.StatementId, out var idPart);
        var id = SimpleParts.ReadId(reply.GetPartSpan(idPart));
        reply.TryGetPart(PartKind.ParameterMetadata, out var metadata);
        return (id, MetadataParts.ReadParameterMetadata(reply.GetPartSpan(metadata), metadata.ArgumentCount));
    }

    /// <summary>Builds the batch EXECUTE the drivers would send for <paramref name="rows"/>, once, outside any measurement.</summary>
    public byte[] BuildBatch(long statementId, ParameterMetadata[] parameters, IReadOnlyList<object?[]> rows)
    {
        var builder = Begin(MessageType.Execute, commit: true);
        builder.BeginPart(PartKind.StatementId);
        SimpleParts.WriteId(_request, statementId);
        builder.EndPart(1);
        builder.BeginPart(PartKind.Parameters);
        foreach (var row in rows)
        {
            ParameterRowWriter.WriteRow(_request, parameters, row);
        }
        builder.EndPart(rows.Count);
        builder.Finish();
        return _request.WrittenSpan.ToArray();
    }

    /// <summary>Sends a request built by <see cref="BuildBatch"/> (its packet number patched) and frames the reply.</summary>
    public void SendBuilt(byte[] message)
    {
        // §3.1: the packet count is the message header's bytes 8..11
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(8), _packetCount++);
        _transport.SendSync(message, message.Length);
        _transport.ReceiveSync(_reply);
        _parsed.Parse(_reply.Buffer, _reply.Length);
        if (_parsed.Segment.Kind == SegmentKind.Error)
        {
            _parsed.TryGetPart(PartKind.Error, out var error);
            throw ErrorPart.Read(_parsed.GetPartSpan(error), error.ArgumentCount)[0].ToException();
        }
    }

    /// <summary>
    /// Reads the one BLOB of a one-row query as the drivers do (§10.1): the descriptor's inline chunk, then READLOB of
    /// <paramref name="chunkBytes"/> until the last-data flag; returns the bytes received as LOB data.
    /// </summary>
    public long ReadLob(string sql, int chunkBytes)
    {
        var builder = BeginExecuteDirect(sql, fetchSize: 1);
        var reply = RoundTrip();
        reply.TryGetPart(PartKind.ResultSet, out var rows);
        var descriptor = ResultValueReader.GetLobDescriptor(HanaTypeCode.Blob, reply.GetPartSpan(rows));
        long received = descriptor.ChunkLength;
        var last = descriptor.IsLastData;
        while (!last)
        {
            builder = Begin(MessageType.ReadLob);
            builder.BeginPart(PartKind.ReadLobRequest);
            LobParts.WriteReadLobRequest(_request, descriptor.LocatorId, received + 1, chunkBytes);
            builder.EndPart(1);
            reply = RoundTrip();
            reply.TryGetPart(PartKind.ReadLobReply, out var part);
            var (_, options, _, length) = LobParts.ReadReadLobReply(reply.GetPartSpan(part));
            received += length;
            last = (options & LobOptions.LastData) != 0;
        }
        return received;
    }

    /// <summary>
    /// Inserts (<paramref name="id"/>, <paramref name="data"/>) through a prepared INSERT of (INTEGER, BLOB) as the
    /// drivers stream a large LOB (§10.2): EXECUTE with the first chunk, then WRITELOB of one chunk each, the last
    /// with the last-data flag.
    /// </summary>
    public void WriteLob(long statementId, int id, byte[] data, int chunkBytes)
    {
        var first = Math.Min(chunkBytes, data.Length);
        var builder = Begin(MessageType.Execute, commit: true);
        builder.BeginPart(PartKind.StatementId);
        SimpleParts.WriteId(_request, statementId);
        builder.EndPart(1);
        builder.BeginPart(PartKind.Parameters);
        var rowStart = _request.Length;
        _request.WriteByte((byte)HanaTypeCode.Int);
        _request.WriteInt32(id);
        var options = first == data.Length ? LobOptions.DataIncluded | LobOptions.LastData : LobOptions.DataIncluded;
        var descriptor = ParameterValueWriter.WriteLobDescriptor(_request, HanaTypeCode.Blob, new LobInputDescriptor(options, first, 0));
        _request.PatchInt32(descriptor + LobInputDescriptor.PositionOffset, _request.Length - rowStart + 1);
        _request.WriteBytes(data.AsSpan(0, first));
        builder.EndPart(1);
        var reply = RoundTrip();
        if (first == data.Length)
        {
            return;
        }
        reply.TryGetPart(PartKind.WriteLobReply, out var locators);
        var locator = LobParts.ReadWriteLobReply(reply.GetPartSpan(locators), locators.ArgumentCount)[0];
        for (var offset = first; offset < data.Length; offset += chunkBytes)
        {
            var length = Math.Min(chunkBytes, data.Length - offset);
            var chunkOptions = offset + length == data.Length ? LobOptions.DataIncluded | LobOptions.LastData : LobOptions.DataIncluded;
            builder = Begin(MessageType.WriteLob);
            builder.BeginPart(PartKind.WriteLobRequest);
            LobParts.WriteWriteLobChunk(_request, locator, chunkOptions, -1, data.AsSpan(offset, length));
            builder.EndPart(1);
            RoundTrip();
        }
    }

    /// <summary>EXECUTEDIRECT of a statement without a result (DDL, DELETE), auto-committed.</summary>
    public void ExecuteDirect(string sql)
    {
        BeginExecuteDirect(sql, fetchSize: null);
        RoundTrip();
    }

    /// <summary>An auto-committed EXECUTEDIRECT of <paramref name="sql"/>, with FETCHSIZE when given (§3.5).</summary>
    private MessageBuilder BeginExecuteDirect(string sql, int? fetchSize)
    {
        var builder = Begin(MessageType.ExecuteDirect, commit: true);
        builder.BeginPart(PartKind.Command);
        SimpleParts.WriteText(_request, sql);
        builder.EndPart(1);
        if (fetchSize is { } size)
        {
            builder.BeginPart(PartKind.FetchSize);
            _request.WriteInt32(size);
            builder.EndPart(1);
        }
        return builder;
    }
}
