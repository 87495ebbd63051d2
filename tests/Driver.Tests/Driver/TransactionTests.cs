using System.Data;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

public class TransactionTests : DriverTestBase
{
    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AutoCommitCommitAndRollback(string name)
    {
        var flavor = Flavor.Get(name);
        var writer = await Open(flavor);
        var observer = await Open(flavor);
        await flavor.Execute(writer, "CREATE TABLE TX (ID INTEGER PRIMARY KEY)");

        // auto-commit: visible to another session at once
        await flavor.Execute(writer, "INSERT INTO TX VALUES (1)");
        Assert.Equal(1L, Convert.ToInt64(await flavor.Scalar(observer, "SELECT COUNT(*) FROM TX")));

        var rolledBack = await flavor.BeginTransaction(writer);
        Assert.Equal(IsolationLevel.ReadCommitted, rolledBack.IsolationLevel);
        await flavor.Execute(writer, "INSERT INTO TX VALUES (2)");
        Assert.Equal(2L, Convert.ToInt64(await flavor.Scalar(writer, "SELECT COUNT(*) FROM TX")));
        Assert.Equal(1L, Convert.ToInt64(await flavor.Scalar(observer, "SELECT COUNT(*) FROM TX")));
        await flavor.Rollback(rolledBack);
        Assert.Null(rolledBack.Connection);
        Assert.Equal(1L, Convert.ToInt64(await flavor.Scalar(writer, "SELECT COUNT(*) FROM TX")));

        var committed = await flavor.BeginTransaction(writer);
        await flavor.Execute(writer, "INSERT INTO TX VALUES (3)");
        await flavor.Execute(writer, "INSERT INTO TX VALUES (4)");
        await flavor.Commit(committed);
        Assert.Equal(3L, Convert.ToInt64(await flavor.Scalar(observer, "SELECT COUNT(*) FROM TX")));

        // back to auto-commit after the transaction
        await flavor.Execute(writer, "INSERT INTO TX VALUES (5)");
        Assert.Equal(4L, Convert.ToInt64(await flavor.Scalar(observer, "SELECT COUNT(*) FROM TX")));
        await flavor.Close(writer);
        await flavor.Close(observer);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task DisposingAnUnfinishedTransactionRollsItBack(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE TD (ID INTEGER)");
        var transaction = await flavor.BeginTransaction(connection);
        await flavor.Execute(connection, "INSERT INTO TD VALUES (1)");
        // Sync: ROLLBACK now; Async: ROLLBACK queued, sent before the next request
        transaction.Dispose();
        Assert.Equal(0L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM TD")));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task IsolationLevelsMapToHanas(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor, "Pooling=false");
        var id = flavor.ConnectionId(connection);
        foreach (var (level, expected) in new[]
        {
            (IsolationLevel.RepeatableRead, "REPEATABLE READ"),
            (IsolationLevel.Serializable, "SERIALIZABLE"),
            (IsolationLevel.Snapshot, "REPEATABLE READ"),
            (IsolationLevel.ReadUncommitted, "READ COMMITTED"),
            (IsolationLevel.ReadCommitted, "READ COMMITTED"),
        })
        {
            var transaction = await flavor.BeginTransaction(connection, level);
            Assert.Equal(level, transaction.IsolationLevel);
            Assert.Equal(expected, Server.IsolationLevelOf(id));
            await flavor.Commit(transaction);
        }
        await Assert.ThrowsAsync<NotSupportedException>(() => flavor.BeginTransaction(connection, IsolationLevel.Chaos));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ThePoolSetsTheIsolationLevelBack(string name)
    {
        var flavor = Flavor.Get(name);
        var pooled = "Max Pool Size=1";
        var connection = await Open(flavor, pooled);
        var id = flavor.ConnectionId(connection);
        var transaction = await flavor.BeginTransaction(connection, IsolationLevel.Serializable);
        await flavor.Commit(transaction);
        Assert.Equal("SERIALIZABLE", Server.IsolationLevelOf(id));
        await flavor.Close(connection);
        var again = await Open(flavor, pooled);
        Assert.Equal(id, flavor.ConnectionId(again));
        Assert.Equal("READ COMMITTED", Server.IsolationLevelOf(id));
        await flavor.Close(again);
    }

    [Fact]
    public async Task DriverAsyncRefusesBlockingCommitAndRollbackBeforeTheTransactionEnds()
    {
        await using var connection = new global::Driver.Async.HanaConnection(ConnectionString);
        await connection.OpenAsync();
        await using (var create = new global::Driver.Async.HanaCommand("CREATE TABLE TX_REFUSED (ID INTEGER)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = new global::Driver.Async.HanaCommand("INSERT INTO TX_REFUSED VALUES (1)", connection);
        await insert.ExecuteNonQueryAsync();

        Assert.Contains("CommitAsync", Assert.Throws<NotSupportedException>(() => transaction.Commit()).Message);
        Assert.Contains("RollbackAsync", Assert.Throws<NotSupportedException>(() => transaction.Rollback()).Message);
        // refused up front: the transaction is still running and still commits
        Assert.Same(connection, transaction.Connection);
        await transaction.CommitAsync();
        Assert.Null(transaction.Connection);
        await using var count = new global::Driver.Async.HanaCommand("SELECT COUNT(*) FROM TX_REFUSED", connection);
        Assert.Equal(1L, Convert.ToInt64(await count.ExecuteScalarAsync()));
    }
}
