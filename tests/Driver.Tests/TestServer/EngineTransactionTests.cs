using Driver.TestServer.Engine;

namespace Driver.Tests.TestServer;

public sealed class EngineTransactionTests : EngineTestBase
{
    /// <summary>Counts rows; autoCommit false reads inside the session's open transaction (true would commit it).</summary>
    private long Count(string table, EngineSession? session = null, bool autoCommit = true)
        => Convert.ToInt64(Scalar($"SELECT COUNT(*) FROM {table}", session, autoCommit));

    [Fact]
    public void AutoCommitMakesEachStatementVisibleToOthers()
    {
        Exec("CREATE TABLE TA (ID INTEGER PRIMARY KEY)");
        using var other = Engine.OpenSession("SYSTEM");
        var result = Exec("INSERT INTO TA VALUES (1)");
        Assert.True(result.Committed);
        Assert.False(Session.InTransaction);
        Assert.Equal(1, Count("TA", other));
    }

    [Fact]
    public void ExplicitTransactionRollbackAndCommit()
    {
        // the node-hdb conformance scenario (transaction_rollback_commit)
        Exec("CREATE COLUMN TABLE TX (ID INTEGER PRIMARY KEY, V NVARCHAR(20))");
        var first = Exec("INSERT INTO TX VALUES (1, 'rollback-me')", autoCommit: false);
        Assert.True(first.WriteTransactionStarted);
        Assert.False(first.Committed);
        Assert.True(Session.InTransaction);
        Assert.Equal(1, Count("TX", autoCommit: false));
        Session.Rollback();
        Assert.False(Session.InTransaction);
        Assert.Equal(0, Count("TX", autoCommit: false));

        Exec("INSERT INTO TX VALUES (2, 'commit-me')", autoCommit: false);
        using var other = Engine.OpenSession("SYSTEM");
        Assert.Equal(0, Count("TX", other)); // uncommitted rows are invisible to other sessions
        Session.Commit();
        var rows = Query("SELECT ID, V FROM TX", other);
        Assert.Single(rows);
        Assert.Equal([2, "commit-me"], rows[0]);
    }

    [Fact]
    public void SqlCommitAndRollbackStatements()
    {
        Exec("CREATE TABLE TS (ID INTEGER)");
        Exec("INSERT INTO TS VALUES (1)", autoCommit: false);
        var rollback = Exec("ROLLBACK", autoCommit: false);
        Assert.Equal(StatementKind.Rollback, rollback.Kind);
        Assert.True(rollback.RolledBack);
        Exec("INSERT INTO TS VALUES (2)", autoCommit: false);
        Assert.True(Exec("COMMIT", autoCommit: false).Committed);
        Assert.Equal([2], Query("SELECT ID FROM TS").Select(r => (int)r[0]!));
    }

    [Fact]
    public void FailedStatementRollsBackOnlyItselfNotTheTransaction()
    {
        // DuckDB aborts the whole transaction on a constraint error and its COMMIT would then silently roll back
        Exec("CREATE TABLE TF (ID INTEGER PRIMARY KEY)");
        Exec("INSERT INTO TF VALUES (10)", autoCommit: false);
        Exec("INSERT INTO TF VALUES (11)", autoCommit: false);
        Assert.Equal(301, Fails(() => Exec("INSERT INTO TF VALUES (10)", autoCommit: false)).Code);
        Assert.True(Session.InTransaction);
        Exec("INSERT INTO TF VALUES (12)", autoCommit: false);
        Assert.Equal(339, Fails(() => Exec("INSERT INTO TF VALUES (CAST('x' AS INTEGER))", autoCommit: false)).Code);
        Session.Commit();
        Assert.Equal([10, 11, 12], Query("SELECT ID FROM TF ORDER BY ID").Select(r => (int)r[0]!));
    }

    [Fact]
    public void FailedQueryInsideATransactionKeepsEarlierWrites()
    {
        Exec("CREATE TABLE TQ (ID INTEGER)");
        Exec("INSERT INTO TQ VALUES (1)", autoCommit: false);
        Assert.Equal(339, Fails(() => Session.ExecuteDirect("SELECT CAST('x' AS INTEGER) FROM TQ", false)).Code);
        Session.Commit();
        Assert.Equal(1, Count("TQ"));
    }

