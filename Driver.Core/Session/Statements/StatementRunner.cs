using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

/// <summary>
/// EXECUTEDIRECT, PREPARE, EXECUTE and FETCHNEXT (§9.1): the requests are built as values and the replies read by
/// flavor-free code; the workflows that send them (<see cref="DirectExecution"/>, <see cref="Preparation"/>,
/// <see cref="PreparedExecution"/>, <see cref="TransactionEnd"/>) run on the connection's pump. Streamed LOB
/// parameters go through <see cref="LobUpload"/> (EXECUTE, then WRITELOB, §10.2).
/// </summary>
internal static class StatementRunner
{
    public static Request BuildExecuteDirect(ConnectionCore connection, string sql, bool autoCommit, int fetchSize)
    {
        var request = connection.NewRequest(MessageType.ExecuteDirect, autoCommit);
        request.BeginPart(PartKind.Command);
        SimpleParts.WriteText(request.Writer, sql);
        request.EndPart(1);
        WriteFetchSize(request, fetchSize);
        return request;
    }

    public static Request BuildPrepare(ConnectionCore connection, string sql)
    {
        var request = connection.NewRequest(MessageType.Prepare);
        request.BeginPart(PartKind.Command);
        SimpleParts.WriteText(request.Writer, sql);
        request.EndPart(1);
        return request;
    }

    /// <summary>EXECUTE with one PARAMETERS part holding every row (batch execution, §6.24).</summary>
    public static Request BuildExecute(ConnectionCore connection, PreparedStatementCore statement, IReadOnlyList<object?[]> rows, bool autoCommit, int fetchSize)
    {
        var request = connection.NewRequest(MessageType.Execute, autoCommit);
        request.BeginPart(PartKind.StatementId);
        SimpleParts.WriteId(request.Writer, statement.Id);
        request.EndPart(1);
        if (statement.InputParameterCount > 0)
        {
            request.BeginPart(PartKind.Parameters);
            var writer = request.Writer;
            // by index: a foreach over the interface would box an enumerator and make two interface calls a row
            for (var i = 0; i < rows.Count; i++)
            {
                var rowStart = writer.Length;
                ParameterRowWriter.WriteRow(writer, statement.Parameters, rows[i]);
                if (i == 0 && rows.Count > 1)
                {
                    ReserveForRowsLike(writer, writer.Length - rowStart, rows.Count - 1);
                }
            }
            request.EndPart(rows.Count);
        }
        // a procedure's OUT tables and dynamic result sets are cursors too: their first pages follow FETCHSIZE (§17)
        if (statement.IsQuery || statement.FunctionCode is FunctionCode.DbProcedureCall or FunctionCode.DbProcedureCallWithResult)
        {
            WriteFetchSize(request, fetchSize);
        }
        return request;
    }

    /// <summary>
    /// Grows the request once for the rows that follow, sized as the first one plus an eighth: a batch of 100,000 rows
    /// otherwise doubled its buffer a dozen times, copying what it had each time (issue 18's batch insert CPU). Rows
    /// larger than the estimate still grow the buffer as before; an estimate beyond 256 MiB is not made.
    /// </summary>
    private static void ReserveForRowsLike(PacketWriter writer, int firstRowBytes, int rowsLeft)
    {
        var estimate = (long)firstRowBytes * rowsLeft;
        estimate += estimate / 8;
        if (estimate is > 0 and <= 256L * 1024 * 1024)
        {
            writer.EnsureCapacity((int)estimate);
        }
    }

    /// <summary>FETCHNEXT (§9.1): RESULTSETID + FETCHSIZE.</summary>
    public static Request BuildFetchNext(ConnectionCore connection, long resultSetId, int fetchSize)
    {
        var request = connection.NewRequest(MessageType.FetchNext);
        request.BeginPart(PartKind.ResultSetId);
        SimpleParts.WriteId(request.Writer, resultSetId);
        request.EndPart(1);
        WriteFetchSize(request, fetchSize);
        return request;
    }

    private static void WriteFetchSize(Request request, int fetchSize)
    {
        // §3.5: without FETCHSIZE the server picks the first page's size; say what we want
        request.BeginPart(PartKind.FetchSize);
        request.Writer.WriteInt32(fetchSize);
        request.EndPart(1);
    }

