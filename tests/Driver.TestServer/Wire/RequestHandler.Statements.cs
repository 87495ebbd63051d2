using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Types;
using Driver.TestServer.Engine;
using Driver.TestServer.Protocol;

namespace Driver.TestServer.Wire;

// Statement requests (§9.1): EXECUTEDIRECT, PREPARE, EXECUTE, FETCHNEXT, CLOSERESULTSET, DROPSTATEMENTID,
// COMMIT, ROLLBACK, READLOB, WRITELOB.
internal sealed partial class RequestHandler
{
    /// <summary>Upper bound of one RESULTSET part; a page ends early rather than grow past it.</summary>
    private const int MaxResultPartBytes = 4 << 20;

    private RowEncoder? _rowEncoder;

    private bool HandleStatementRequest(ParsedMessage request, PacketWriter writer)
    {
        var type = request.Segment.MessageType;
        if (type is MessageType.ExecuteDirect or MessageType.Execute or MessageType.Prepare && _session.Connection.Faults?.NextError is { } injected)
        {
            _session.Connection.Faults!.NextError = null;
            throw new ServerError(injected.Code, injected.Message);
        }
        ReadClientInfo(request);
        switch (type)
        {
            case MessageType.ExecuteDirect:
                LastFaultPoint = FaultPoint.Execute;
                return ExecuteDirect(request, writer);
            case MessageType.Prepare:
                return Prepare(request, writer);
            case MessageType.Execute:
                LastFaultPoint = FaultPoint.Execute;
                return Execute(request, writer);
            case MessageType.FetchNext:
                LastFaultPoint = FaultPoint.Fetch;
                return FetchNext(request, writer);
            case MessageType.CloseResultSet:
                _session.CloseCursor(ReadId(request, PartKind.ResultSetId));
                BeginReply(writer, request.Header.PacketCount, FunctionCode.Nil).Finish();
                return true;
            case MessageType.DropStatementId:
                _session.DropStatement(ReadId(request, PartKind.StatementId));
                BeginReply(writer, request.Header.PacketCount, FunctionCode.Nil).Finish();
                return true;
            case MessageType.Commit:
                Run(() => _session.Sql.Commit(), FunctionCode.Commit);
                WriteTransactionReply(writer, request.Header.PacketCount, FunctionCode.Commit, committed: true);
                return true;
            case MessageType.Rollback:
                Run(() => _session.Sql.Rollback(), FunctionCode.Rollback);
                WriteTransactionReply(writer, request.Header.PacketCount, FunctionCode.Rollback, committed: false);
                return true;
            case MessageType.ReadLob:
                LastFaultPoint = FaultPoint.Fetch;
                return ReadLob(request, writer);
            case MessageType.WriteLob:
                return WriteLob(request, writer);
            default:
                throw new ServerError(7, $"feature not supported: message type {(int)type}");
        }
    }

    /// <summary>
    /// CLIENTINFO (§6.8) is accepted with any request and kept per session, before the request's statement runs; an
    /// empty value unsets the key. SESSION_CONTEXT('KEY') reads them (EngineSession.SetClientInfo).
    /// </summary>
    private void ReadClientInfo(ParsedMessage request)
    {
        if (request.TryGetPart(PartKind.ClientInfo, out var part))
        {
            foreach (var pair in ServerParts.ReadClientInfo(request.GetPartSpan(part)))
            {
                _session.ClientInfo.RemoveAll(existing => existing.Key == pair.Key);
                if (!string.IsNullOrEmpty(pair.Value))
                {
                    _session.ClientInfo.Add(pair);
                }
            }
            _session.Sql.SetClientInfo(_session.ClientInfo);
        }
    }

    private static long ReadId(ParsedMessage request, PartKind kind) =>
        request.TryGetPart(kind, out var part)
            ? SimpleParts.ReadId(request.GetPartSpan(part))
            : throw new ServerError(1033, $"error while parsing protocol: no {kind} part", level: HanaErrorLevel.Fatal);

