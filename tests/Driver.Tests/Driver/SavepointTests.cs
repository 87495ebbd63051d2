using System.Data.Common;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// DbTransaction.Save / Rollback(name) / Release (SAVEPOINT, ROLLBACK TO SAVEPOINT, RELEASE SAVEPOINT), both flavors,
/// over the test server's journal-replay savepoints.
/// </summary>
public class SavepointTests : DriverTestBase
{
    private static Task Save(Flavor flavor, DbTransaction transaction, string name)
    {
        if (flavor.IsAsync)
        {
            return transaction.SaveAsync(name);
        }
        transaction.Save(name);
        return Task.CompletedTask;
    }

    private static Task RollbackTo(Flavor flavor, DbTransaction transaction, string name)
    {
        if (flavor.IsAsync)
        {
            return transaction.RollbackAsync(name);
        }
        transaction.Rollback(name);
        return Task.CompletedTask;
    }

    private static Task Release(Flavor flavor, DbTransaction transaction, string name)
    {
        if (flavor.IsAsync)
        {
            return transaction.ReleaseAsync(name);
        }
        transaction.Release(name);
        return Task.CompletedTask;
    }

    private static async Task<List<int>> Ids(Flavor flavor, DbConnection connection, string table) =>
        (await flavor.Query(connection, $"SELECT ID FROM {table} ORDER BY ID")).Select(row => Convert.ToInt32(row[0])).ToList();

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task RollingBackToASavepointUndoesOnlyTheWorkAfterIt(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        var observer = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE SP (ID INTEGER PRIMARY KEY)");
        var transaction = await flavor.BeginTransaction(connection);
        Assert.True(transaction.SupportsSavepoints);
        await flavor.Execute(connection, "INSERT INTO SP VALUES (1)");
        await Save(flavor, transaction, "first");
        await flavor.Execute(connection, "INSERT INTO SP VALUES (2)");
        await flavor.Execute(connection, "UPDATE SP SET ID = 10 WHERE ID = 1");
        Assert.Equal([2, 10], await Ids(flavor, connection, "SP"));

        await RollbackTo(flavor, transaction, "first");
        Assert.Equal([1], await Ids(flavor, connection, "SP"));
        // the transaction goes on, and the savepoint stays
        await flavor.Execute(connection, "INSERT INTO SP VALUES (3)");
        await RollbackTo(flavor, transaction, "first");
        await flavor.Execute(connection, "INSERT INTO SP VALUES (4)");
        Assert.Empty(await Ids(flavor, observer, "SP"));
        await flavor.Commit(transaction);
        Assert.Equal([1, 4], await Ids(flavor, observer, "SP"));
        await flavor.Close(connection);
        await flavor.Close(observer);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task NestedSavepointsReleaseAndUnknownNames(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE SPN (ID INTEGER)");
        var transaction = await flavor.BeginTransaction(connection);
        // a savepoint before any write, and names that need quoting
        await Save(flavor, transaction, "outer");
        await flavor.Execute(connection, "INSERT INTO SPN VALUES (1)");
        await Save(flavor, transaction, "in \"quotes\"");
        await flavor.Execute(connection, "INSERT INTO SPN VALUES (2)");
        await Save(flavor, transaction, "inner");
        await flavor.Execute(connection, "INSERT INTO SPN VALUES (3)");

        await Release(flavor, transaction, "inner");
        var released = await Assert.ThrowsAsync(flavor.HanaExceptionType, () => RollbackTo(flavor, transaction, "inner"));
        Assert.Equal(128, flavor.ErrorCode(released));
        Assert.Contains("inner", released.Message);
        // the failed ROLLBACK TO left the work alone
        Assert.Equal([1, 2, 3], await Ids(flavor, connection, "SPN"));

        await RollbackTo(flavor, transaction, "in \"quotes\"");
        Assert.Equal([1], await Ids(flavor, connection, "SPN"));
        await RollbackTo(flavor, transaction, "outer");
        Assert.Empty(await Ids(flavor, connection, "SPN"));
        await flavor.Execute(connection, "INSERT INTO SPN VALUES (5)");
        await flavor.Commit(transaction);
        Assert.Equal([5], await Ids(flavor, connection, "SPN"));

        // savepoints end with their transaction
        var next = await flavor.BeginTransaction(connection);
        var gone = await Assert.ThrowsAsync(flavor.HanaExceptionType, () => RollbackTo(flavor, next, "outer"));
        Assert.Equal(128, flavor.ErrorCode(gone));
        await Assert.ThrowsAsync<ArgumentException>(() => Save(flavor, next, ""));
        await flavor.Rollback(next);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Save(flavor, next, "late"));
        await flavor.Close(connection);
    }

    [Fact]
    public async Task DriverAsyncRefusesTheBlockingSavepointMembers()
    {
        await using var connection = new global::Driver.Async.HanaConnection(ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        Assert.Contains("SaveAsync", Assert.Throws<NotSupportedException>(() => transaction.Save("a")).Message);
        Assert.Contains("RollbackAsync", Assert.Throws<NotSupportedException>(() => transaction.Rollback("a")).Message);
        Assert.Contains("ReleaseAsync", Assert.Throws<NotSupportedException>(() => transaction.Release("a")).Message);
        await transaction.SaveAsync("a");
        await transaction.ReleaseAsync("a");
        await transaction.RollbackAsync();
    }
}
