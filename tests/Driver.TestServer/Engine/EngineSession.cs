using DuckDB.NET.Native;
using PS = DuckDB.NET.Native.NativeMethods.PreparedStatements;

namespace Driver.TestServer.Engine;

/// <summary>
/// One client session = one DuckDB connection. Not thread-safe: the protocol layer drives a session from one
/// request at a time. Transactions: auto-commit per statement (flag per call), or an explicit transaction that
/// begins lazily at the first write and ends with <see cref="Commit"/> / <see cref="Rollback"/>. HANA's
/// statement-level rollback is emulated by replaying the transaction's earlier writes after DuckDB aborted it.
/// </summary>
public sealed partial class EngineSession : IDisposable
{
    /// <summary>Parameter values per multi-row INSERT statement (rows per chunk = this / parameters per row).</summary>
    private const int BatchParameterBudget = 2048;
    private const int MaxBatchRows = 256;

    /// <summary>Batches from this size on go through DuckDB's appender (plain INSERT ... VALUES (?, ...) only).</summary>
    private const int AppenderThreshold = 16;

    private readonly HanaEngine _engine;
    private readonly DuckDBNativeConnection _connection;
    private readonly List<EngineCursor> _cursors = [];
    private readonly List<EngineStatement> _statements = [];
    private readonly List<ReplayEntry> _log = [];
    private EngineException? _doomed;
    private bool _disposed;

    /// <summary>Set by <see cref="Interrupt"/> (another thread): a cancelled batch is not retried row by row.</summary>
    private volatile bool _interrupted;

    internal EngineSession(HanaEngine engine, DuckDBNativeConnection connection, int connectionId, string userName)
    {
        _engine = engine;
        _connection = connection;
        ConnectionId = connectionId;
        UserName = userName;
        CurrentSchema = userName;
    }

    public int ConnectionId { get; }

    public string UserName { get; }

    /// <summary>The schema unqualified names resolve to (SET SCHEMA changes it; initially the user's schema).</summary>
    public string CurrentSchema { get; private set; }

    /// <summary>True while an explicit transaction has started (a write ran since the last COMMIT/ROLLBACK).</summary>
    public bool InTransaction { get; private set; }

    public HanaEngine Engine => _engine;

    /// <summary>The auto-commit flag of the latest call (shown in M_CONNECTIONS).</summary>
    internal bool AutoCommitHint { get; private set; } = true;

    internal DuckDBNativeConnection Connection => _connection;

    /// <summary>Interrupts the statement running on this session, from another thread (ALTER SYSTEM CANCEL SESSION).</summary>
    public void Interrupt()
    {
        _interrupted = true;
        try
        {
            if (!_disposed)
            {
                DuckDbNative.Interrupt(_connection);
            }
        }
        catch (ObjectDisposedException)
        {
            // the session ended meanwhile: nothing left to interrupt
        }
    }

    // ------------------------------------------------------------------ prepare

    /// <summary>Rewrites and prepares HANA SQL without executing it; describes parameters and result columns.</summary>
    public EngineStatement Prepare(string hanaSql)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (PrepareProcedureStatement(hanaSql) is { } interpreted)
        {
            return interpreted;
        }

        if (PrepareSavepointStatement(hanaSql) is { } savepoint)
        {
            return savepoint;
        }

        var sql = SqlRewriter.Rewrite(hanaSql);
        if (sql.Unsupported is not null)
        {
            throw EngineException.FeatureNotSupported(sql.Unsupported);
        }

        if (sql.Kind is StatementKind.Commit or StatementKind.Rollback)
        {
            return Track(new EngineStatement(this, sql, null, [], []));
        }

        DuckDBPreparedStatement native;
        try
        {
            native = PrepareNative(sql.Sql, sql);
        }
        catch (EngineException)
        {
            // planning can fail after the binder (e.g. constant folding of a bad CAST) and abort the transaction
            OnExecutionFailure();
            throw;
        }

