using System.Data;
using System.Data.Common;
using System.Diagnostics;
using Driver.Pooling;
using Driver.TestServer;
using Driver.Tests.Pooling;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// HanaConnection over the pool (Pooling=true is the default). In the ClearAllPools collection: ClearAllPools
/// elsewhere would close the idle sessions these tests expect to get back.
/// </summary>
[Collection(nameof(ClearAllPoolsCollection))]
public class PoolingTests : DriverTestBase
{
    /// <summary>A connection outside the pool, to watch the server's sessions without being one of the pooled ones.</summary>
    private global::Driver.Sync.HanaConnection Monitor()
    {
        var monitor = new global::Driver.Sync.HanaConnection(ConnectionString + ";Pooling=false");
        monitor.Open();
        return monitor;
    }

    private static long Scalar(global::Driver.Sync.HanaConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    /// <summary>Sessions on the server other than the monitor's own.</summary>
    private static long OtherSessions(global::Driver.Sync.HanaConnection monitor) =>
        Scalar(monitor, $"SELECT COUNT(*) FROM SYS.M_CONNECTIONS WHERE CONNECTION_ID <> {monitor.ConnectionId}");

    /// <summary>Polls until the condition holds (a closed socket reaches the server's session list a moment later).</summary>
    private static async Task<long> Eventually(Func<long> read, Func<long, bool> condition, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        long value;
        while (!condition(value = read()) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        return value;
    }

    /// <summary>Sync opens block: they run on a thread of their own so the test can go on meanwhile.</summary>
    private static Task OpenInBackground(Flavor flavor, DbConnection connection) =>
        flavor.IsAsync ? flavor.Open(connection) : Task.Factory.StartNew(() => flavor.Open(connection).GetAwaiter().GetResult(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task CloseAndOpenReuseTheSamePhysicalSession(string name)
    {
        var flavor = Flavor.Get(name);
        using var monitor = Monitor();
        var connection = await Open(flavor);
        var id = flavor.ConnectionId(connection);
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        await flavor.Close(connection);
        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Equal(1, OtherSessions(monitor)); // closed, but kept by the pool

        for (var i = 0; i < 3; i++)
        {
            var again = await Open(flavor);
            Assert.Equal(id, flavor.ConnectionId(again));
            Assert.Equal(i, Convert.ToInt32(await flavor.Scalar(again, $"SELECT {i} FROM DUMMY")));
            await flavor.Close(again);
        }
        Assert.Equal(1, OtherSessions(monitor));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task PoolingFalseEndsTheSessionOnClose(string name)
    {
        var flavor = Flavor.Get(name);
        using var monitor = Monitor();
        var connection = await Open(flavor, "Pooling=false");
        Assert.Equal(1, OtherSessions(monitor));
        await flavor.Close(connection);
        Assert.Equal(0, await Eventually(() => OtherSessions(monitor), n => n == 0));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AtMaxPoolSizeOpenWaitsForAReturnThenTimesOutWithThePoolsException(string name)
    {
        var flavor = Flavor.Get(name);
        const string options = "Max Pool Size=1;Connect Timeout=2";
        var first = await Open(flavor, options);
        var id = flavor.ConnectionId(first);

        // waits while the only session is in use, and gets it once it is returned
        var second = flavor.Create($"{ConnectionString};{options}");
        var waiting = OpenInBackground(flavor, second);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        await flavor.Close(first);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(id, flavor.ConnectionId(second));

        // nobody returns it: the wait ends after Connect Timeout with the pool's actionable exception
        var third = flavor.Create($"{ConnectionString};{options}");
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<PoolExhaustedException>(() => OpenInBackground(flavor, third));
        watch.Stop();
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(15));
        Assert.Equal(1, error.MaxPoolSize);
        Assert.Equal(1, error.InUse);
        Assert.Contains("Max Pool Size", error.Message);
        Assert.DoesNotContain(DefaultPassword, error.Message);
        Assert.Equal(ConnectionState.Closed, third.State);

        Assert.Equal(1L, Convert.ToInt64(await flavor.Scalar(second, "SELECT 1 FROM DUMMY")));
        await flavor.Close(second);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AnOpenTransactionIsRolledBackBeforeTheSessionIsReused(string name)
    {
        var flavor = Flavor.Get(name);
        const string options = "Max Pool Size=1";
        var connection = await Open(flavor, options);
        var id = flavor.ConnectionId(connection);
        await flavor.Execute(connection, "CREATE COLUMN TABLE POOL_TX (ID INTEGER)");
        await flavor.BeginTransaction(connection);
        await flavor.Execute(connection, "INSERT INTO POOL_TX VALUES (1)");
        await flavor.Execute(connection, "INSERT INTO POOL_TX VALUES (2)");
        await flavor.Close(connection); // neither committed nor rolled back

        var again = await Open(flavor, options);
        Assert.Equal(id, flavor.ConnectionId(again));
        Assert.Equal(0L, Convert.ToInt64(await flavor.Scalar(again, "SELECT COUNT(*) FROM POOL_TX")));
        // and it commits by itself again: a row written now is seen by another session
        await flavor.Execute(again, "INSERT INTO POOL_TX VALUES (3)");
        using (var monitor = Monitor())
        {
            Assert.Equal(1L, Scalar(monitor, "SELECT COUNT(*) FROM POOL_TX"));
        }
        await flavor.Close(again);
    }

    /// <summary>
    /// The session's own round-trip counter, read after the connection gave the session back (by reflection: only the
    /// sync build shows its internals to the tests, and the counter is the same code in both).
    /// </summary>
    private static Func<long> SessionRoundTrips(DbConnection connection)
    {
        const System.Reflection.BindingFlags Internal = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public;
        var core = connection.GetType().GetProperty("Core", Internal)!.GetValue(connection)!;
        var counters = core.GetType().GetProperty("Statistics", Internal)!.GetValue(core)!;
        var field = counters.GetType().GetField("RoundTrips")!;
        return () => (long)field.GetValue(counters)!;
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AnUntouchedSessionGoesBackWithoutARoundTripAndAnOpenTransactionWithOne(string name)
    {
        var flavor = Flavor.Get(name);
        const string options = "Max Pool Size=1";
        var connection = await Open(flavor, options);
        var id = flavor.ConnectionId(connection);
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        var roundTrips = SessionRoundTrips(connection);
        var before = roundTrips();
        await flavor.Close(connection);
        // nothing to roll back, release or set back: the reset sends nothing
        Assert.Equal(before, roundTrips());

        var again = await Open(flavor, options);
        Assert.Equal(id, flavor.ConnectionId(again));
        await flavor.BeginTransaction(again);
        Assert.Equal("X", await flavor.Scalar(again, "SELECT * FROM DUMMY"));
        before = roundTrips();
        await flavor.Close(again);
        // a transaction left running: the reset's ROLLBACK is one round trip
        Assert.Equal(before + 1, roundTrips());
        var third = await Open(flavor, options);
        Assert.Equal(id, flavor.ConnectionId(third));
        Assert.Equal("X", await flavor.Scalar(third, "SELECT * FROM DUMMY"));
        await flavor.Close(third);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task LeftoverReadersAndStatementsAreReleasedAndTheSchemaRestored(string name)
    {
        var flavor = Flavor.Get(name);
        const string options = "Max Pool Size=1";
        using var monitor = Monitor();
        var connection = await Open(flavor, options);
        var id = flavor.ConnectionId(connection);
        await flavor.Execute(connection, "CREATE SCHEMA POOL_OTHER");
        await flavor.Execute(connection, "SET SCHEMA POOL_OTHER");
        Assert.Equal("POOL_OTHER", await flavor.Scalar(connection, $"SELECT CURRENT_SCHEMA_NAME FROM SYS.M_CONNECTIONS WHERE CONNECTION_ID = {id}"));
        using (var command = flavor.Command(connection, "SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 100) WHERE GENERATED_PERIOD_START >= ?", 0))
        {
            var reader = await flavor.ExecuteReader(command);
            Assert.True(await flavor.Read(reader));
            await flavor.CloseReader(reader); // queues CLOSERESULTSET and, with the command, DROPSTATEMENTID
        }
        await flavor.Close(connection);
        // the reset sent the queued releases: nothing of the session is left on the server while it is idle
        Assert.Equal(0, await Eventually(() => ServerResourcesOf(id), n => n == 0));

        var again = await Open(flavor, options);
        Assert.Equal(id, flavor.ConnectionId(again));
        Assert.Equal("SYSTEM", await flavor.Scalar(again, $"SELECT CURRENT_SCHEMA_NAME FROM SYS.M_CONNECTIONS WHERE CONNECTION_ID = {id}"));
        await flavor.Close(again);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ABrokenConnectionIsNotReused(string name)
    {
        var flavor = Flavor.Get(name);
        using var monitor = Monitor();
        var connection = await Open(flavor, "FetchSize=100");
        var brokenId = flavor.ConnectionId(connection);
        Server.Faults.ForConnection(brokenId, new SessionFaults { DropAt = FaultPoint.Fetch });
        using (var command = flavor.Command(connection, "SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 1000)"))
        {
            var reader = await flavor.ExecuteReader(command);
            await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                while (await flavor.Read(reader))
                {
                }
            });
            await flavor.CloseReader(reader);
        }
        Assert.Equal(ConnectionState.Broken, connection.State);
        await flavor.Close(connection);

        var again = await Open(flavor, "FetchSize=100");
        Assert.NotEqual(brokenId, flavor.ConnectionId(again));
        Assert.Equal("X", await flavor.Scalar(again, "SELECT * FROM DUMMY"));
        Assert.Equal(0, await Eventually(() => Scalar(monitor, $"SELECT COUNT(*) FROM SYS.M_CONNECTIONS WHERE CONNECTION_ID = {brokenId}"), n => n == 0));
        await flavor.Close(again);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AnIdleSessionTheServerEndedIsNotHandedOut(string name)
    {
        var flavor = Flavor.Get(name);
        using var monitor = Monitor();
        var connection = await Open(flavor);
        var endedId = flavor.ConnectionId(connection);
        await flavor.Close(connection);
        using (var command = monitor.CreateCommand())
        {
            command.CommandText = $"ALTER SYSTEM DISCONNECT SESSION '{endedId}'";
            command.ExecuteNonQuery();
        }
        Assert.Equal(0, await Eventually(() => OtherSessions(monitor), n => n == 0));

        var again = await Open(flavor);
        Assert.NotEqual(endedId, flavor.ConnectionId(again));
        Assert.Equal("X", await flavor.Scalar(again, "SELECT * FROM DUMMY"));
        await flavor.Close(again);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ClearAllPoolsClosesTheIdleSessions(string name)
    {
        var flavor = Flavor.Get(name);
        using var monitor = Monitor();
        var connections = new List<DbConnection>();
        for (var i = 0; i < 3; i++)
        {
            connections.Add(await Open(flavor));
        }
        var kept = await Open(flavor, "Application Name=kept"); // another connection string, another pool
        var idleIds = connections.Select(flavor.ConnectionId).ToList();
        foreach (var connection in connections)
        {
            await flavor.Close(connection);
        }
        Assert.Equal(4, OtherSessions(monitor));

        if (flavor.IsAsync)
        {
            global::Driver.Async.HanaConnection.ClearAllPools();
        }
        else
        {
            global::Driver.Sync.HanaConnection.ClearAllPools();
        }
        // the idle three are closed; the one in use stays open and is closed when it comes back
        Assert.Equal(1, await Eventually(() => OtherSessions(monitor), n => n == 1));
        Assert.Equal("X", await flavor.Scalar(kept, "SELECT * FROM DUMMY"));
        await flavor.Close(kept); // it belongs to the cleared generation: closed, not pooled
        Assert.Equal(0, await Eventually(() => OtherSessions(monitor), n => n == 0));

        var fresh = await Open(flavor);
        Assert.DoesNotContain(flavor.ConnectionId(fresh), idleIds); // opened anew
        await flavor.Close(fresh);
        Assert.Equal(1, OtherSessions(monitor));
    }

    [Fact]
    public async Task ClearPoolClosesOnlyThatConnectionStringsIdleSessions()
    {
        using var monitor = Monitor();
        var a = new global::Driver.Sync.HanaConnection(ConnectionString);
        a.Open();
        var b = new global::Driver.Sync.HanaConnection(ConnectionString + ";Application Name=other");
        b.Open();
        a.Close();
        b.Close();
        Assert.Equal(2, OtherSessions(monitor));
        global::Driver.Sync.HanaConnection.ClearPool(a);
        Assert.Equal(1, await Eventually(() => OtherSessions(monitor), n => n == 1));
        b.Open();
        Assert.Equal(1, OtherSessions(monitor)); // b's session was kept
        b.Close();
    }

    [Fact]
    public async Task AThousandConcurrentAsyncOpensNeverUseMoreThanTwentySessions()
    {
        using var monitor = Monitor();
        var connectionString = $"{ConnectionString};Max Pool Size=20;Connect Timeout=120";
        var done = 0;
        var samples = new List<long>();
        Exception? samplerError = null;
        var sampler = new Thread(() =>
        {
            try
            {
                while (Volatile.Read(ref done) == 0)
                {
                    samples.Add(OtherSessions(monitor));
                    Thread.Sleep(2);
                }
            }
            catch (Exception ex)
            {
                samplerError = ex;
            }
        });
        sampler.Start();
        long[] results;
        var ids = new System.Collections.Concurrent.ConcurrentDictionary<int, byte>();
        try
        {
            var opens = Enumerable.Range(0, 1000).Select(async i =>
            {
                await Task.Yield();
                await using var connection = new global::Driver.Async.HanaConnection(connectionString);
                await connection.OpenAsync();
                ids.TryAdd(connection.ConnectionId, 0);
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT {i} FROM DUMMY";
                return Convert.ToInt64(await command.ExecuteScalarAsync());
            }).ToArray();
            results = await Task.WhenAll(opens).WaitAsync(TimeSpan.FromMinutes(3));
        }
        finally
        {
            Volatile.Write(ref done, 1);
            Assert.True(sampler.Join(TimeSpan.FromSeconds(30)));
        }
        Assert.Null(samplerError);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), results);
        Assert.NotEmpty(samples);
        Assert.InRange(samples.Max(), 1, 20);
        Assert.InRange(ids.Count, 1, 20);
        Assert.Equal(0, await Eventually(() => ServerResourcesOf(ids.Keys.ToArray()), n => n == 0));
    }
}