    /// <summary>
    /// Reads an EXECUTE / EXECUTEDIRECT reply; a query's cursor is returned open, owned by the caller. The parts the
    /// function code requires must be there (§9.1): a query's RESULTSETID (without it the rows would silently be
    /// none), a DML statement's ROWSAFFECTED with one entry per parameter row (<paramref name="rows"/>; without it
    /// the count would silently be 0). A reply that breaks these rules is a HanaProtocolException and breaks the
    /// connection.
    /// <paramref name="into"/> and <paramref name="spare"/> recycle a command's objects of its previous execution (the
    /// result, filled anew; a released cursor that <see cref="ResultSetCore.IsRecyclable"/>, reopened for the first
    /// cursor): a point select allocates neither (docs/architecture.md, "Reader reuse").
    /// </summary>
    public static ExecuteResult ReadExecuteReply(ConnectionCore connection, ParsedMessage reply, PreparedStatementCore? statement, int fetchSize, int rows = 1,
        TimeSpan? timeout = null, ExecuteResult? into = null, ResultSetCore? spare = null)
    {
        try
        {
            var result = ReadExecuteReplyParts(connection, reply, statement, fetchSize, rows, into, spare);
            if (timeout is { } fetchTimeout)
            {
                // the cursors' pages are fetched under the Command Timeout of the command that opened them (an index
                // loop: foreach over the interface would box an enumerator on every EXECUTE)
                for (var i = 0; i < result.ResultSets.Count; i++)
                {
                    result.ResultSets[i].Timeout = fetchTimeout;
                }
            }
            return result;
        }
        catch (Exception exception) when (ConnectionCore.IsMalformedReply(exception))
        {
            throw connection.ProtocolFailure(exception);
        }
    }

    private static ExecuteResult ReadExecuteReplyParts(ConnectionCore connection, ParsedMessage reply, PreparedStatementCore? statement, int fetchSize, int rows,
        ExecuteResult? into, ResultSetCore? spare)
    {
        var functionCode = reply.Segment.FunctionCode;
        int[] rowsAffected = [];
        long[] pending = [];
        var streamsLobs = reply.TryGetPart(PartKind.WriteLobReply, out var lobReply);
        if (streamsLobs)
        {
            pending = LobParts.ReadWriteLobReply(reply.GetPartSpan(lobReply), lobReply.ArgumentCount);
        }
        // a statement still waiting for LOB data may count its rows only in the final WRITELOB reply (§10.2)
        var countsRequired = functionCode is FunctionCode.Insert or FunctionCode.Update or FunctionCode.Delete && !streamsLobs;
        if (reply.TryGetPart(PartKind.RowsAffected, out var affected))
        {
            rowsAffected = SimpleParts.ReadRowsAffected(reply.GetPartSpan(affected), affected.ArgumentCount);
            if (countsRequired && rowsAffected.Length != rows)
            {
                throw new HanaProtocolException($"The {functionCode} reply has {rowsAffected.Length} ROWSAFFECTED entries for {rows} parameter rows sent (§6.4).");
            }
        }
        else if (countsRequired)
        {
            throw new HanaProtocolException($"The {functionCode} reply holds no ROWSAFFECTED part (§9.1).");
        }
        var resultSets = ReadResultSets(connection, reply, statement, fetchSize, spare);
        OutputParameterRow? outputs = null;
        try
        {
            if (resultSets.Count == 0 && (functionCode is FunctionCode.Select or FunctionCode.SelectForUpdate || statement is { IsQuery: true }))
            {
                throw new HanaProtocolException($"The reply to a query (function code {functionCode}) holds no RESULTSETID part (§9.1).");
            }
            // §17: without PARAMETERMETADATA (EXECUTEDIRECT) the values could not be told apart; node-hdb ignores them too
            if (statement is not null && reply.TryGetPart(PartKind.OutputParameters, out var outputPart))
            {
                outputs = OutputParameterRow.Read(connection, reply.GetPartSpan(outputPart), outputPart.ArgumentCount, statement.Parameters);
            }
        }
        catch
        {
            ExecuteResult.DisposeAll(resultSets);
            throw;
        }
        var result = into ?? new ExecuteResult();
        (result.FunctionCode, result.RowsAffected, result.ResultSets, result.OutputParameters, result.PendingLobLocators) = (functionCode, rowsAffected, resultSets, outputs, pending);
        return result;
    }