    [Fact]
    public void ConcurrentUpdateOfTheSameRowIsError133AndNothingIsLostSilently()
    {
        Exec("CREATE TABLE TC (ID INTEGER PRIMARY KEY, V INTEGER)");
        Exec("INSERT INTO TC VALUES (1, 0)");
        Exec("INSERT INTO TC VALUES (2, 0)");
        using var other = Engine.OpenSession("SYSTEM");
        Exec("UPDATE TC SET V = 1 WHERE ID = 2", autoCommit: false);
        Exec("UPDATE TC SET V = 1 WHERE ID = 1", autoCommit: false);
        var e = Fails(() => Exec("UPDATE TC SET V = 2 WHERE ID = 1", autoCommit: false, session: other));
        Assert.Equal(133, e.Code);
        Session.Commit();
        other.Commit(); // the other session's transaction had nothing left: commit is a clean no-op
        Assert.Equal([1, 1], Query("SELECT V FROM TC ORDER BY ID").Select(r => (int)r[0]!));
    }

    [Fact]
    public void LostTransactionMakesCommitFail()
    {
        // session A's replay after its own failed statement conflicts with a row B changed and committed meanwhile
        Exec("CREATE TABLE TL (ID INTEGER PRIMARY KEY, V INTEGER)");
        Exec("INSERT INTO TL VALUES (1, 0)");
        using var other = Engine.OpenSession("SYSTEM");
        Exec("INSERT INTO TL VALUES (2, 0)", autoCommit: false);      // A's transaction: a write to replay later
        Exec("INSERT INTO TL VALUES (2, 5)", session: other);          // B commits the same key
        var failed = Fails(() => Exec("INSERT INTO TL VALUES (1, 9)", autoCommit: false)); // A's own statement fails
        Assert.Equal(301, failed.Code);
        var commit = Fails(() => Session.Commit());
        Assert.Equal(133, commit.Code); // not a silent rollback
        Assert.False(Session.InTransaction);
        Assert.Equal([0, 5], Query("SELECT V FROM TL ORDER BY ID").Select(r => (int)r[0]!));
    }

    [Fact]
    public void DdlCommitsTheOpenTransaction()
    {
        Exec("CREATE TABLE TD (ID INTEGER)");
        Exec("INSERT INTO TD VALUES (1)", autoCommit: false);
        Exec("CREATE TABLE TD2 (ID INTEGER)", autoCommit: false);
        Assert.False(Session.InTransaction);
        Session.Rollback();
        Assert.Equal(1, Count("TD"));
    }

    [Fact]
    public void BatchInsideATransactionIsInvisibleUntilCommit()
    {
        Exec("CREATE TABLE TB (ID INTEGER PRIMARY KEY, V NVARCHAR(10))");
        using var insert = Session.Prepare("INSERT INTO TB VALUES (?, ?)");
        Session.Execute(insert, Enumerable.Range(0, 1000).Select(i => new object?[] { i, "v" + i }).ToList(), autoCommit: false);
        using var other = Engine.OpenSession("SYSTEM");
        Assert.Equal(0, Count("TB", other));
        Assert.Equal(1000, Count("TB", autoCommit: false));
        Session.Rollback();
        Assert.Equal(0, Count("TB"));
    }

    [Fact]
    public void SwitchingBackToAutoCommitCommits()
    {
        Exec("CREATE TABLE TW (ID INTEGER)");
        Exec("INSERT INTO TW VALUES (1)", autoCommit: false);
        Exec("INSERT INTO TW VALUES (2)", autoCommit: true);
        Session.Rollback();
        Assert.Equal(2, Count("TW"));
    }

    [Fact]
    public void ClosingASessionRollsBack()
    {
        Exec("CREATE TABLE TZ (ID INTEGER)");
        var other = Engine.OpenSession("SYSTEM");
        Exec("INSERT INTO TZ VALUES (1)", autoCommit: false, session: other);
        other.Dispose();
        Assert.Equal(0, Count("TZ"));
    }

    [Fact]
    public void SetSchemaDoesNotOpenATransaction()
    {
        var result = Exec("SET SCHEMA SYSTEM", autoCommit: false);
        Assert.False(result.WriteTransactionStarted);
        Assert.False(Session.InTransaction);
    }
}
