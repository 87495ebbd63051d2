using Driver.Core.Protocol;
using Driver.Sync;
using Driver.Tests.Support;
using static Driver.Tests.TestServer.WireRequests;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.TestServer;

/// <summary>Auto-commit, explicit transactions, isolation and TRANSACTIONFLAGS over real sockets (§6.5, §9.4).</summary>
public class ServerTransactionTests
{
    [Fact]
    public async Task AutoCommitFlagCommitsEachStatementAndSaysSo()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        using var other = ProtocolClient.Connect(server);
        client.ExecuteNonQuery("CREATE COLUMN TABLE TA (ID INTEGER PRIMARY KEY)");
        var reply = ExecuteDirect(client, "INSERT INTO TA VALUES (1)", commit: true);
        Assert.True(Flag(reply, TransactionFlagId.Committed));
        Assert.False(Flag(reply, TransactionFlagId.WriteTransactionStarted));
        Assert.False(client.Core.TransactionWritten);
        Assert.Equal(1, Count(other, "TA"));
    }

    [Fact]
    public async Task ExplicitTransactionWithRollbackAndCommitMessages()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        using var other = ProtocolClient.Connect(server);
        client.ExecuteNonQuery("CREATE COLUMN TABLE TX (ID INTEGER PRIMARY KEY, V NVARCHAR(20))");
        client.AutoCommit = false;

        var insert = ExecuteDirect(client, "INSERT INTO TX VALUES (1, 'rollback-me')", commit: false);
        Assert.True(Flag(insert, TransactionFlagId.WriteTransactionStarted));
        Assert.False(Flag(insert, TransactionFlagId.Committed));
        Assert.True(client.Core.TransactionWritten);
        Assert.Equal(1, Convert.ToInt64(client.Query("SELECT COUNT(*) FROM TX")[0][0])); // own writes are visible
        Assert.Equal(0, Count(other, "TX")); // uncommitted rows are not

        client.Core.BeginRequest(MessageType.Rollback);
        var rollback = client.Core.RoundTripSync();
        Assert.Equal(FunctionCode.Rollback, rollback.Segment.FunctionCode);
        Assert.True(Flag(rollback, TransactionFlagId.RolledBack));
        Assert.False(client.Core.TransactionWritten);
        Assert.Equal(0, Convert.ToInt64(client.Query("SELECT COUNT(*) FROM TX")[0][0]));

        client.ExecuteNonQuery("INSERT INTO TX VALUES (2, 'commit-me')");
        Assert.Equal(0, Count(other, "TX"));
        client.Core.BeginRequest(MessageType.Commit);
        var commit = client.Core.RoundTripSync();
        Assert.Equal(FunctionCode.Commit, commit.Segment.FunctionCode);
        Assert.True(Flag(commit, TransactionFlagId.Committed));
        Assert.False(client.Core.TransactionWritten);
        var rows = other.Query("SELECT ID, V FROM TX");
        Assert.Single(rows);
        Assert.Equal("commit-me", rows[0][1]);
    }

    [Fact]
    public async Task PreparedBatchInAnExplicitTransactionIsInvisibleUntilCommit()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        using var other = ProtocolClient.Connect(server);
        client.ExecuteNonQuery("CREATE COLUMN TABLE TB (ID INTEGER PRIMARY KEY, V NVARCHAR(10))");
        var insert = client.Prepare("INSERT INTO TB VALUES (?, ?)");
        var rows = Enumerable.Range(0, 500).Select(i => new object?[] { i, "v" + i }).ToList();
        var result = Driver.Tests.Support.CoreCalls.Execute(insert, rows, autoCommit: false, 100);
        Assert.Equal(500, result.TotalRowsAffected);
        Assert.True(client.Core.TransactionWritten);
        Assert.Equal(0, Count(other, "TB"));
        client.Commit();
        Assert.Equal(500, Count(other, "TB"));
        insert.Release();
    }

    [Fact]
    public async Task SqlCommitAndRollbackStatementsEndTheTransaction()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        using var other = ProtocolClient.Connect(server);
        client.ExecuteNonQuery("CREATE COLUMN TABLE TS (ID INTEGER)");
        client.AutoCommit = false;
        client.ExecuteNonQuery("INSERT INTO TS VALUES (1)");
        Assert.True(Flag(ExecuteDirect(client, "ROLLBACK", commit: false), TransactionFlagId.RolledBack));
        client.ExecuteNonQuery("INSERT INTO TS VALUES (2)");
        Assert.True(Flag(ExecuteDirect(client, "COMMIT", commit: false), TransactionFlagId.Committed));
        Assert.Equal([2L], other.Query("SELECT ID FROM TS").Select(row => Convert.ToInt64(row[0])));
    }

    [Fact]
    public async Task FailedStatementInsideATransactionLosesNothingSilently()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        using var other = ProtocolClient.Connect(server);
        client.ExecuteNonQuery("CREATE COLUMN TABLE TF (ID INTEGER PRIMARY KEY, V NVARCHAR(10))");
        client.AutoCommit = false;
        client.ExecuteNonQuery("INSERT INTO TF VALUES (1, 'kept')");
        var duplicate = Assert.Throws<HanaException>(() => client.ExecuteNonQuery("INSERT INTO TF VALUES (1, 'dup')"));
        Assert.Equal(301, duplicate.Code);
        Assert.IsNotType<HanaConnectionException>(duplicate);

        // HANA's statement-level rollback: only the failed statement is undone; COMMIT keeps row 1
        client.Core.BeginRequest(MessageType.Commit);
        var commit = client.Core.RoundTripSync();
        Assert.True(Flag(commit, TransactionFlagId.Committed));
        var rows = other.Query("SELECT ID, V FROM TF");
        Assert.Single(rows);
        Assert.Equal("kept", rows[0][1]);
    }

    [Fact]
    public async Task FailedPreparedInsertInsideATransactionKeepsEarlierRows()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        using var other = ProtocolClient.Connect(server);
        client.ExecuteNonQuery("CREATE COLUMN TABLE TP (ID INTEGER PRIMARY KEY)");
        var insert = client.Prepare("INSERT INTO TP VALUES (?)");
        Driver.Tests.Support.CoreCalls.Execute(insert, [[1]], autoCommit: false, 100);
        var duplicate = Assert.Throws<HanaException>(() => Driver.Tests.Support.CoreCalls.Execute(insert, [[1]], autoCommit: false, 100));
        Assert.Equal(301, duplicate.Code);
        Driver.Tests.Support.CoreCalls.Execute(insert, [[2]], autoCommit: false, 100);
        client.Commit();
        Assert.Equal([1L, 2L], other.Query("SELECT ID FROM TP ORDER BY ID").Select(row => Convert.ToInt64(row[0])));
        insert.Release();
    }

    [Fact]
    public async Task ConflictingWriteFailsAtOnceWith133()
    {
        // known difference: HANA would block the second writer until the first commits
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        using var other = ProtocolClient.Connect(server);
        client.ExecuteNonQuery("CREATE COLUMN TABLE TC (ID INTEGER PRIMARY KEY, V INTEGER)");
        client.ExecuteNonQuery("INSERT INTO TC VALUES (1, 0)");
        client.AutoCommit = false;
        other.AutoCommit = false;
        client.ExecuteNonQuery("UPDATE TC SET V = 1 WHERE ID = 1");
        Assert.Equal(133, Assert.Throws<HanaException>(() => other.ExecuteNonQuery("UPDATE TC SET V = 2 WHERE ID = 1")).Code);
        client.Commit();
        other.Commit();
        Assert.Equal(1L, Convert.ToInt64(other.Query("SELECT V FROM TC")[0][0]));
    }

    [Fact]
    public async Task DisconnectRollsBackTheOpenTransaction()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        client.ExecuteNonQuery("CREATE COLUMN TABLE TZ (ID INTEGER)");
        var writer = ProtocolClient.Connect(server);
        writer.AutoCommit = false;
        writer.ExecuteNonQuery("INSERT INTO TZ VALUES (1)");
        writer.Dispose();
        await WaitUntilAsync(() => server.ConnectionCount == 1, "the writer's session ended");
        Assert.Equal(0, Count(client, "TZ"));
    }
}
