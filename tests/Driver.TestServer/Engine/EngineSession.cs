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
            throw ErrorTranslator.Translate(error, sql);
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

    // ------------------------------------------------------------------ execute

    /// <summary>Executes with one parameter row (or none).</summary>
    public EngineResult ExecuteRow(EngineStatement statement, object?[]? parameters, bool autoCommit)
        => Execute(statement, parameters is null ? Array.Empty<object?[]>() : [parameters], autoCommit);

    /// <summary>
    /// Executes a prepared statement once per parameter row (HANA batch EXECUTE). Queries return a cursor;
    /// DML returns rows affected per row; in a batch of two or more rows every row is executed, and the failed ones
    /// come back as <see cref="EngineResult.RowErrors"/> (-3 in RowsAffected) while the others' work stands, as on HANA.
    /// </summary>
    public EngineResult Execute(EngineStatement statement, IReadOnlyList<object?[]> parameterRows, bool autoCommit)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ObjectDisposedException.ThrowIf(statement.IsDisposed, statement);
        if (statement.Session != this)
        {
            throw new ArgumentException("statement belongs to another session", nameof(statement));
        }

        AutoCommitHint = autoCommit;
        switch (statement.Kind)
        {
            case StatementKind.Commit:
                Commit();
                return new EngineResult { Kind = StatementKind.Commit, Committed = true };
            case StatementKind.Rollback:
                Rollback();
                return new EngineResult { Kind = StatementKind.Rollback, RolledBack = true };
        }

        ThrowIfDoomed();
        if (autoCommit && InTransaction)
        {
            Commit(); // switching to auto-commit ends the open transaction
        }

        return statement.Kind switch
        {
            StatementKind.Query => ExecuteQuery(statement, parameterRows, autoCommit),
            StatementKind.Ddl => ExecuteDdl(statement, parameterRows),
            _ => ExecuteWrite(statement, parameterRows, autoCommit),
        };
    }

    /// <summary>Prepares, executes and drops a statement (EXECUTEDIRECT). A query's cursor owns the statement.</summary>
    public EngineResult ExecuteDirect(string hanaSql, bool autoCommit)
    {
        var statement = Prepare(hanaSql);
        try
        {
            var result = Execute(statement, Array.Empty<object?[]>(), autoCommit);
            if (result.Cursor is { } cursor)
            {
                cursor.OwnStatement(statement);
            }
            else
            {
                statement.Dispose();
            }

            return result;
        }
        catch
        {
            statement.Dispose();
            throw;
        }
    }

    private EngineResult ExecuteQuery(EngineStatement statement, IReadOnlyList<object?[]> rows, bool autoCommit)
    {
        var row = rows.Count > 0 ? rows[0] : [];
        DuckDBResult result;
        try
        {
            if (statement.Rewritten.ReferencesMonitorViews)
            {
                _engine.Monitor.Refresh();
                // a plan keeps the table statistics of its prepare time (a filter on a then-empty view is pruned
                // to nothing): plan again on the refreshed data, and materialize so the plan can go at once
                using var fresh = PrepareNative(statement.Rewritten.Sql, statement.Rewritten);
                result = RunWithRetry(fresh, statement.ParameterNatives, row, statement.Rewritten, streaming: false);
            }
            else
            {
                result = RunWithRetry(statement.Native!, statement.ParameterNatives, row, statement.Rewritten, streaming: true);
            }
        }
        catch (EngineException)
        {
            if (!autoCommit)
            {
                OnExecutionFailure();
            }

            throw;
        }

        var columns = statement.Columns;
        if (!MatchesNative(columns, ref result))
        {
            columns = ColumnsOf(ref result, statement.Rewritten);
        }

        foreach (var column in columns)
        {
            if (!HanaTypeMapper.IsSupported(column.Native.Type))
            {
                NativeMethods.Query.DuckDBDestroyResult(ref result);
                throw EngineException.FeatureNotSupported($"result column {column.DisplayName} has DuckDB type {column.Native}");
            }
        }

        var cursor = new EngineCursor(this, result, columns, statement.Rewritten);
        if (!cursor.IsExhausted && cursor.IsStreaming)
        {
            _cursors.Add(cursor);
        }

        return new EngineResult { Kind = StatementKind.Query, Cursor = cursor };
    }

    private static bool MatchesNative(IReadOnlyList<EngineColumn> columns, ref DuckDBResult result)
    {
        var count = (long)NativeMethods.Query.DuckDBColumnCount(ref result);
        if (count != columns.Count)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            using var logical = NativeMethods.Query.DuckDBColumnLogicalType(ref result, i);
            if (NativeType.From(logical) != columns[i].Native)
            {
                return false;
            }
        }

        return true;
    }

    private List<EngineColumn> ColumnsOf(ref DuckDBResult result, RewrittenSql sql)
    {
        var count = (long)NativeMethods.Query.DuckDBColumnCount(ref result);
        var names = new string[count];
        var types = new NativeType[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = NativeMethods.Query.DuckDBColumnName(ref result, i);
            using var logical = NativeMethods.Query.DuckDBColumnLogicalType(ref result, i);
            types[i] = NativeType.From(logical);
        }

        return BuildColumns(sql, names, types);
    }

    private EngineResult ExecuteDdl(EngineStatement statement, IReadOnlyList<object?[]> rows)
    {
        // HANA commits DDL (DDL auto-commit is on by default), ending any open transaction first
        if (InTransaction)
        {
            Commit();
        }

        var result = RunWithRetry(statement.Native!, statement.ParameterNatives, rows.Count > 0 ? rows[0] : [], statement.Rewritten, streaming: false);
        NativeMethods.Query.DuckDBDestroyResult(ref result);
        if (statement.Rewritten.Change is { } change)
        {
            _engine.Catalog.Apply(change, CurrentSchema);
        }

        return new EngineResult { Kind = StatementKind.Ddl, RowsAffected = [0], Committed = true };
    }

    private EngineResult ExecuteWrite(EngineStatement statement, IReadOnlyList<object?[]> rows, bool autoCommit)
    {
        var started = false;
        var transactional = statement.Kind != StatementKind.Other; // SET ... and friends are session settings
        if (!autoCommit && !InTransaction && transactional)
        {
            RunControl("BEGIN TRANSACTION");
            InTransaction = true;
            started = true;
        }

        var executions = Math.Max(rows.Count, 1);
        var wrap = autoCommit && executions > 1;
        if (wrap)
        {
            RunControl("BEGIN TRANSACTION");
        }

        _interrupted = false;
        int[] affected;
        IReadOnlyList<object?[]> executed = rows;
        List<EngineRowError> rowErrors = [];
        try
        {
            affected = ExecuteRows(statement, rows);
        }
        catch (EngineException failure)
        {
            if (wrap)
            {
                RunControl("ROLLBACK");
            }
            else if (!autoCommit && InTransaction)
            {
                RecoverTransaction(force: executions > 1);
            }

            // HANA executes every row of a batch and reports the failed ones (§6.4, §12.2); the fast path above
            // runs all rows as one statement, so on failure the batch is run again row by row. A cancel, a lost
            // transaction or a single row keeps the plain error.
            if (executions == 1 || _interrupted || _doomed is not null)
            {
                throw;
            }

            wrap = false;
            (affected, executed) = ExecuteRowsOneByOne(statement, rows, inTransaction: !autoCommit && InTransaction, rowErrors, failure);
        }

        if (wrap)
        {
            CommitNative();
        }

        if (!autoCommit && transactional && (executed.Count > 0 || rows.Count == 0))
        {
            _log.Add(new ReplayEntry(statement.Rewritten, executed.ToArray()));
        }

        if (statement.Rewritten.NewSchema is { } schema)
        {
            CurrentSchema = schema;
        }

        var kind = statement.Kind;
        return new EngineResult
        {
            Kind = kind,
            RowsAffected = kind == StatementKind.Other ? [0] : affected,
            RowErrors = rowErrors,
            Committed = autoCommit,
            WriteTransactionStarted = started,
        };
    }

    /// <summary>
    /// The slow path of a batch with failing rows: each row runs as its own statement, so one row's failure leaves
    /// the others' work in place. In auto-commit each row commits by itself (DuckDB's auto-commit rolls back just the
    /// failed statement). In a transaction DuckDB aborts the whole transaction on a failed row, so the transaction
    /// is rolled back and replayed (its earlier statements, then this batch's rows that succeeded) before the next
    /// row, as for any failed statement (<see cref="RecoverTransaction"/>). Returns the per-row counts (-3 for
    /// failed rows) and the rows that succeeded.
    /// </summary>
    private (int[] Affected, List<object?[]> Executed) ExecuteRowsOneByOne(EngineStatement statement, IReadOnlyList<object?[]> rows,
        bool inTransaction, List<EngineRowError> rowErrors, EngineException batchFailure)
    {
        var affected = new int[rows.Count];
        var executed = new List<object?[]>(rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            if (_interrupted)
            {
                throw batchFailure;
            }

            try
            {
                affected[r] = RunCounting(statement.Native!, statement.ParameterNatives, rows[r], statement.Rewritten);
                executed.Add(rows[r]);
            }
            catch (EngineException e)
            {
                if (_interrupted)
                {
                    throw;
                }

                affected[r] = -3;
                rowErrors.Add(new EngineRowError(r, e));
                if (inTransaction)
                {
                    RecoverTransaction(force: false, executed.Count > 0 ? new ReplayEntry(statement.Rewritten, executed.ToArray()) : null);
                    if (_doomed is not null)
                    {
                        throw; // the transaction is lost: the next statement or COMMIT reports 133
                    }
                }
            }
        }

        return (affected, executed);
    }

    /// <summary>Runs a write once per parameter row; INSERT ... VALUES batches go as multi-row statements.</summary>
    private int[] ExecuteRows(EngineStatement statement, IReadOnlyList<object?[]> rows)
    {
        if (rows.Count <= 1)
        {
            return [RunCounting(statement.Native!, statement.ParameterNatives, rows.Count == 1 ? rows[0] : [], statement.Rewritten)];
        }

        var affected = new int[rows.Count];
        var perRow = statement.ParameterNatives.Length;
        if (statement.Rewritten.BatchTemplate is null || perRow == 0 || statement.HasUnresolvedParameters)
        {
            for (var r = 0; r < rows.Count; r++)
            {
                affected[r] = RunCounting(statement.Native!, statement.ParameterNatives, rows[r], statement.Rewritten);
            }

            return affected;
        }

        DetachCursors();
        if (rows.Count >= AppenderThreshold && BatchAppender.TryAppend(_connection, statement, CurrentSchema, rows))
        {
            Array.Fill(affected, 1);
            return affected;
        }

        var chunkRows = Math.Clamp(BatchParameterBudget / perRow, 1, MaxBatchRows);
        var done = 0;
        while (done < rows.Count)
        {
            var n = Math.Min(chunkRows, rows.Count - done);
            var native = n == 1 ? statement.Native! : statement.GetBatchStatement(n);
            for (var r = 0; r < n; r++)
            {
                var row = rows[done + r];
                CheckRowWidth(row, perRow);
                for (var p = 0; p < perRow; p++)
                {
                    ParameterBinder.Bind(native, (r * perRow) + p + 1, statement.ParameterNatives[p], row[p]);
                }
            }

            var result = Run(native, statement.Rewritten, streaming: false);
            NativeMethods.Query.DuckDBDestroyResult(ref result);
            for (var r = 0; r < n; r++)
            {
                affected[done + r] = 1;
            }

            done += n;
        }

        return affected;
    }

    private int RunCounting(DuckDBPreparedStatement native, NativeType[] types, object?[] row, RewrittenSql sql)
    {
        var result = RunWithRetry(native, types, row, sql, streaming: false);
        var changed = NativeMethods.Query.DuckDBRowsChanged(ref result);
        NativeMethods.Query.DuckDBDestroyResult(ref result);
        return (int)Math.Min(changed, int.MaxValue);
    }

    /// <summary>Binds and runs; an unresolved parameter that fails to bind as a string is retried as a number.</summary>
    private DuckDBResult RunWithRetry(DuckDBPreparedStatement native, NativeType[] types, object?[] row, RewrittenSql sql, bool streaming)
    {
        CheckRowWidth(row, types.Length);
        for (var p = 0; p < types.Length; p++)
        {
            ParameterBinder.Bind(native, p + 1, types[p], row[p]);
        }

        try
        {
            return Run(native, sql, streaming);
        }
        catch (EngineException e) when (e.Code is 266 or 257 && types.Any(t => !t.IsResolved) && row.Any(v => v is string))
        {
            for (var p = 0; p < types.Length; p++)
            {
                ParameterBinder.Bind(native, p + 1, types[p], row[p], numericStrings: true);
            }

            return Run(native, sql, streaming);
        }
    }

    private static void CheckRowWidth(object?[] row, int expected)
    {
        if (row.Length != expected)
        {
            throw new EngineException(2, "HY000", 0, $"general error: {row.Length} parameter values for {expected} parameters");
        }
    }

    private DuckDBResult Run(DuckDBPreparedStatement native, RewrittenSql sql, bool streaming)
    {
        DetachCursors();
        var state = streaming ? PS.DuckDBExecutePreparedStreaming(native, out var result) : PS.DuckDBExecutePrepared(native, out result);
        if (state != DuckDBState.Success)
        {
            var error = NativeMethods.Query.DuckDBResultError(ref result);
            NativeMethods.Query.DuckDBDestroyResult(ref result);
            throw ErrorTranslator.Translate(error, sql);
        }

        return result;
    }

    // ------------------------------------------------------------------ transactions

    /// <summary>Commits the explicit transaction (no-op without one). Errors found at commit (e.g. a unique key
    /// inserted concurrently) are reported; the transaction is gone either way.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_doomed is { } doomed)
        {
            _doomed = null;
            throw doomed;
        }

        if (!InTransaction)
        {
            return;
        }

        // safety net: DuckDB silently rolls back an aborted transaction on COMMIT; restore it first
        OnExecutionFailure();
        if (_doomed is { } lost)
        {
            _doomed = null;
            throw lost;
        }

        _log.Clear();
        InTransaction = false;
        CommitNative();
    }

    public void Rollback()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _doomed = null;
        _log.Clear();
        if (!InTransaction)
        {
            return;
        }

        InTransaction = false;
        RunControl("ROLLBACK");
    }

    private void CommitNative()
    {
        DetachCursors();
        if (NativeMethods.Query.DuckDBQuery(_connection, "COMMIT", out var result) != DuckDBState.Success)
        {
            var error = NativeMethods.Query.DuckDBResultError(ref result);
            NativeMethods.Query.DuckDBDestroyResult(ref result);
            RunControl("ROLLBACK", ignoreErrors: true);
            throw ErrorTranslator.Translate(error, null);
        }

        NativeMethods.Query.DuckDBDestroyResult(ref result);
    }

    private void RunControl(string sql, bool ignoreErrors = false)
    {
        DetachCursors();
        var state = NativeMethods.Query.DuckDBQuery(_connection, sql, out var result);
        var error = state == DuckDBState.Success ? null : NativeMethods.Query.DuckDBResultError(ref result);
        NativeMethods.Query.DuckDBDestroyResult(ref result);
        if (error is not null && !ignoreErrors)
        {
            throw ErrorTranslator.Translate(error, null);
        }
    }

    /// <summary>Called after an execution error inside an explicit transaction (also by cursors).</summary>
    internal void OnExecutionFailure()
    {
        if (InTransaction)
        {
            RecoverTransaction(force: false);
        }
    }

    /// <summary>
    /// HANA rolls back only the failing statement; DuckDB aborts the whole transaction. If it was aborted (or the
    /// failing statement had already changed rows), roll back, begin again and replay the earlier writes. If the
    /// replay fails (a concurrent commit changed the data), the transaction is lost: the next statement or COMMIT
    /// reports error 133 instead of silently dropping work.
    /// </summary>
    private void RecoverTransaction(bool force, ReplayEntry? pending = null)
    {
        if (!force && !IsAborted())
        {
            return;
        }

        RunControl("ROLLBACK", ignoreErrors: true);
        RunControl("BEGIN TRANSACTION");
        foreach (var entry in pending is null ? _log : _log.Append(pending))
        {
            try
            {
                Replay(entry);
            }
            catch (EngineException e)
            {
                RunControl("ROLLBACK", ignoreErrors: true);
                InTransaction = false;
                _log.Clear();
                _doomed = new EngineException(133, "40001", 0,
                    "transaction rolled back: an earlier statement of the transaction could not be re-applied after a failed statement (" + e.Message + ")", e);
                return;
            }
        }
    }

    private void Replay(ReplayEntry entry)
    {
        using var native = PrepareNative(entry.Sql.Sql, entry.Sql);
        var count = (int)PS.DuckDBParams(native);
        var types = new NativeType[count];
        for (var i = 0; i < count; i++)
        {
            using var logical = PS.DuckDBParamLogicalType(native, i + 1);
            types[i] = NativeType.From(logical);
        }

        foreach (var row in entry.Rows.Count == 0 ? [[]] : entry.Rows)
        {
            var result = RunWithRetry(native, types, row, entry.Sql, streaming: false);
            NativeMethods.Query.DuckDBDestroyResult(ref result);
        }
    }

    private bool IsAborted()
    {
        DetachCursors();
        var state = NativeMethods.Query.DuckDBQuery(_connection, "SELECT 1", out var result);
        NativeMethods.Query.DuckDBDestroyResult(ref result);
        return state != DuckDBState.Success;
    }

    private void ThrowIfDoomed()
    {
        if (_doomed is { } doomed)
        {
            throw new EngineException(doomed.Code, doomed.SqlState, 0, doomed.Message);
        }
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