    private static string ReadCommand(ParsedMessage request) =>
        request.TryGetPart(PartKind.Command, out var part)
            ? ServerParts.ReadText(request.GetPartSpan(part))
            : throw new ServerError(1033, "error while parsing protocol: no COMMAND part", level: HanaErrorLevel.Fatal);

    private int FetchSizeOf(ParsedMessage request) =>
        request.TryGetPart(PartKind.FetchSize, out var part) ? Math.Max(1, ServerParts.ReadFetchSize(request.GetPartSpan(part))) : _server.Options.DefaultFetchSize;

    /// <summary>Runs engine work, turning its errors into HANA error replies with the statement's function code.</summary>
    private static T Run<T>(Func<T> work, FunctionCode functionCode)
    {
        try
        {
            return work();
        }
        catch (EngineException error)
        {
            throw new ServerError(error.Code, error.Message, error.SqlState, error.Position, HanaErrorLevel.Error, functionCode);
        }
    }

    private static void Run(Action work, FunctionCode functionCode) => Run(() => { work(); return 0; }, functionCode);

    private bool ExecuteDirect(ParsedMessage request, PacketWriter writer)
    {
        var sql = ReadCommand(request);
        if (TryHandleSessionControl(sql, request, writer))
        {
            return true;
        }
        var autoCommit = request.Segment.Commit;
        _server.RecordExecution(_session.Connection, sql);
        var result = Run(() => _session.Sql.ExecuteDirect(sql, autoCommit), FunctionCode.Nil);
        WriteExecuteReply(request, writer, result, statement: null, FetchSizeOf(request), includeMetadata: true);
        return true;
    }

    private bool Prepare(ParsedMessage request, PacketWriter writer)
    {
        var sql = ReadCommand(request);
        var prepared = Run(() => _session.Sql.Prepare(sql), FunctionCode.Nil);
        var statement = _session.AddStatement(prepared);
        var builder = BeginReply(writer, request.Header.PacketCount, statement.FunctionCode);
        builder.BeginPart(PartKind.StatementId);
        SimpleParts.WriteId(writer, statement.Id);
        builder.EndPart(1);
        if (statement.Columns.Length > 0)
        {
            builder.BeginPart(PartKind.ResultSetMetadata);
            ServerParts.WriteResultSetMetadata(writer, statement.Columns);
            builder.EndPart(statement.Columns.Length);
        }
        if (statement.Parameters.Length > 0)
        {
            builder.BeginPart(PartKind.ParameterMetadata);
            ServerParts.WriteParameterMetadata(writer, statement.Parameters);
            builder.EndPart(statement.Parameters.Length);
        }
        WriteTableLocation(builder, writer, sql);
        builder.Finish();
        return true;
    }

    private bool Execute(ParsedMessage request, PacketWriter writer)
    {
        var statement = _session.GetStatement(ReadId(request, PartKind.StatementId));
        var rows = new List<object?[]>();
        PendingLobWrite? pending = null;
        if (request.TryGetPart(PartKind.Parameters, out var parametersPart))
        {
            pending = ParameterRows.Read(request.GetPartSpan(parametersPart), parametersPart.ArgumentCount, statement, rows, _session);
        }
        else if (statement.Inputs.Length > 0)
        {
            throw new ServerError(1033, "error while parsing protocol: EXECUTE without PARAMETERS for a statement with parameters", level: HanaErrorLevel.Error);
        }
        else
        {
            rows.Add([]);
        }
        if (pending is not null)
        {
            // §10.2: the row is only complete after WRITELOB; answer like HANA and execute when the data is in
            pending.AutoCommit = request.Segment.Commit;
            _session.PendingLobWrite = pending;
            var builder = BeginReply(writer, request.Header.PacketCount, statement.FunctionCode);
            builder.BeginPart(PartKind.RowsAffected);
            ServerParts.WriteRowsAffected(writer, Enumerable.Repeat(1, rows.Count).ToArray());
            builder.EndPart(rows.Count);
            builder.BeginPart(PartKind.WriteLobReply);
            var locators = pending.IncompleteLocators();
            ServerParts.WriteWriteLobReply(writer, locators);
            builder.EndPart(locators.Length);
            WriteTransactionFlags(builder, writer, committed: false, writeStarted: true);
            builder.Finish();
            return true;
        }
        _server.RecordExecution(_session.Connection, statement.Statement.Sql);
        var result = Run(() => _session.Sql.Execute(statement.Statement, rows, request.Segment.Commit), statement.FunctionCode);
        if (result.RowErrors.Count > 0)
        {
            WriteBatchErrorReply(writer, request.Header.PacketCount, result, statement.FunctionCode);
            return true;
        }
        WriteExecuteReply(request, writer, result, statement, FetchSizeOf(request), includeMetadata: false);
        return true;
    }

