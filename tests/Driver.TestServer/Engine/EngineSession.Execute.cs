using DuckDB.NET.Native;
using PS = DuckDB.NET.Native.NativeMethods.PreparedStatements;

namespace Driver.TestServer.Engine;

// Executing: queries, DDL and writes. Batches run as multi-row statements or through DuckDB's appender; when rows
// fail, the batch is rerun row by row so every failed row is reported, as HANA does.
public sealed partial class EngineSession
{
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
        if (statement.Interpreted is { } interpreted)
        {
            return interpreted(parameterRows, autoCommit);
        }

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
                _engine.CatalogViews.Refresh();
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
            throw ErrorTranslator.Translate(error, sql, CurrentSchema);
        }

        return result;
    }
}