        try
        {
            var parameters = DescribeParameters(native, sql);
            var columns = sql.Kind == StatementKind.Query ? DescribeColumns(native, sql) : [];
            return Track(new EngineStatement(this, sql, native, parameters, columns));
        }
        catch
        {
            native.Dispose();
            throw;
        }
    }

    internal DuckDBPreparedStatement PrepareNative(string duckDbSql, RewrittenSql sql)
    {
        DetachCursors();
        if (PS.DuckDBPrepare(_connection, duckDbSql, out var native) != DuckDBState.Success)
        {
            var error = PS.DuckDBPrepareError(native);
            native.Dispose();
            throw ErrorTranslator.Translate(error, sql, CurrentSchema);
        }

        return native;
    }

    private EngineStatement Track(EngineStatement statement)
    {
        _statements.Add(statement);
        return statement;
    }

    private List<EngineColumn> DescribeParameters(DuckDBPreparedStatement native, RewrittenSql sql)
    {
        var count = PS.DuckDBParams(native);
        var parameters = new List<EngineColumn>((int)count);
        var declared = InsertTargetColumns(sql, (int)count);
        var natives = new NativeType[count];
        for (long i = 1; i <= count; i++)
        {
            using var logical = PS.DuckDBParamLogicalType(native, i);
            natives[i - 1] = NativeType.From(logical);
        }

        var inferred = InferParameterTypes(sql, natives, declared);
        for (long i = 1; i <= count; i++)
        {
            var type = natives[i - 1];
            var name = "P" + i;
            if (declared?[(int)i - 1] is { } column && column.Type.IsStoredAs(type))
            {
                parameters.Add(HanaTypeMapper.FromDeclared(column, type, column.Name, sql.Tables[0].Name, null));
            }
            else
            {
                parameters.Add(inferred[i - 1] ?? HanaTypeMapper.FromNative(type, name));
            }
        }

        return parameters;
    }

    /// <summary>For INSERT ... VALUES (?, ?, ...): the declared target column of each parameter.</summary>
    private DeclaredColumn?[]? InsertTargetColumns(RewrittenSql sql, int parameterCount)
    {
        if (sql.BatchTemplate is not { } template || sql.Tables.Count != 1)
        {
            return null;
        }

        var items = template.Tuple.Trim().TrimStart('(').TrimEnd(')').Split(',');
        if (items.Length != parameterCount || items.Any(i => i.Trim() != "?"))
        {
            return null;
        }

        var table = sql.Tables[0];
        var columns = _engine.Catalog.Find(table.Schema, table.Name, CurrentSchema, out _);
        if (columns is null)
        {
            return null;
        }

        var result = new DeclaredColumn?[parameterCount];
        for (var i = 0; i < parameterCount; i++)
        {
            result[i] = sql.InsertColumns is { } names
                ? (i < names.Count ? columns.FirstOrDefault(c => c.Name == names[i]) : null)
                : (i < columns.Count ? columns[i] : null);
        }

        return result;
    }

    private List<EngineColumn> DescribeColumns(DuckDBPreparedStatement native, RewrittenSql sql)
    {
        var count = (int)DuckDbNative.PreparedColumnCount(native);
        var types = new NativeType[count];
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = DuckDbNative.PreparedColumnNameString(native, (ulong)i) ?? "";
            using var logical = DuckDbNative.PreparedColumnLogicalType(native, (ulong)i);
            types[i] = NativeType.From(logical);
        }

        return BuildColumns(sql, names, types);
    }

    /// <summary>HANA metadata for result columns: declared types where a column comes straight from a table.</summary>
    internal List<EngineColumn> BuildColumns(RewrittenSql sql, string[] names, NativeType[] types)
    {
        var items = sql.SelectItems;
        var hasStar = items?.Any(i => i.IsStar) == true;
        var columns = new List<EngineColumn>(names.Length);
        for (var i = 0; i < names.Length; i++)
        {
            string? qualifier = null;
            string? origin = null;
            if (items is not null && !hasStar && items.Count == names.Length)
            {
                qualifier = items[i].Qualifier;
                origin = items[i].Column;
            }
            else if (hasStar)
            {
                origin = names[i];
            }

            EngineColumn? column = null;
            if (origin is not null)
            {
                foreach (var table in sql.Tables)
                {
                    if (qualifier is not null && qualifier != table.Name && qualifier != table.Alias)
                    {
                        continue;
                    }

                    var declared = _engine.Catalog.Find(table.Schema, table.Name, CurrentSchema, out var schema)
                        ?.FirstOrDefault(c => c.Name == origin);
                    if (declared is not null && declared.Type.IsStoredAs(types[i]))
                    {
                        column = HanaTypeMapper.FromDeclared(declared, types[i], names[i], table.Name, schema);
                        break;
                    }
                }
            }

            columns.Add(column ?? HanaTypeMapper.FromNative(types[i], names[i]));
        }

        return columns;
    }

    // ------------------------------------------------------------------ cursors and the monitor

    private void DetachCursors()
    {
        foreach (var cursor in _cursors)
        {
            cursor.Detach();
        }

        _cursors.Clear();
    }

    internal void OnCursorClosed(EngineCursor cursor)
    {
        _cursors.Remove(cursor);
    }

    internal void OnStatementDisposed(EngineStatement statement) => _statements.Remove(statement);

    /// <summary>Shows a statement in SYS.M_PREPARED_STATEMENTS under the protocol layer's statement id.</summary>
    public void TrackStatement(long statementId, EngineStatement statement)
        => _engine.Monitor.AddStatement(ConnectionId, statementId, statement.Sql);

    public void UntrackStatement(long statementId) => _engine.Monitor.RemoveStatement(statementId);

    /// <summary>Shows an open result set in SYS.M_RESULT_SETS under the protocol layer's result-set id.</summary>
    public void TrackResultSet(long resultSetId, long statementId, EngineCursor? cursor)
    {
        _engine.Monitor.AddResultSet(ConnectionId, resultSetId, statementId, cursor);
    }

    public void UntrackResultSet(long resultSetId)
    {
        _engine.Monitor.RemoveResultSet(resultSetId);
    }

    /// <summary>Rolls back, closes cursors and statements, and disconnects.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            foreach (var cursor in _cursors.ToList())
            {
                cursor.ReleaseNative();
            }

            _cursors.Clear();
            if (InTransaction)
            {
                RunControl("ROLLBACK", ignoreErrors: true);
            }

            foreach (var statement in _statements.ToList())
            {
                statement.Dispose();
            }
        }
        finally
        {
            _disposed = true;
            _engine.OnSessionClosed(this);
            _connection.Dispose();
        }
    }
}
