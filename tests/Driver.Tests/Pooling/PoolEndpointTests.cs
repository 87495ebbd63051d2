using Driver.Pooling;
using static Driver.Tests.Pooling.PoolTestSupport;

namespace Driver.Tests.Pooling;

/// <summary>Several endpoints: round-robin, an endpoint going down, removed, or dying.</summary>
public class PoolEndpointTests
{
    [Fact]
    public void NewSessionsGoToTheEndpointsRoundRobin()
    {
        var factory = new FakeSessionFactory();
        using var pool = new SessionPool<FakeSession>(factory, Options(max: 9, endpoints: ["a:1", "b:1", "c:1"]));
        var leases = Enumerable.Range(0, 9).Select(_ => pool.Rent()).ToList();
        Assert.Equal(["a:1", "b:1", "c:1", "a:1", "b:1", "c:1", "a:1", "b:1", "c:1"], leases.Select(l => l.Session.Endpoint));
        Assert.Equal(3, pool.CountSessions("b:1"));
        leases.ForEach(l => l.Dispose());
    }

    [Fact]
    public async Task AnEndpointReportedDownLosesItsIdleSessionsNowAndItsBusyOnesOnReturn()
    {
        var clock = new FakeClock();
        var factory = new FakeSessionFactory();
        var options = Options(max: 10, clock: clock, endpoints: ["a:1", "b:1"]);
        options.EndpointRetryDelay = TimeSpan.FromSeconds(30);
        using var pool = new SessionPool<FakeSession>(factory, options);
        var leases = Enumerable.Range(0, 4).Select(_ => pool.Rent()).ToList(); // a, b, a, b
        var busyOnA = leases[0];
        leases[2].Dispose(); // idle on a
        var idleOnA = leases[2].Session;

        pool.ReportEndpointDown("a:1");
        Assert.True(idleOnA.IsDisposed);
        Assert.False(busyOnA.Session.IsDisposed); // finishes its current work
        busyOnA.Session.Schema = "STILL WORKING";
        await busyOnA.DisposeAsync();
        Assert.True(busyOnA.Session.IsDisposed); // not returned to the pool
        Assert.Equal(0, pool.CountSessions("a:1"));

        var more = Enumerable.Range(0, 3).Select(_ => pool.Rent()).ToList();
        Assert.All(more, l => Assert.Equal("b:1", l.Session.Endpoint));

        pool.ReportEndpointUp("a:1");
        var back = Enumerable.Range(0, 2).Select(_ => pool.Rent()).ToList();
        Assert.Contains(back, l => l.Session.Endpoint == "a:1");
        leases.Concat(more).Concat(back).ToList().ForEach(l => l.Dispose());
    }

    [Fact]
    public void ADeadEndpointIsDroppedAndThePoolServesFromTheOthersUntilTheRetryDelayPasses()
    {
        var clock = new FakeClock();
        var factory = new FakeSessionFactory();
        var options = Options(max: 10, clock: clock, endpoints: ["a:1", "b:1"]);
        options.EndpointRetryDelay = TimeSpan.FromSeconds(30);
        using var pool = new SessionPool<FakeSession>(factory, options);
        var first = Enumerable.Range(0, 4).Select(_ => pool.Rent()).ToList(); // a, b, a, b
        first[0].Dispose();
        var idleOnA = first[0].Session;

        factory.Unreachable["a:1"] = true;
        var leases = Enumerable.Range(0, 4).Select(_ => pool.Rent()).ToList();
        Assert.Same(idleOnA, leases[0].Session); // the pool cannot know yet
        Assert.All(leases.Skip(1), l => Assert.Equal("b:1", l.Session.Endpoint)); // the open on a failed: a is down
        leases[0].Dispose();
        first[2].Dispose();
        Assert.True(idleOnA.IsDisposed); // sessions of a dead endpoint are not pooled again
        Assert.True(first[2].Session.IsDisposed);
        Assert.Equal(0, pool.CountSessions("a:1"));

        // while a is down it is not even tried
        var opensBefore = factory.OpensStarted;
        var onB = Enumerable.Range(0, 2).Select(_ => pool.Rent()).ToList();
        Assert.All(onB, l => Assert.Equal("b:1", l.Session.Endpoint));
        Assert.Equal(opensBefore + 2, factory.OpensStarted);

        // after the retry delay a is tried again, and used once it answers
        factory.Unreachable.Clear();
        clock.Advance(TimeSpan.FromSeconds(31));
        var later = Enumerable.Range(0, 2).Select(_ => pool.Rent()).ToList();
        Assert.Contains(later, l => l.Session.Endpoint == "a:1");
        first.Concat(leases).Concat(onB).Concat(later).ToList().ForEach(l => l.Dispose());
    }

    [Fact]
    public void WhenEveryEndpointFailsTheLastErrorIsThrownAndTheSlotReleased()
    {
        var factory = new FakeSessionFactory();
        factory.Unreachable["a:1"] = true;
        factory.Unreachable["b:1"] = true;
        using var pool = new SessionPool<FakeSession>(factory, Options(max: 1, endpoints: ["a:1", "b:1"]));
        Assert.Throws<IOException>(() => pool.Rent());
        Assert.Equal(2, factory.OpensStarted);
        Assert.Equal(0, pool.GetStatistics().Total);
        factory.Unreachable.Clear();
        using var lease = pool.Rent(); // both are down, and still tried as the last resort
    }

    [Fact]
    public async Task RemovingAnEndpointFromTheTopologyDrainsItAndAddingOneUsesIt()
    {
        var factory = new FakeSessionFactory();
        using var pool = new SessionPool<FakeSession>(factory, Options(max: 10, endpoints: ["a:1", "b:1"]));
        var onA = pool.Rent();
        var onB = pool.Rent();
        var idleOnA = pool.Rent();
        Assert.Equal("a:1", idleOnA.Session.Endpoint);
        idleOnA.Dispose();

        pool.SetEndpoints(["b:1", "c:1"]);
        Assert.Equal(["b:1", "c:1"], pool.Endpoints);
        Assert.True(idleOnA.Session.IsDisposed);
        Assert.False(onA.Session.IsDisposed);
        onA.Dispose();
        Assert.True(onA.Session.IsDisposed);

        var leases = new List<SessionLease<FakeSession>>();
        for (var i = 0; i < 4; i++)
        {
            leases.Add(await pool.RentAsync());
        }
        Assert.DoesNotContain(leases, l => l.Session.Endpoint == "a:1");
        Assert.Contains(leases, l => l.Session.Endpoint == "c:1");
        onB.Dispose();
        leases.ForEach(l => l.Dispose());
    }
}
