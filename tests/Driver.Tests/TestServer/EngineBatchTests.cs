using System.Diagnostics;
using Driver.TestServer.Engine;
using Xunit.Abstractions;

namespace Driver.Tests.TestServer;

public sealed class EngineBatchTests(ITestOutputHelper output) : EngineTestBase
{
    private const string Table = "CREATE COLUMN TABLE B (ID INTEGER PRIMARY KEY, C_BIGINT BIGINT, C_DEC DECIMAL(18,4), C_NV NVARCHAR(100), " +
                                 "C_VB VARBINARY(50), C_TS TIMESTAMP, C_BOOL BOOLEAN, C_DOUBLE DOUBLE)";

    private static object?[] Row(int i) =>
    [
        i, (long)i * 1_000_000_007L, i % 10 == 9 ? null : i * 1.2345m, $"Zeile {i} äöü 😀", new[] { (byte)i, (byte)(i >> 8) },
        new DateTime(2001, 2, 3, 4, 5, 6).AddTicks(i * 1234567L), i % 3 == 0, i / 8.0,
    ];

    [Fact]
    public void TenThousandRowsInOneBatch()
    {
        Exec(Table);
        using var statement = Session.Prepare("INSERT INTO B VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        var rows = Enumerable.Range(0, 10_000).Select(Row).ToList();
        var result = Session.Execute(statement, rows, autoCommit: true);
        Assert.Equal(10_000, result.RowsAffected.Count);
        Assert.All(result.RowsAffected, r => Assert.Equal(1, r));
        Assert.True(result.Committed);

        using var cursor = Session.ExecuteDirect("SELECT * FROM B ORDER BY ID", true).Cursor!;
        var back = cursor.FetchRows();
        Assert.Equal(10_000, back.Count);
        for (var i = 0; i < back.Count; i += 997)
        {
            var expected = Row(i);
            Assert.Equal(expected[0], back[i][0]);
            Assert.Equal(expected[1], back[i][1]);
            Assert.Equal(expected[2], back[i][2]);
            Assert.Equal(expected[3], back[i][3]);
            Assert.Equal(expected[4], back[i][4]);
            Assert.Equal(expected[5], back[i][5]);
            Assert.Equal(expected[6], back[i][6]);
            Assert.Equal(expected[7], back[i][7]);
        }
    }

    [Fact]
    public void AFailingRowLeavesTheOtherRowsOfTheBatchInPlace()
    {
        Exec(Table);
        using var statement = Session.Prepare("INSERT INTO B VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        var rows = Enumerable.Range(0, 300).Select(Row).ToList();
        rows[250] = Row(5); // duplicate key in a later chunk (and the appender's fast path)
        rows[270] = Row(6);
        var result = Session.Execute(statement, rows, autoCommit: true);
        Assert.Equal([250, 270], result.RowErrors.Select(e => e.Row));
        Assert.All(result.RowErrors, e => Assert.Equal(301, e.Error.Code));
        Assert.Equal(300, result.RowsAffected.Count);
        Assert.Equal(-3, result.RowsAffected[250]);
        Assert.Equal(-3, result.RowsAffected[270]);
        Assert.Equal(298, result.RowsAffected.Count(r => r == 1));
        Assert.True(result.Committed);
        Assert.Equal(298L, Convert.ToInt64(Scalar("SELECT COUNT(*) FROM B")));
        Assert.Equal(0L, Convert.ToInt64(Scalar("SELECT COUNT(*) FROM B WHERE ID IN (250, 270)")));
    }

    [Fact]
    public void InATransactionTheGoodRowsJoinItAndEarlierWorkSurvives()
    {
        Exec("CREATE TABLE BT (ID INTEGER PRIMARY KEY, V NVARCHAR(10))");
        using var other = Engine.OpenSession("SYSTEM");
        using var statement = Session.Prepare("INSERT INTO BT VALUES (?, ?)");
        Session.Execute(statement, [[1, "early"]], autoCommit: false);
        var result = Session.Execute(statement, [[10, "a"], [1, "dup"], [20, "b"], [10, "dup"], [30, "c"]], autoCommit: false);
        Assert.Equal([1, 3], result.RowErrors.Select(e => e.Row));
        Assert.Equal([1, -3, 1, -3, 1], result.RowsAffected);
        Assert.False(result.Committed);
        Assert.True(Session.InTransaction);
        Assert.Equal(0L, Convert.ToInt64(Scalar("SELECT COUNT(*) FROM BT", other))); // nothing committed yet
        Assert.Equal(4L, Convert.ToInt64(Scalar("SELECT COUNT(*) FROM BT", autoCommit: false)));

        // the transaction goes on after the batch; COMMIT keeps the earlier row, the good rows and what followed
        Session.Execute(statement, [[40, "late"]], autoCommit: false);
        Session.Commit();
        Assert.Equal([1, 10, 20, 30, 40], Query("SELECT ID FROM BT ORDER BY ID", other).Select(r => (int)r[0]!));
        Assert.Equal("a", Scalar("SELECT V FROM BT WHERE ID = 10", other));

        // ROLLBACK discards the good rows of a failed batch like any other work of the transaction
        result = Session.Execute(statement, [[50, "x"], [40, "dup"]], autoCommit: false);
        Assert.Equal([1, -3], result.RowsAffected);
        Session.Rollback();
        Assert.Equal(5L, Convert.ToInt64(Scalar("SELECT COUNT(*) FROM BT", other)));
    }

    [Fact]
    public void EveryRowFailingIsStillAPerRowResult()
    {
        Exec("CREATE TABLE BA (ID INTEGER PRIMARY KEY)");
        Exec("INSERT INTO BA VALUES (1), (2)");
        using var statement = Session.Prepare("INSERT INTO BA VALUES (?)");
        var result = Session.Execute(statement, [[1], [2]], autoCommit: true);
        Assert.Equal([-3, -3], result.RowsAffected);
        Assert.Equal([0, 1], result.RowErrors.Select(e => e.Row));

        // one row keeps the plain error, as a single execution
        Assert.Equal(301, Fails(() => Session.Execute(statement, [[1]], autoCommit: true)).Code);
        Assert.Equal(2L, Convert.ToInt64(Scalar("SELECT COUNT(*) FROM BA")));
    }

    [Fact]
    public void BatchOfUpdatesReportsRowsPerParameterRow()
    {
        Exec("CREATE TABLE BU (ID INTEGER, V INTEGER)");
        using (var insert = Session.Prepare("INSERT INTO BU VALUES (?, ?)"))
        {
            Session.Execute(insert, [[1, 0], [2, 0], [2, 0]], true);
        }

        using var update = Session.Prepare("UPDATE BU SET V = ? WHERE ID = ?");
        var result = Session.Execute(update, [[5, 1], [6, 2], [7, 3]], true);
        Assert.Equal([1, 2, 0], result.RowsAffected);
    }

    [Fact]
    public void HundredThousandRowsRate()
    {
        Exec(Table);
        using var statement = Session.Prepare("INSERT INTO B VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        var rows = Enumerable.Range(0, 100_000).Select(Row).ToList();
        var watch = Stopwatch.StartNew();
        Session.Execute(statement, rows, autoCommit: true);
        watch.Stop();
        Assert.Equal(100_000L, Convert.ToInt64(Scalar("SELECT COUNT(*) FROM B")));
        output.WriteLine($"batch insert: 100000 rows x 8 columns in {watch.Elapsed.TotalMilliseconds:F0} ms = {100_000 / watch.Elapsed.TotalSeconds / 1000:F0} k rows/s");
    }
}