    private bool WriteLob(ParsedMessage request, PacketWriter writer)
    {
        if (!request.TryGetPart(PartKind.WriteLobRequest, out var part))
        {
            throw new ServerError(1033, "error while parsing protocol: WRITELOB without WRITELOBREQUEST", level: HanaErrorLevel.Fatal);
        }
        var pending = _session.PendingLobWrite ?? throw new ServerError(2, "general error: no LOB is waiting for data");
        var buffer = request.GetPartSpan(part);
        foreach (var chunk in ServerParts.ReadWriteLobRequest(buffer, part.ArgumentCount))
        {
            pending.Append(chunk.LocatorId, buffer.Slice(chunk.DataOffset, chunk.DataLength), chunk.IsLast);
        }
        var remaining = pending.IncompleteLocators();
        var builder = BeginReply(writer, request.Header.PacketCount, FunctionCode.WriteLob);
        if (remaining.Length == 0)
        {
            _session.PendingLobWrite = null;
            var rows = pending.CompleteRows();
            var result = Run(() => _session.Sql.Execute(pending.Statement.Statement, rows, pending.AutoCommit), FunctionCode.WriteLob);
            if (result.RowErrors.Count > 0)
            {
                WriteBatchErrorReply(writer, request.Header.PacketCount, result, FunctionCode.WriteLob);
                return true;
            }
            if (result.Kind == StatementKind.Call)
            {
                // §9.1, §17: the WRITELOB that completes a CALL's inputs answers with the CALL's results
                WriteCallReply(request, writer, result, pending.Statement, _server.Options.DefaultFetchSize, lobReply: true);
                return true;
            }
            builder.BeginPart(PartKind.WriteLobReply);
            builder.EndPart(0);
            WriteTransactionFlags(builder, writer, result.Committed, result.WriteTransactionStarted);
        }
        else
        {
            builder.BeginPart(PartKind.WriteLobReply);
            ServerParts.WriteWriteLobReply(writer, remaining);
            builder.EndPart(remaining.Length);
        }
        builder.Finish();
        return true;
    }

