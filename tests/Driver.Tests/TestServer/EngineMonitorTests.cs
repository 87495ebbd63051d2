using Driver.TestServer.Engine;

namespace Driver.Tests.TestServer;

public sealed class EngineMonitorTests : EngineTestBase
{
    [Fact]
    public void ConnectionsListsOpenSessionsAndMarksTheOwnOne()
    {
        using var other = Engine.OpenSession("alice", clientHost: "client-host", clientPid: 4711);
        var rows = Query("SELECT CONNECTION_ID, USER_NAME, OWN, CONNECTION_STATUS, CLIENT_HOST, CLIENT_PID FROM SYS.M_CONNECTIONS ORDER BY CONNECTION_ID");
        Assert.Equal(2, rows.Count);
        Assert.Equal([Session.ConnectionId, "SYSTEM", "TRUE", "RUNNING"], rows[0].Take(4));
        Assert.Equal([other.ConnectionId, "ALICE", "FALSE", "IDLE", "client-host", 4711L], rows[1]);

        Assert.Equal(Session.ConnectionId, Scalar("SELECT CONNECTION_ID FROM M_CONNECTIONS WHERE OWN = 'TRUE'"));
        other.Dispose();
        Assert.Single(Query("SELECT * FROM M_CONNECTIONS"));
    }

    [Fact]
    public void PreparedStatementsShowTrackedStatements()
    {
        using var statement = Session.Prepare("SELECT * FROM DUMMY WHERE DUMMY = ?");
        Session.TrackStatement(7001, statement);
        var rows = Query("SELECT STATEMENT_ID, CONNECTION_ID, STATEMENT_STRING FROM SYS.M_PREPARED_STATEMENTS");
        Assert.Single(rows);
        Assert.Equal([7001L, Session.ConnectionId, "SELECT * FROM DUMMY WHERE DUMMY = ?"], rows[0]);
        Session.UntrackStatement(7001);
        Assert.Empty(Query("SELECT * FROM SYS.M_PREPARED_STATEMENTS"));
    }

    [Fact]
    public void ResultSetsShowOpenCursors()
    {
        using var statement = Session.Prepare("SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 10000)");
        Session.TrackStatement(11, statement);
        using var cursor = Session.Execute(statement, [], true).Cursor!;
        Session.TrackResultSet(12, 11, cursor);
        cursor.FetchRows(100);
        var rows = Query("SELECT RESULT_SET_ID, CONNECTION_ID, STATEMENT_ID, FETCHED_ROW_COUNT, IS_EXHAUSTED FROM SYS.M_RESULT_SETS");
        Assert.Equal([12L, Session.ConnectionId, 11L, 100L, "FALSE"], rows[0]);
        Assert.Equal(9900, cursor.FetchRows().Count); // querying the view did not disturb the open cursor
        Session.UntrackResultSet(12);
        Assert.Empty(Query("SELECT * FROM SYS.M_RESULT_SETS"));
    }

    [Fact]
    public void MonitorViewsWorkThroughPreparedStatementsRepeatedly()
    {
        using var statement = Session.Prepare("SELECT COUNT(*) FROM M_CONNECTIONS");
        using (var c = Session.Execute(statement, [], true).Cursor!)
        {
            Assert.Equal(1L, c.FetchRows()[0][0]);
        }

        using var other = Engine.OpenSession("SYSTEM");
        using (var c = Session.Execute(statement, [], true).Cursor!)
        {
            Assert.Equal(2L, c.FetchRows()[0][0]);
        }
    }
}
