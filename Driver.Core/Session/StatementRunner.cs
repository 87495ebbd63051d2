using System.Runtime.CompilerServices;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;

namespace Driver.Core.Session;

/// <summary>
/// EXECUTEDIRECT, PREPARE and EXECUTE (§9.1): the requests are built and the replies read by flavor-free code;
/// the <c>…Sync</c> / <c>…Async</c> pairs only add the round trip in between. Streamed LOB parameters go
/// through <see cref="LobUpload"/> (EXECUTE, then WRITELOB, §10.2).
/// </summary>
internal static partial class StatementRunner
{
    public static void BuildExecuteDirect(ConnectionCore connection, string sql, bool autoCommit, int fetchSize)
    {
        var builder = connection.BeginRequest(MessageType.ExecuteDirect, autoCommit);
        builder.BeginPart(PartKind.Command);
        SimpleParts.WriteText(builder.Writer, sql);
        builder.EndPart(1);
        WriteFetchSize(builder, fetchSize);
    }

    public static void BuildPrepare(ConnectionCore connection, string sql)
    {
        var builder = connection.BeginRequest(MessageType.Prepare);
        builder.BeginPart(PartKind.Command);
        SimpleParts.WriteText(builder.Writer, sql);
        builder.EndPart(1);
    }

    /// <summary>EXECUTE with one PARAMETERS part holding every row (batch execution, §6.24).</summary>
    public static void BuildExecute(ConnectionCore connection, PreparedStatementCore statement, IReadOnlyList<object?[]> rows, bool autoCommit, int fetchSize)
    {
        var builder = connection.BeginRequest(MessageType.Execute, autoCommit);
        builder.BeginPart(PartKind.StatementId);
        SimpleParts.WriteId(builder.Writer, statement.Id);
        builder.EndPart(1);
        if (statement.InputParameterCount > 0)
        {
            builder.BeginPart(PartKind.Parameters);
            foreach (var row in rows)
            {
                ParameterRowWriter.WriteRow(builder.Writer, statement.Parameters, row);
            }
            builder.EndPart(rows.Count);
        }
        if (statement.IsQuery)
        {
            WriteFetchSize(builder, fetchSize);
        }
    }

    /// <summary>FETCHNEXT (§9.1): RESULTSETID + FETCHSIZE.</summary>
    public static void BuildFetchNext(ConnectionCore connection, long resultSetId, int fetchSize)
    {
        var builder = connection.BeginRequest(MessageType.FetchNext);
        builder.BeginPart(PartKind.ResultSetId);
        SimpleParts.WriteId(builder.Writer, resultSetId);
        builder.EndPart(1);
        WriteFetchSize(builder, fetchSize);
    }

    private static void WriteFetchSize(MessageBuilder builder, int fetchSize)
    {
        // §3.5: without FETCHSIZE the server picks the first page's size; say what we want
        builder.BeginPart(PartKind.FetchSize);
        builder.Writer.WriteInt32(fetchSize);
        builder.EndPart(1);
    }

    /// <summary>
    /// Reads an EXECUTE / EXECUTEDIRECT reply; a query's cursor is returned open, owned by the caller. The parts the
    /// function code requires must be there (§9.1): a query's RESULTSETID (without it the rows would silently be
    /// none), a DML statement's ROWSAFFECTED with one entry per parameter row (<paramref name="rows"/>; without it
    /// the count would silently be 0). A reply that breaks these rules is a HanaProtocolException and breaks the
    /// connection.
    /// </summary>
    public static ExecuteResult ReadExecuteReply(ConnectionCore connection, ParsedMessage reply, PreparedStatementCore? statement, int fetchSize, int rows = 1)
    {
        try
        {
            return ReadExecuteReplyParts(connection, reply, statement, fetchSize, rows);
        }
        catch (Exception exception) when (ConnectionCore.IsMalformedReply(exception))
        {
            throw connection.ProtocolFailure(exception);
        }
    }

    private static ExecuteResult ReadExecuteReplyParts(ConnectionCore connection, ParsedMessage reply, PreparedStatementCore? statement, int fetchSize, int rows)
    {
        var functionCode = reply.Segment.FunctionCode;
        int[] rowsAffected = [];
        long[] pending = [];
        ResultSetCore? resultSet = null;
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
        if (reply.TryGetPart(PartKind.ResultSetId, out var idPart))
        {
            var columns = reply.TryGetPart(PartKind.ResultSetMetadata, out var metadata)
                ? MetadataParts.ReadResultSetMetadata(reply.GetPartSpan(metadata), metadata.ArgumentCount)
                : statement?.Columns ?? throw new HanaProtocolException("A result set arrived without RESULTSETMETADATA.");
            if (columns.Length == 0)
            {
                throw new HanaProtocolException("A result set arrived with no columns in its metadata.");
            }
            resultSet = new ResultSetCore(connection, statement, SimpleParts.ReadId(reply.GetPartSpan(idPart)), columns, fetchSize);
            try
            {
                resultSet.LoadPage(reply);
            }
            catch
            {
                resultSet.Dispose();
                throw;
            }
        }
        else if (functionCode is FunctionCode.Select or FunctionCode.SelectForUpdate || statement is { IsQuery: true })
        {
            throw new HanaProtocolException($"The reply to a query (function code {functionCode}) holds no RESULTSETID part (§9.1).");
        }
        return new ExecuteResult { FunctionCode = functionCode, RowsAffected = rowsAffected, ResultSet = resultSet, PendingLobLocators = pending };
    }