    private void WriteExecuteReply(ParsedMessage request, PacketWriter writer, EngineResult result, ServerStatement? statement, int fetchSize, bool includeMetadata)
    {
        if (result.Kind == StatementKind.Call)
        {
            WriteCallReply(request, writer, result, statement, fetchSize);
            return;
        }
        var functionCode = statement?.FunctionCode ?? Metadata.FunctionCodeOf(result.Kind);
        var builder = BeginReply(writer, request.Header.PacketCount, functionCode);
        if (result.Cursor is { } cursor)
        {
            var columns = statement?.Columns ?? cursor.Columns.Select(c => Metadata.Column(c, _session.DataFormatVersion)).ToArray();
            if (statement is not null && ColumnsChanged(statement.Columns, cursor.Columns))
            {
                // DDL (of any session) changed the statement's table since PREPARE and DuckDB bound it anew: the rows
                // have other columns than the client was told, so the reply describes them again, as hdbconnect
                // accepts (docs/protocol.md §9.1, EXECUTE), and the statement remembers what it told
                columns = cursor.Columns.Select(c => Metadata.Column(c, _session.DataFormatVersion)).ToArray();
                statement.Columns = columns;
                includeMetadata = true;
            }
            if (includeMetadata)
            {
                builder.BeginPart(PartKind.ResultSetMetadata);
                ServerParts.WriteResultSetMetadata(writer, columns);
                builder.EndPart(columns.Length);
            }
            var resultSetId = _session.AddCursor(cursor, columns, statement?.Id ?? 0);
            builder.BeginPart(PartKind.ResultSetId);
            SimpleParts.WriteId(writer, resultSetId);
            builder.EndPart(1);
            WriteRows(builder, writer, resultSetId, fetchSize);
        }
        else if (functionCode is FunctionCode.Insert or FunctionCode.Update or FunctionCode.Delete)
        {
            builder.BeginPart(PartKind.RowsAffected);
            ServerParts.WriteRowsAffected(writer, result.RowsAffected.ToArray());
            builder.EndPart(result.RowsAffected.Count);
        }
        if (result.Committed || result.RolledBack || result.WriteTransactionStarted)
        {
            WriteTransactionFlags(builder, writer, result.Committed, result.WriteTransactionStarted && !result.Committed, result.RolledBack);
        }
        builder.Finish();
    }

