using System.Data.Common;
using System.Diagnostics;
using Driver.Tests.PublicApi;
using Driver.TestServer;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.ScaleOut;

/// <summary>
/// Disposing a data source (docs/scale-out.md, "Disposing a data source"), both flavors, real sockets: the statement
/// running on one of its connections ends promptly with HANA's 139 and the connection stays usable; nothing opens
/// after the dispose (ObjectDisposedException); the pool of a data source with a policy is its own and its idle
/// sessions close with it, a busy one when given back; a pool shared by the connection string survives another data
/// source's dispose.
/// </summary>
public sealed class DataSourceDisposeTests : IAsyncLifetime
{
    private Server _server = null!;

    public async Task InitializeAsync()
    {
        var options = new TestServerOptions();
        // plain SCRAMSHA256: the cancel's side connection signs in without 15,000 PBKDF2 rounds
        options.AuthenticationMethods.Clear();
        options.AuthenticationMethods.Add("SCRAMSHA256");
        _server = await Server.StartAsync(options);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string Text(bool pooling) => $"{_server.ConnectionString};Pooling={pooling}";

    /// <summary>A data source of the flavor; with a policy it has pools of its own.</summary>
    private static DbDataSource Build(string flavor, string text, bool policy) => flavor == "Sync"
        ? policy
            ? global::Driver.Sync.HanaDataSource.CreateBuilder(text).UseHostSelectionPolicy(global::Driver.Sync.HanaHostSelection.RoundRobin()).Build()
            : new global::Driver.Sync.HanaDataSource(text)
        : policy
            ? global::Driver.Async.HanaDataSource.CreateBuilder(text).UseHostSelectionPolicy(global::Driver.Async.HanaHostSelection.RoundRobin()).Build()
            : new global::Driver.Async.HanaDataSource(text);

    private static async Task<DbConnection> Open(Flavor flavor, DbDataSource source) =>
        flavor.IsAsync ? await source.OpenConnectionAsync() : source.OpenConnection();

    /// <summary>Driver.Sync disposes, Driver.Async awaits DisposeAsync: both paths are the same.</summary>
    private static async Task Dispose(Flavor flavor, DbDataSource source)
    {
        if (flavor.IsAsync)
        {
            await source.DisposeAsync();
        }
        else
        {
            source.Dispose();
        }
    }

    private async Task WaitForSessions(int count)
    {
        var deadline = Stopwatch.StartNew();
        while (_server.ConnectionCount != count && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }
        Assert.Equal(count, _server.ConnectionCount);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task DisposingDuringALongStatementEndsItPromptlyWith139(string name)
    {
        var flavor = Flavor.Get(name);
        foreach (var pooling in new[] { false, true })
        {
            var source = Build(name, Text(pooling), policy: false);
            var connection = await Open(flavor, source);
            var tag = $"DSD_{Guid.NewGuid():N}";
            // the statement's reply is held a minute: only the server-side cancel ends it sooner
            _server.Faults.ForConnection(flavor.ConnectionId(connection), new SessionFaults { StallReply = TimeSpan.FromSeconds(60), StallCount = 1 });
            using var command = flavor.Command(connection, $"SELECT 1 AS {tag} FROM DUMMY");
            command.CommandTimeout = 0;
            var running = Task.Run(() => flavor.ExecuteScalar(command));
            // dispose once the server runs the statement (a cancel before it is sent has nothing to cancel)
            var deadline = Stopwatch.StartNew();
            while (_server.NodesThatExecuted(tag).Count == 0 && deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(10);
            }
            Assert.Single(_server.NodesThatExecuted(tag));
            var watch = Stopwatch.StartNew();
            await Dispose(flavor, source);
            var ended = await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(20)));
            Assert.Same(running, ended);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"{watch.Elapsed}");
            var error = await Assert.ThrowsAnyAsync<DbException>(() => running);
            Assert.IsType(flavor.HanaExceptionType, error);
            Assert.Equal(139, flavor.ErrorCode(error));
            // the connection stays open and usable until closed (as Npgsql's data source leaves its connections)
            Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
            await flavor.Close(connection);
            // the pool of a plain data source is the connection string's, not the data source's: the session is idle there
            await WaitForSessions(pooling ? 1 : 0);
            ClearPool(connection);
            await WaitForSessions(0);
        }
    }

    private static void ClearPool(DbConnection connection)
    {
        if (connection is global::Driver.Async.HanaConnection asyncConnection)
        {
            global::Driver.Async.HanaConnection.ClearPool(asyncConnection);
        }
        else
        {
            global::Driver.Sync.HanaConnection.ClearPool((global::Driver.Sync.HanaConnection)connection);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AConnectionNeverClosedIsNotKeptAliveByItsDataSource(string name)
    {
        var flavor = Flavor.Get(name);
        var source = Build(name, Text(pooling: false), policy: false);
        var forgotten = await OpenAndForget(flavor, source);
        using (var kept = await Open(flavor, source))
        {
            for (var attempt = 0; attempt < 20 && forgotten.IsAlive; attempt++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                await Task.Delay(20);
            }
            // held weakly by the data source: collected, and its socket's finalizer ended the session
            Assert.False(forgotten.IsAlive);
            await WaitForSessions(1);
            Assert.Equal("X", await flavor.Scalar(kept, "SELECT * FROM DUMMY"));
        }
        await Dispose(flavor, source);
        await WaitForSessions(0);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> OpenAndForget(Flavor flavor, DbDataSource source)
    {
        var connection = await Open(flavor, source);
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        return new WeakReference(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task NothingOpensAfterDisposeAndDisposingTwiceIsHarmless(string name)
    {
        var flavor = Flavor.Get(name);
        foreach (var policy in new[] { false, true })
        {
            var source = Build(name, Text(pooling: true), policy);
            var created = source.CreateConnection();
            await Dispose(flavor, source);
            await Dispose(flavor, source);
            source.Dispose();
            Assert.Throws<ObjectDisposedException>(() => source.CreateConnection());
            await Assert.ThrowsAsync<ObjectDisposedException>(() => Open(flavor, source));
            // a connection it created before opens no more either
            await Assert.ThrowsAsync<ObjectDisposedException>(() => flavor.Open(created));
            Assert.Equal(System.Data.ConnectionState.Closed, created.State);
            await WaitForSessions(0);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task APolicysOwnPoolClosesItsIdleSessionsAtOnceAndABusyOneWhenGivenBack(string name)
    {
        var flavor = Flavor.Get(name);
        var source = Build(name, Text(pooling: true), policy: true);
        var first = await Open(flavor, source);
        var second = await Open(flavor, source);
        var busy = await Open(flavor, source);
        await flavor.Close(first);
        await flavor.Close(second);
        // two idle in the pool, one in use
        await WaitForSessions(3);
        await Dispose(flavor, source);
        await WaitForSessions(1);
        // the busy connection works on until closed; its session is then discarded, not pooled
        Assert.Equal("X", await flavor.Scalar(busy, "SELECT * FROM DUMMY"));
        await flavor.Close(busy);
        await WaitForSessions(0);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ASharedPoolSurvivesAnotherDataSourcesDispose(string name)
    {
        var flavor = Flavor.Get(name);
        var text = Text(pooling: true);
        var kept = Build(name, text, policy: false);
        var connection = await Open(flavor, kept);
        var sessionId = flavor.ConnectionId(connection);
        await flavor.Close(connection);
        await WaitForSessions(1);
        var other = Build(name, text, policy: false);
        var theirs = await Open(flavor, other);
        // the other data source's connection took the shared pool's idle session; given back, it is idle again
        Assert.Equal(sessionId, flavor.ConnectionId(theirs));
        await flavor.Close(theirs);
        await Dispose(flavor, other);
        await Task.Delay(100);
        Assert.Equal(1, _server.ConnectionCount);
        // the surviving data source still gets the pooled session
        var again = await Open(flavor, kept);
        Assert.Equal(sessionId, flavor.ConnectionId(again));
        await flavor.Close(again);
        await Dispose(flavor, kept);
        // disposing it leaves the shared pool alone too: its session stays until the pool is cleared
        Assert.Equal(1, _server.ConnectionCount);
        ClearPool(again);
        await WaitForSessions(0);
    }
}