    /// <summary>
    /// PREPARE's reply, read; a reply that does not read breaks the connection. Parameter descriptions the server
    /// cannot mean (an undefined mode, an input of a type code §7.1 does not define, a FIXED scale beyond 38) are
    /// refused here, before a caller's value is bound to them: binding would fail with an exception that blames the
    /// caller's value.
    /// </summary>
    private static PreparedStatementCore ReadPrepareReply(ConnectionCore connection, string sql, ParsedMessage reply)
    {
        try
        {
            var statement = PreparedStatementCore.FromPrepareReply(connection, sql, reply);
            foreach (var parameter in statement.Parameters)
            {
                if (parameter.Mode is not (ParameterMode.In or ParameterMode.InOut or ParameterMode.Out)
                    || parameter.IsInput && !Enum.IsDefined(typeof(HanaTypeCode), parameter.TypeCode)
                    || parameter.TypeCode is HanaTypeCode.Fixed8 or HanaTypeCode.Fixed12 or HanaTypeCode.Fixed16 && parameter.Fraction is < 0 or > 38)
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
    private static HanaProtocolException MismatchedBatch(HanaBatchException failure, int rows) =>
        new($"The server answered a batch of {rows} rows with {failure.RowsAffected.Count} ROWSAFFECTED entries (§6.4). First error: {failure.Message}", failure);

#if SYNC
    public static ExecuteResult ExecuteDirectSync(ConnectionCore connection, string sql, bool autoCommit, int fetchSize)
    {
        BuildExecuteDirect(connection, sql, autoCommit, fetchSize);
        return ReadExecuteReply(connection, connection.RoundTripSync(), null, fetchSize);
    }

    public static PreparedStatementCore PrepareSync(ConnectionCore connection, string sql)
    {
        BuildPrepare(connection, sql);
        return ReadPrepareReply(connection, sql, connection.RoundTripSync());
    }

    public static ExecuteResult ExecuteSync(PreparedStatementCore statement, IReadOnlyList<object?[]> rows, bool autoCommit, int fetchSize)
    {
        try
        {
            if (LobUpload.Create(statement, rows) is { } upload)
            {
                return upload.RunSync(autoCommit, fetchSize);
            }
            BuildExecute(statement.Connection, statement, rows, autoCommit, fetchSize);
            return ReadExecuteReply(statement.Connection, statement.Connection.RoundTripSync(), statement, fetchSize, ParameterRows(statement, rows));
        }
        catch (HanaBatchException failure) when (failure.RowsAffected.Count != rows.Count)
        {
            throw MismatchedBatch(failure, rows.Count);
        }
    }

    public static void CommitSync(ConnectionCore connection)
    {
        connection.BeginRequest(MessageType.Commit);
        connection.RoundTripSync();
    }

    public static void RollbackSync(ConnectionCore connection)
    {
        connection.BeginRequest(MessageType.Rollback);
        connection.RoundTripSync();
    }
#endif

#if ASYNC
#if NET6_0_OR_GREATER
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    public static async ValueTask<ExecuteResult> ExecuteDirectAsync(ConnectionCore connection, string sql, bool autoCommit, int fetchSize, CancellationToken cancellationToken)
    {
        BuildExecuteDirect(connection, sql, autoCommit, fetchSize);
        return ReadExecuteReply(connection, await connection.RoundTripAsync(cancellationToken).ConfigureAwait(false), null, fetchSize);
    }

    public static async ValueTask<PreparedStatementCore> PrepareAsync(ConnectionCore connection, string sql, CancellationToken cancellationToken)
    {
        BuildPrepare(connection, sql);
        return ReadPrepareReply(connection, sql, await connection.RoundTripAsync(cancellationToken).ConfigureAwait(false));
    }

#if NET6_0_OR_GREATER
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    public static async ValueTask<ExecuteResult> ExecuteAsync(PreparedStatementCore statement, IReadOnlyList<object?[]> rows, bool autoCommit, int fetchSize, CancellationToken cancellationToken)
    {
        try
        {
            if (LobUpload.Create(statement, rows) is { } upload)
            {
                return await upload.RunAsync(autoCommit, fetchSize, cancellationToken).ConfigureAwait(false);
            }
            BuildExecute(statement.Connection, statement, rows, autoCommit, fetchSize);
            return ReadExecuteReply(statement.Connection, await statement.Connection.RoundTripAsync(cancellationToken).ConfigureAwait(false), statement, fetchSize, ParameterRows(statement, rows));
        }
        catch (HanaBatchException failure) when (failure.RowsAffected.Count != rows.Count)
        {
            throw MismatchedBatch(failure, rows.Count);
        }
    }

    public static async ValueTask CommitAsync(ConnectionCore connection, CancellationToken cancellationToken)
    {
        connection.BeginRequest(MessageType.Commit);
        await connection.RoundTripAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async ValueTask RollbackAsync(ConnectionCore connection, CancellationToken cancellationToken)
    {
        connection.BeginRequest(MessageType.Rollback);
        await connection.RoundTripAsync(cancellationToken).ConfigureAwait(false);
    }
#endif
}