    /// <summary>The result's columns are not the ones described to the client: another count, name or wire type.</summary>
    private bool ColumnsChanged(ColumnMetadata[] described, IReadOnlyList<EngineColumn> result)
    {
        if (described.Length != result.Count)
        {
            return true;
        }
        for (var i = 0; i < described.Length; i++)
        {
            var now = Metadata.Column(result[i], _session.DataFormatVersion);
            if (!string.Equals(described[i].ColumnName, now.ColumnName, StringComparison.Ordinal) || described[i].TypeCode != now.TypeCode)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A batch whose rows partly failed (§6.4, §12.2): segment kind 5 with the statement's function code, the ERROR
    /// part first with one record per failed row in row order, then ROWSAFFECTED with an entry per row (-3 for the
    /// failed ones; the others were executed), then TRANSACTIONFLAGS. hdbconnect pairs the records with the -3
    /// entries, go-hdb numbers them by the -3 entries, node-hdb reads the first record.
    /// </summary>
    private void WriteBatchErrorReply(PacketWriter writer, int packetCount, EngineResult result, FunctionCode functionCode)
    {
        var builder = Builder(writer);
        builder.BeginReply(_session.SessionId, packetCount, SegmentKind.Error, functionCode);
        builder.BeginPart(PartKind.Error);
        var records = new List<ErrorRecord>(result.RowErrors.Count);
        for (var i = 0; i < result.RowErrors.Count; i++)
        {
            var error = result.RowErrors[i].Error;
            records.Add(new ErrorRecord(error.Code, error.Position, HanaErrorLevel.Error, error.SqlState,
                i < result.RowErrors.Count - 1 ? ReadableByBothPaddings(error.Message) : error.Message));
        }
        ServerParts.WriteErrors(writer, records);
        builder.EndPart(records.Count);
        builder.BeginPart(PartKind.RowsAffected);
        ServerParts.WriteRowsAffected(writer, result.RowsAffected.ToArray());
        builder.EndPart(result.RowsAffected.Count);
        WriteTransactionFlags(builder, writer, result.Committed, result.WriteTransactionStarted && !result.Committed);
        builder.Finish();
    }

    /// <summary>
    /// §12.1: between several records go-hdb skips the padding to the next multiple of 8 (none when 18 + T is one),
    /// hdbconnect always 1..8 bytes; they disagree only when 18 + T is a multiple of 8. A trailing space keeps every
    /// record but the last away from that case, so both read the same records.
    /// </summary>
    private static string ReadableByBothPaddings(string message) =>
        (18 + Cesu8.GetByteCount(message.AsSpan())) % 8 == 0 ? message + " " : message;

    /// <summary>One RESULTSET part of up to <paramref name="fetchSize"/> rows, with the §4.6 attributes.</summary>
    private void WriteRows(MessageBuilder builder, PacketWriter writer, long resultSetId, int fetchSize)
    {
        var cursor = _session.GetCursor(resultSetId);
        builder.BeginPart(PartKind.ResultSet);
        var encoder = _rowEncoder ??= new RowEncoder(_session);
        encoder.Begin(writer, cursor.WireTypes, cursor.Scales, MaxResultPartBytes);
        Run(() => cursor.Cursor.Fetch(fetchSize, encoder), FunctionCode.Fetch);
        var attributes = PartAttributes.None;
        if (cursor.Cursor.IsExhausted)
        {
            // §9.2 item 5: a finished result comes back closed (0x11), an empty one with row-not-found (0x19)
            attributes = PartAttributes.LastPacket | PartAttributes.ResultSetClosed;
            if (encoder.Rows == 0 && cursor.RowsSent == 0)
            {
                attributes |= PartAttributes.RowNotFound;
            }
            _session.CloseCursor(resultSetId);
        }
        cursor.RowsSent += encoder.Rows;
        builder.SetPartAttributes(attributes);
        builder.EndPart(encoder.Rows);
    }

    private bool FetchNext(ParsedMessage request, PacketWriter writer)
    {
        var resultSetId = ReadId(request, PartKind.ResultSetId);
        var builder = BeginReply(writer, request.Header.PacketCount, FunctionCode.Fetch);
        WriteRows(builder, writer, resultSetId, FetchSizeOf(request));
        builder.Finish();
        return true;
    }

    private bool ReadLob(ParsedMessage request, PacketWriter writer)
    {
        if (!request.TryGetPart(PartKind.ReadLobRequest, out var part))
        {
            throw new ServerError(1033, "error while parsing protocol: READLOB without READLOBREQUEST", level: HanaErrorLevel.Fatal);
        }
        var (locator, offset, length) = ServerParts.ReadReadLobRequest(request.GetPartSpan(part));
        var source = _session.GetLob(locator);
        var chunk = source.Read(offset, length, out var last);
        if (last)
        {
            _session.ReleaseLob(locator);
        }
        var builder = BeginReply(writer, request.Header.PacketCount, FunctionCode.ReadLob);
        builder.BeginPart(PartKind.ReadLobReply);
        ServerParts.WriteReadLobReply(writer, locator, LobOptions.DataIncluded | (last ? LobOptions.LastData : LobOptions.None), chunk);
        builder.EndPart(1);
        builder.Finish();
        return true;
    }

    private void WriteTransactionReply(PacketWriter writer, int packetCount, FunctionCode functionCode, bool committed)
    {
        var builder = BeginReply(writer, packetCount, functionCode);
        WriteTransactionFlags(builder, writer, committed, writeStarted: false, rolledBack: !committed);
        builder.Finish();
    }

    /// <summary>TRANSACTIONFLAGS (§6.5): committed / rolled back / write transaction started.</summary>
    private static void WriteTransactionFlags(MessageBuilder builder, PacketWriter writer, bool committed, bool writeStarted, bool rolledBack = false)
    {
        var flags = new OptionSet();
        if (rolledBack)
        {
            flags.Set((int)TransactionFlagId.RolledBack, OptionValue.Boolean(true));
        }
        if (committed)
        {
            flags.Set((int)TransactionFlagId.Committed, OptionValue.Boolean(true));
        }
        if (writeStarted)
        {
            flags.Set((int)TransactionFlagId.WriteTransactionStarted, OptionValue.Boolean(true));
        }
        if (flags.Count == 0)
        {
            return;
        }
        builder.BeginPart(PartKind.TransactionFlags);
        OptionsPart.Write(writer, flags);
        builder.EndPart(flags.Count);
    }
}
