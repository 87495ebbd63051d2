using Driver.Pooling;
using Driver.Tests.Support;

namespace Driver.Tests.Pooling;

/// <summary>The pool over real protocol sessions against the test server.</summary>
public class PoolServerTests
{
    private static SessionPoolOptions Options(int max, params Driver.TestServer.TestServer[] servers) => new()
    {
        Name = "server-" + Guid.NewGuid().ToString("N")[..8],
        MaxPoolSize = max,
        Endpoints = servers.Select(s => $"{s.Host}:{s.Port}").ToList(),
        ConnectionTimeout = TimeSpan.FromSeconds(60),
        EndpointRetryDelay = TimeSpan.FromMinutes(5),
        StartTimer = false,
    };

    [Fact]
    public async Task ThousandConcurrentAsyncRentalsNeverOpenMoreThanTwentySessions()
    {
        await using var server = await Driver.TestServer.TestServer.StartAsync();
        using var pool = new SessionPool<CoreSession>(new CoreSessionFactory(), Options(20, server));
        using var monitor = ProtocolClient.Connect(server); // not pooled: it counts itself in M_CONNECTIONS
        var done = 0;
        var samples = new List<long>();
        Exception? samplerError = null;
        var sampler = new Thread(() =>
        {
            try
            {
                while (Volatile.Read(ref done) == 0)
                {
                    samples.Add((long)monitor.Query("SELECT COUNT(*) FROM SYS.M_CONNECTIONS")[0][0]! - 1);
                    Thread.Sleep(2);
                }
            }
            catch (Exception ex)
            {
                samplerError = ex;
            }
        });
        sampler.Start();
        try
        {
        var rentals = Enumerable.Range(0, 1000).Select(async i =>
        {
            await Task.Yield();
            await using var lease = await pool.RentAsync();
            // the sessions' I/O is synchronous here (the Sync core): it runs on its own thread, not the thread pool
            // the test server needs
            return await Task.Factory.StartNew(() => lease.Session.Scalar($"SELECT {i} FROM DUMMY"), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }).ToArray();
        var results = await Task.WhenAll(rentals).WaitAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), results);
        }
        finally
        {
            Volatile.Write(ref done, 1);
            Assert.True(sampler.Join(TimeSpan.FromSeconds(30)));
        }
        Assert.Null(samplerError);
        Assert.NotEmpty(samples);
        Assert.InRange(samples.Max(), 1, 20);
        var statistics = pool.GetStatistics();
        Assert.InRange(statistics.Created, 1, 20);
        Assert.Equal(0, statistics.Destroyed);
        Assert.Equal(statistics.Created, (long)monitor.Query("SELECT COUNT(*) FROM SYS.M_CONNECTIONS")[0][0]! - 1);
    }

    [Fact]
    public async Task ReturnedSessionsAreResetAndBrokenOnesReplaced()
    {
        await using var server = await Driver.TestServer.TestServer.StartAsync();
        using var pool = new SessionPool<CoreSession>(new CoreSessionFactory(), Options(1, server));
        using (var lease = pool.Rent())
        {
            Driver.Tests.Support.CoreCalls.ExecuteDirect(lease.Session.Core, "CREATE COLUMN TABLE POOLED (ID INTEGER)", true, 10);
            Driver.Tests.Support.CoreCalls.ExecuteDirect(lease.Session.Core, "INSERT INTO POOLED VALUES (1)", autoCommit: false, 10);
            Assert.True(lease.Session.Core.TransactionWritten);
        }
        using (var lease = pool.Rent())
        {
            Assert.False(lease.Session.Core.TransactionWritten); // the open transaction was rolled back on return
            Assert.Equal(0, lease.Session.Scalar("SELECT COUNT(*) FROM POOLED"));
            server.Faults.ForConnection(lease.Session.Core.ConnectionId, new Driver.TestServer.SessionFaults { DropAt = Driver.TestServer.FaultPoint.Execute });
            Assert.ThrowsAny<Exception>(() => lease.Session.Scalar("SELECT 1 FROM DUMMY"));
            Assert.True(lease.Session.IsBroken);
        }
        using (var lease = pool.Rent())
        {
            Assert.Equal(1, lease.Session.Scalar("SELECT 1 FROM DUMMY"));
        }
        Assert.Equal((2L, 1L), (pool.GetStatistics().Created, pool.GetStatistics().Destroyed));
    }

    [Fact]
    public async Task AnEndpointThatStopsAcceptingIsDroppedAndThePoolServesFromTheOther()
    {
        await using var first = await Driver.TestServer.TestServer.StartAsync();
        await using var second = await Driver.TestServer.TestServer.StartAsync();
        var options = Options(10, first, second);
        using var pool = new SessionPool<CoreSession>(new CoreSessionFactory(), options);
        var firstEndpoint = options.Endpoints[0];
        var secondEndpoint = options.Endpoints[1];
        var a = pool.Rent();
        var b = pool.Rent();
        Assert.Equal([firstEndpoint, secondEndpoint], new[] { a.Session.Endpoint, b.Session.Endpoint });
        a.Dispose();
        b.Dispose();

        first.Faults.RejectNewConnections = true;
        var leases = Enumerable.Range(0, 4).Select(_ => pool.Rent()).ToList(); // two idle, then new ones: the first endpoint fails
        Assert.Equal(3, leases.Count(l => l.Session.Endpoint == secondEndpoint));
        foreach (var lease in leases)
        {
            Assert.InRange(lease.Session.Scalar("SELECT 7 FROM DUMMY"), 7, 7);
            lease.Dispose();
        }
        Assert.Equal(0, pool.CountSessions(firstEndpoint)); // its last session was not pooled again
        PoolTestSupport.Until(() => first.ConnectionCount == 0, "the first server saw its sessions close");

        var more = Enumerable.Range(0, 5).Select(_ => pool.Rent()).ToList();
        Assert.All(more, l => Assert.Equal(secondEndpoint, l.Session.Endpoint));
        more.ForEach(l => l.Dispose());

        first.Faults.RejectNewConnections = false;
        pool.ReportEndpointUp(firstEndpoint);
        var back = Enumerable.Range(0, 8).Select(_ => pool.Rent()).ToList(); // 5 idle on the second, then new ones round-robin
        Assert.Contains(back, l => l.Session.Endpoint == firstEndpoint);
        back.ForEach(l => l.Dispose());
    }
}
