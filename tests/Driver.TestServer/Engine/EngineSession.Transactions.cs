using DuckDB.NET.Native;
using PS = DuckDB.NET.Native.NativeMethods.PreparedStatements;

namespace Driver.TestServer.Engine;

// Transactions: commit, rollback, and HANA's statement-level rollback, emulated by replaying the transaction's
// earlier writes after DuckDB aborted it.
public sealed partial class EngineSession
{
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
        _savepoints.Clear();
        InTransaction = false;
        CommitNative();
    }

    public void Rollback()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _doomed = null;
        _log.Clear();
        _savepoints.Clear();
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
                _savepoints.Clear();
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
}
