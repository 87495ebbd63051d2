namespace Driver.TestServer.Engine;

// Savepoints: SAVEPOINT name, ROLLBACK TO SAVEPOINT name, RELEASE SAVEPOINT name (HANA syntax). DuckDB has none, so a
// savepoint is a mark in the transaction's journal (the writes kept for the statement-level rollback): rolling back to
// it drops the journal after the mark, rolls the DuckDB transaction back and replays the journal up to it in a fresh one,
// exactly as a failed statement is undone (RecoverTransaction). The rows written after the savepoint are then gone and
// those before it are there again; if the replay fails (a concurrent commit changed the data) the transaction is lost
// and the next statement reports error 133, as for a failed statement.
public sealed partial class EngineSession
{
    /// <summary>The error of a savepoint name not set in the running transaction (SQLSTATE 3B001: invalid savepoint).</summary>
    internal const int SavepointNotFoundCode = 128;

    // the savepoints of the running transaction, oldest first: the name and the journal length when it was set
    private readonly List<(string Name, int Mark)> _savepoints = [];

    /// <summary>A savepoint statement, interpreted by the engine, or null for any other SQL.</summary>
    private EngineStatement? PrepareSavepointStatement(string hanaSql)
    {
        var s = SqlTokenizer.Tokenize(hanaSql).Where(t => t.IsSignificant && !t.IsSymbol(";")).ToList();
        if (s.Count == 2 && s[0].Is("SAVEPOINT"))
        {
            var name = SavepointName(s[1]);
            return Interpreted(hanaSql, StatementKind.Other, [], (_, autoCommit) => SetSavepoint(name, autoCommit));
        }

        if (s.Count == 4 && s[0].Is("ROLLBACK") && s[1].Is("TO") && s[2].Is("SAVEPOINT"))
        {
            var name = SavepointName(s[3]);
            return Interpreted(hanaSql, StatementKind.Other, [], (_, _) => RollbackToSavepoint(name));
        }

        if (s.Count == 3 && s[0].Is("RELEASE") && s[1].Is("SAVEPOINT"))
        {
            var name = SavepointName(s[2]);
            return Interpreted(hanaSql, StatementKind.Other, [], (_, _) => ReleaseSavepoint(name));
        }

        return null;
    }

    /// <summary>An identifier: unquoted names are upper-cased, quoted ones kept as written (doubled quotes undone).</summary>
    private static string SavepointName(SqlToken token) => token.Kind switch
    {
        SqlTokenKind.Identifier => token.Upper,
        SqlTokenKind.QuotedIdentifier => token.Text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal),
        _ => throw new EngineException(257, "42000", token.Start + 1, $"sql syntax error: a savepoint name expected: line 1 col {token.Start + 1} (at pos {token.Start + 1})"),
    };

    private EngineResult SetSavepoint(string name, bool autoCommit)
    {
        if (autoCommit)
        {
            // every statement commits by itself: there is no transaction to set a savepoint in
            throw new EngineException(SavepointNotFoundCode, "3B001", 0, "savepoint cannot be set in auto-commit mode: " + name);
        }

        if (!InTransaction)
        {
            RunControl("BEGIN TRANSACTION");
            InTransaction = true;
        }

        // a name set again moves to here, as the SQL standard has it
        _savepoints.RemoveAll(savepoint => savepoint.Name == name);
        _savepoints.Add((name, _log.Count));
        return SavepointDone();
    }

    private EngineResult RollbackToSavepoint(string name)
    {
        var index = FindSavepoint(name);
        var mark = _savepoints[index].Mark;
        // the savepoint itself stays; those set after it go with the work they covered
        _savepoints.RemoveRange(index + 1, _savepoints.Count - index - 1);
        if (_log.Count > mark)
        {
            _log.RemoveRange(mark, _log.Count - mark);
        }

        RecoverTransaction(force: true);
        ThrowIfDoomed();
        return SavepointDone();
    }

    private EngineResult ReleaseSavepoint(string name)
    {
        var index = FindSavepoint(name);
        _savepoints.RemoveRange(index, _savepoints.Count - index);
        return SavepointDone();
    }

    private int FindSavepoint(string name)
    {
        var index = InTransaction ? _savepoints.FindLastIndex(savepoint => savepoint.Name == name) : -1;
        if (index < 0)
        {
            throw new EngineException(SavepointNotFoundCode, "3B001", 0, "savepoint not found: " + name);
        }

        return index;
    }

    private static EngineResult SavepointDone() => new() { Kind = StatementKind.Other, RowsAffected = [0] };
}