    /// <summary>
    /// Every cursor of the reply, in order (§17): a group is RESULTSETMETADATA, RESULTSETID and RESULTSET, each
    /// optional but the id; a new group starts at a part of a kind its group already has. A query's EXECUTE may
    /// leave out the metadata PREPARE gave; a procedure's group may have no RESULTSET (its rows are fetched).
    /// </summary>
    private static IReadOnlyList<ResultSetCore> ReadResultSets(ConnectionCore connection, ParsedMessage reply, PreparedStatementCore? statement, int fetchSize,
        ResultSetCore? spare)
    {
        // a query's one cursor is its own list of one; a list is made at the second (a procedure's): an INSERT or
        // UPDATE reply has none and a query one, and neither allocates a list here
        ResultSetCore? single = null;
        List<ResultSetCore>? resultSets = null;
        PartRef? metadata = null;
        PartRef? id = null;
        PartRef? rows = null;
        var parts = reply.Parts;
        try
        {
            // an index loop: foreach over the interface would box an enumerator on every EXECUTE
            for (var i = 0; i < parts.Count; i++)
            {
                var part = parts[i];
                switch (part.Kind)
                {
                    case PartKind.ResultSetMetadata:
                        if (metadata is not null)
                        {
                            Close(ref metadata, ref id, ref rows);
                        }
                        metadata = part;
                        break;
                    case PartKind.ResultSetId:
                        if (id is not null)
                        {
                            Close(ref metadata, ref id, ref rows);
                        }
                        id = part;
                        break;
                    case PartKind.ResultSet:
                        if (rows is not null)
                        {
                            Close(ref metadata, ref id, ref rows);
                        }
                        rows = part;
                        break;
                }
            }
            if (metadata is not null || id is not null || rows is not null)
            {
                Close(ref metadata, ref id, ref rows);
            }
        }
        catch
        {
            // every cursor read so far (the first is in the list too once there is one)
            ExecuteResult.DisposeAll(resultSets ?? (IReadOnlyList<ResultSetCore>?)single ?? []);
            throw;
        }
        return resultSets ?? (IReadOnlyList<ResultSetCore>?)single ?? [];

        void Close(ref PartRef? metadataPart, ref PartRef? idPart, ref PartRef? rowsPart)
        {
            if (idPart is not { } cursorId)
            {
                // §9.1: a cursor without its id could be neither fetched further nor closed
                throw new HanaProtocolException(rowsPart is null
                    ? "RESULTSETMETADATA arrived without a RESULTSETID for its result set (§9.1, §17)."
                    : "A RESULTSET part arrived without a RESULTSETID for its result set (§9.1, §17).");
            }
            var columns = metadataPart is { } described
                ? MetadataParts.ReadResultSetMetadata(reply.GetPartSpan(described), described.ArgumentCount)
                : single is null && statement is not null ? statement.Columns : throw new HanaProtocolException("A result set arrived without RESULTSETMETADATA.");
            if (metadataPart is not null && single is null && statement is { IsQuery: true })
            {
                // the server described the result anew (its table changed since PREPARE, §9.1): later executions of
                // this statement, a cached one among them (StatementCache), read their rows with these columns
                statement.Columns = columns;
            }
            if (columns.Length == 0)
            {
                throw new HanaProtocolException("A result set arrived with no columns in its metadata.");
            }
            var cursor = SimpleParts.ReadId(reply.GetPartSpan(cursorId));
            var resultSet = single is null && spare is { IsRecyclable: true }
                ? spare.Reopen(connection, statement, cursor, columns, fetchSize)
                : new ResultSetCore(connection, statement, cursor, columns, fetchSize);
            if (single is null)
            {
                single = resultSet;
            }
            else
            {
                (resultSets ??= [single]).Add(resultSet);
            }
            resultSet.LoadFirstPage(reply, rowsPart);
            metadataPart = null;
            idPart = null;
            rowsPart = null;
        }
    }

    /// <summary>
    /// PREPARE's reply, read; a reply that does not read breaks the connection. Parameter descriptions the server
    /// cannot mean (an undefined mode, an input of a type no encoder knows (§7.1), a FIXED scale beyond the type's digits) are
    /// refused here, before a caller's value is bound to them: binding would fail with an exception that blames the
    /// caller's value.
    /// </summary>
    public static PreparedStatementCore ReadPrepareReply(ConnectionCore connection, string sql, ParsedMessage reply)
    {
        try
        {
            var statement = PreparedStatementCore.FromPrepareReply(connection, sql, reply);
            foreach (var parameter in statement.Parameters)
            {
                if (parameter.Mode is not (ParameterMode.In or ParameterMode.InOut or ParameterMode.Out)
                    || parameter.IsInput && !Types.ParameterValueWriter.CanSend(parameter.TypeCode)
                    || !Types.HanaTypeInfo.IsPossibleScale(parameter.TypeCode, parameter.Fraction))
                {
                    statement.Release();
                    throw new HanaProtocolException($"PARAMETERMETADATA describes a parameter no statement has: {parameter} (§6.22).");
                }
            }
            return statement;
        }
        catch (Exception exception) when (ConnectionCore.IsMalformedReply(exception))
        {
            throw connection.ProtocolFailure(exception);
        }
    }

    /// <summary>The ROWSAFFECTED entries an EXECUTE must answer with: one per parameter row sent, one without parameters.</summary>
    public static int ParameterRows(PreparedStatementCore statement, IReadOnlyList<object?[]> rows) =>
        statement.InputParameterCount > 0 ? rows.Count : 1;

    /// <summary>§6.4: a batch reply has one ROWSAFFECTED entry per row sent; anything else cannot be matched to the rows.</summary>
    public static HanaProtocolException MismatchedBatch(HanaBatchException failure, int rows) =>
        new($"The server answered a batch of {rows} rows with {failure.RowsAffected.Count} ROWSAFFECTED entries (§6.4). First error: {failure.Message}", failure);
}
