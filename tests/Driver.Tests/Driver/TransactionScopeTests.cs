using System.Data;
using System.Data.Common;
using System.Transactions;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// System.Transactions, both flavors: a connection opened inside a TransactionScope joins it (Driver.Async through
/// OpenAsync with TransactionScopeAsyncFlowOption.Enabled), commits and rolls back with it, keeps its session out of
/// the pool until the scope ends, refuses a second session in the same transaction, and Enlist=false opts out.
/// </summary>
public class TransactionScopeTests : DriverTestBase
{
    private static TransactionScope Scope(System.Transactions.IsolationLevel level = System.Transactions.IsolationLevel.ReadCommitted) =>
        new(TransactionScopeOption.Required, new TransactionOptions { IsolationLevel = level, Timeout = TimeSpan.FromSeconds(60) },
            TransactionScopeAsyncFlowOption.Enabled);

    private async Task<long> Count(Flavor flavor, DbConnection observer, string table) =>
        Convert.ToInt64(await flavor.Scalar(observer, $"SELECT COUNT(*) FROM {table}"));

    private async Task<DbConnection> Setup(Flavor flavor, string table)
    {
        var observer = await Open(flavor, "Enlist=false");
        await flavor.Execute(observer, $"CREATE TABLE {table} (ID INTEGER)");
        return observer;
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AScopeNeverCompletedRollsTheWorkBack(string name)
    {
        var flavor = Flavor.Get(name);
        var observer = await Setup(flavor, "TS_ROLLBACK");
        using (Scope())
        {
            var connection = await Open(flavor);
            await flavor.Execute(connection, "INSERT INTO TS_ROLLBACK VALUES (1)");
            Assert.Equal(1L, await Count(flavor, connection, "TS_ROLLBACK"));
            // not committed by itself
            Assert.Equal(0L, await Count(flavor, observer, "TS_ROLLBACK"));
            await flavor.Close(connection);
        }
        Assert.Equal(0L, await Count(flavor, observer, "TS_ROLLBACK"));
        await flavor.Close(observer);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ACompletedScopeCommitsAndTheConnectionAutoCommitsAfterIt(string name)
    {
        var flavor = Flavor.Get(name);
        var observer = await Setup(flavor, "TS_COMMIT");
        DbConnection connection;
        using (var scope = Scope())
        {
            connection = await Open(flavor);
            await flavor.Execute(connection, "INSERT INTO TS_COMMIT VALUES (1)");
            await flavor.Execute(connection, "INSERT INTO TS_COMMIT VALUES (2)");
            Assert.Equal(0L, await Count(flavor, observer, "TS_COMMIT"));
            // HANA has no nested transaction: the scope is the transaction
            await Assert.ThrowsAsync<InvalidOperationException>(() => flavor.BeginTransaction(connection));
            scope.Complete();
        }
        Assert.Equal(2L, await Count(flavor, observer, "TS_COMMIT"));
        // still open after the scope: back to auto-commit
        await flavor.Execute(connection, "INSERT INTO TS_COMMIT VALUES (3)");
        Assert.Equal(3L, await Count(flavor, observer, "TS_COMMIT"));
        await flavor.Close(connection);
        await flavor.Close(observer);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ClosedInsideTheScopeTheSessionStaysBoundToTheTransaction(string name)
    {
        var flavor = Flavor.Get(name);
        var observer = await Setup(flavor, "TS_BOUND");
        int bound;
        using (Scope())
        {
            var first = await Open(flavor);
            bound = flavor.ConnectionId(first);
            await flavor.Execute(first, "INSERT INTO TS_BOUND VALUES (1)");
            await flavor.Close(first);

            // the pool does not hand the bound session to a connection outside the transaction
            var outside = await Open(flavor, "Enlist=false");
            Assert.NotEqual(bound, flavor.ConnectionId(outside));
            Assert.Equal(0L, await Count(flavor, outside, "TS_BOUND"));
            await flavor.Close(outside);

            // opened again inside the scope: the transaction's own session, its uncommitted row included
            var again = await Open(flavor);
            Assert.Equal(bound, flavor.ConnectionId(again));
            Assert.Equal(1L, await Count(flavor, again, "TS_BOUND"));
            await flavor.Execute(again, "INSERT INTO TS_BOUND VALUES (2)");
            await flavor.Close(again);
        }
        Assert.Equal(0L, await Count(flavor, observer, "TS_BOUND"));
        await flavor.Close(observer);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ClosedInsideACompletedScopeTheWorkIsCommittedAndTheSessionPooledAgain(string name)
    {
        var flavor = Flavor.Get(name);
        var observer = await Setup(flavor, "TS_POOLED");
        int bound;
        using (var scope = Scope())
        {
            var connection = await Open(flavor, "Max Pool Size=1");
            bound = flavor.ConnectionId(connection);
            await flavor.Execute(connection, "INSERT INTO TS_POOLED VALUES (1)");
            await flavor.Close(connection);
            scope.Complete();
        }
        Assert.Equal(1L, await Count(flavor, observer, "TS_POOLED"));
        // Driver.Async gives the session back after its reset, in the background: a pool of one waits for it
        var after = await Open(flavor, "Max Pool Size=1");
        Assert.Equal(bound, flavor.ConnectionId(after));
        await flavor.Execute(after, "INSERT INTO TS_POOLED VALUES (2)");
        Assert.Equal(2L, await Count(flavor, observer, "TS_POOLED"));
        await flavor.Close(after);
        await flavor.Close(observer);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ASecondSessionInTheSameScopeIsRefused(string name)
    {
        var flavor = Flavor.Get(name);
        var observer = await Setup(flavor, "TS_SECOND");
        using (var scope = Scope())
        {
            var first = await Open(flavor);
            await flavor.Execute(first, "INSERT INTO TS_SECOND VALUES (1)");
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => flavor.Open(ConnectionString));
            Assert.Contains("distributed", refused.Message);
            // another connection string is another resource manager: refused as well
            await Assert.ThrowsAsync<InvalidOperationException>(() => flavor.Open(ConnectionString + ";Pooling=false"));
            await flavor.Close(first);
            scope.Complete();
        }
        Assert.Equal(1L, await Count(flavor, observer, "TS_SECOND"));
        await flavor.Close(observer);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task EnlistFalseOptsOut(string name)
    {
        var flavor = Flavor.Get(name);
        var observer = await Setup(flavor, "TS_OUT");
        using (Scope())
        {
            var connection = await Open(flavor, "Enlist=false");
            await flavor.Execute(connection, "INSERT INTO TS_OUT VALUES (1)");
            Assert.Equal(1L, await Count(flavor, observer, "TS_OUT"));
            await flavor.Close(connection);
        }
        Assert.Equal(1L, await Count(flavor, observer, "TS_OUT"));
        await flavor.Close(observer);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task NotPooledTheSessionIsEndedWithTheTransaction(string name)
    {
        var flavor = Flavor.Get(name);
        var observer = await Setup(flavor, "TS_UNPOOLED");
        using (var scope = Scope())
        {
            var connection = await Open(flavor, "Pooling=false");
            await flavor.Execute(connection, "INSERT INTO TS_UNPOOLED VALUES (1)");
            await flavor.Close(connection);
            var again = await Open(flavor, "Pooling=false");
            await flavor.Execute(again, "INSERT INTO TS_UNPOOLED VALUES (2)");
            await flavor.Close(again);
            scope.Complete();
        }
        Assert.Equal(2L, await Count(flavor, observer, "TS_UNPOOLED"));
        await flavor.Close(observer);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task TheScopesIsolationLevelIsSet(string name)
    {
        var flavor = Flavor.Get(name);
        using (var scope = Scope(System.Transactions.IsolationLevel.Serializable))
        {
            var connection = await Open(flavor, "Pooling=false");
            Assert.Equal("SERIALIZABLE", Server.IsolationLevelOf(flavor.ConnectionId(connection)));
            await flavor.Close(connection);
            scope.Complete();
        }
        using (Scope(System.Transactions.IsolationLevel.RepeatableRead))
        {
            var connection = await Open(flavor, "Pooling=false");
            Assert.Equal("REPEATABLE READ", Server.IsolationLevelOf(flavor.ConnectionId(connection)));
            await flavor.Close(connection);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task EnlistTransactionJoinsAnExplicitTransaction(string name)
    {
        var flavor = Flavor.Get(name);
        var observer = await Setup(flavor, "TS_EXPLICIT");
        var connection = await Open(flavor);
        using (var transaction = new CommittableTransaction())
        {
            await Enlist(flavor, connection, transaction);
            // the same transaction again: nothing happens
            await Enlist(flavor, connection, transaction);
            await flavor.Execute(connection, "INSERT INTO TS_EXPLICIT VALUES (1)");
            Assert.Equal(0L, await Count(flavor, observer, "TS_EXPLICIT"));
            transaction.Rollback();
        }
        Assert.Equal(0L, await Count(flavor, observer, "TS_EXPLICIT"));
        using (var transaction = new CommittableTransaction())
        {
            await Enlist(flavor, connection, transaction);
            await flavor.Execute(connection, "INSERT INTO TS_EXPLICIT VALUES (2)");
            transaction.Commit();
        }
        Assert.Equal(1L, await Count(flavor, observer, "TS_EXPLICIT"));
        // a local transaction and an ambient one do not mix
        var local = await flavor.BeginTransaction(connection);
        using (var transaction = new CommittableTransaction())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => Enlist(flavor, connection, transaction));
        }
        await flavor.Rollback(local);
        await flavor.Close(connection);
        await flavor.Close(observer);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task WithAnotherVolatileResourceTheCommitGoesOutInThePreparePhase(string name)
    {
        var flavor = Flavor.Get(name);
        var observer = await Setup(flavor, "TS_PREPARED");
        var other = new OtherResource();
        using (var scope = Scope())
        {
            var connection = await Open(flavor);
            await flavor.Execute(connection, "INSERT INTO TS_PREPARED VALUES (1)");
            // two resources: no single-phase commit, so the connection commits when asked to prepare
            Transaction.Current!.EnlistVolatile(other, EnlistmentOptions.None);
            await flavor.Close(connection);
            scope.Complete();
        }
        // phase 2 reaches the other resource from whichever thread answered the prepare (Driver.Async: the COMMIT's
        // continuation), so it may land just after the scope's Dispose returned
        Assert.True(await other.Committed.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1L, await Count(flavor, observer, "TS_PREPARED"));
        await flavor.Close(observer);
    }

    private sealed class OtherResource : IEnlistmentNotification
    {
        public TaskCompletionSource<bool> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Prepare(PreparingEnlistment preparingEnlistment) => preparingEnlistment.Prepared();

        public void Commit(Enlistment enlistment)
        {
            Committed.TrySetResult(true);
            enlistment.Done();
        }

        public void Rollback(Enlistment enlistment) => enlistment.Done();

        public void InDoubt(Enlistment enlistment) => enlistment.Done();
    }

    private static Task Enlist(Flavor flavor, DbConnection connection, Transaction transaction)
    {
        if (flavor.IsAsync)
        {
            return ((global::Driver.Async.HanaConnection)connection).EnlistTransactionAsync(transaction);
        }
        connection.EnlistTransaction(transaction);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task DriverAsyncRefusesTheBlockingEnlistTransaction()
    {
        await using var connection = new global::Driver.Async.HanaConnection(ConnectionString);
        await connection.OpenAsync();
        using var transaction = new CommittableTransaction();
        Assert.Contains("EnlistTransactionAsync", Assert.Throws<NotSupportedException>(() => connection.EnlistTransaction(transaction)).Message);
    }
}
