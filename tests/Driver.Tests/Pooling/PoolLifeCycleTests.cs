using Driver.Pooling;
using static Driver.Tests.Pooling.PoolTestSupport;

namespace Driver.Tests.Pooling;

/// <summary>Warm-up, idle pruning, maximum lifetime, ClearPool / ClearAllPools by generation, disposal.</summary>
public class PoolLifeCycleTests
{
    [Fact]
    public async Task WarmupOpensMinPoolSizeSessions()
    {
        var factory = new FakeSessionFactory();
        using var pool = new SessionPool<FakeSession>(factory, Options(max: 10, min: 3));
        pool.Warmup();
        Assert.Equal(3, pool.GetStatistics().Idle);
        Assert.Equal(3, factory.SyncCreates);
        pool.Warmup();
        await pool.WarmupAsync();
        Assert.Equal(3, factory.Created.Count);

        var asyncFactory = new FakeSessionFactory();
        using var asyncPool = new SessionPool<FakeSession>(asyncFactory, Options(max: 10, min: 2));
        await asyncPool.WarmupAsync();
        Assert.Equal((0, 2), (asyncFactory.SyncCreates, asyncFactory.AsyncCreates));
        Assert.Equal(2, asyncPool.GetStatistics().Idle);
    }

    [Fact]
    public void SessionsUnusedForTheIdleTimeoutArePrunedDownToMinPoolSize()
    {
        var factory = new FakeSessionFactory();
        var options = Options(max: 10, min: 1);
        options.PruningInterval = TimeSpan.FromSeconds(10);
        options.IdleTimeout = TimeSpan.FromSeconds(30); // three ticks
        using var pool = new SessionPool<FakeSession>(factory, options);
        var leases = Enumerable.Range(0, 5).Select(_ => pool.Rent()).ToList();
        pool.Prune(); // the tick during which all five were in use
        leases.ForEach(l => l.Dispose());

        pool.Prune(); // the tick during which they came back
        pool.Prune();
        pool.Prune();
        Assert.Equal(5, pool.GetStatistics().Idle); // idle through two whole ticks only
        pool.Prune();
        Assert.Equal(1, pool.GetStatistics().Idle); // idle through three (the idle timeout): closed, Min Pool Size kept
        Assert.Equal(4, factory.Created.Count(s => s.IsDisposed));
        pool.Prune();
        pool.Prune();
        pool.Prune();
        Assert.Equal(1, pool.GetStatistics().Total);
    }

    [Fact]
    public void PruningKeepsAsManySessionsAsTheLoadUsed()
    {
        var factory = new FakeSessionFactory();
        var options = Options(max: 10);
        options.PruningInterval = TimeSpan.FromSeconds(10);
        options.IdleTimeout = TimeSpan.FromSeconds(20);
        using var pool = new SessionPool<FakeSession>(factory, options);
        Enumerable.Range(0, 4).Select(_ => pool.Rent()).ToList().ForEach(l => l.Dispose());
        for (var tick = 0; tick < 5; tick++)
        {
            // two sessions at a time are used during every tick: two of the four are surplus
            var a = pool.Rent();
            var b = pool.Rent();
            a.Dispose();
            b.Dispose();
            pool.Prune();
        }
        Assert.Equal(2, pool.GetStatistics().Total);
    }

    [Fact]
    public void ASessionOlderThanMaxLifetimeIsClosedInsteadOfReused()
    {
        var clock = new FakeClock();
        var factory = new FakeSessionFactory();
        var options = Options(max: 2, clock: clock);
        options.MaxLifetime = TimeSpan.FromMinutes(1);
        using var pool = new SessionPool<FakeSession>(factory, options);
        var lease = pool.Rent();
        var old = lease.Session;
        clock.Advance(TimeSpan.FromSeconds(30));
        lease.Dispose();
        Assert.False(old.IsDisposed);

        clock.Advance(TimeSpan.FromSeconds(31));
        using (var next = pool.Rent()) // the idle one expired while idle
        {
            Assert.NotSame(old, next.Session);
            Assert.True(old.IsDisposed);
        }
        var held = pool.Rent();
        clock.Advance(TimeSpan.FromMinutes(2));
        held.Dispose(); // expired while in use: closed on return
        Assert.True(held.Session.IsDisposed);
        Assert.Equal(0, pool.GetStatistics().Total);
    }

    [Fact]
    public void PruningClosesExpiredIdleSessions()
    {
        var clock = new FakeClock();
        var factory = new FakeSessionFactory();
        var options = Options(max: 2, clock: clock);
        options.MaxLifetime = TimeSpan.FromMinutes(1);
        using var pool = new SessionPool<FakeSession>(factory, options);
        pool.Rent().Dispose();
        clock.Advance(TimeSpan.FromMinutes(2));
        pool.Prune();
        Assert.Equal(0, pool.GetStatistics().Total);
        Assert.All(factory.Created, s => Assert.True(s.IsDisposed));
    }

    [Fact]
    public async Task ClearPoolClosesIdleSessionsNowAndBusyOnesOnReturn()
    {
        var factory = new FakeSessionFactory();
        using var pool = new SessionPool<FakeSession>(factory, Options(max: 4));
        var idle = pool.Rent();
        var busy = await pool.RentAsync();
        idle.Dispose();

        pool.Clear();
        Assert.True(idle.Session.IsDisposed);
        Assert.False(busy.Session.IsDisposed); // still working
        Assert.Equal(1, pool.GetStatistics().InUse);

        using (var fresh = pool.Rent())
        {
            Assert.NotSame(idle.Session, fresh.Session);
        }
        await busy.DisposeAsync();
        Assert.True(busy.Session.IsDisposed);
        Assert.Equal(1, pool.GetStatistics().Total);
    }

    [Fact]
    public async Task DisposeFailsWaitersAndClosesEverySession()
    {
        var factory = new FakeSessionFactory();
        var pool = new SessionPool<FakeSession>(factory, Options(max: 1));
        var held = pool.Rent();
        var waiter = pool.RentAsync().AsTask();
        pool.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiter);
        Assert.Throws<ObjectDisposedException>(() => pool.Rent());
        held.Dispose();
        Assert.True(held.Session.IsDisposed);
        Assert.Equal(0, factory.Live);
    }

    [Fact]
    public void TheTimerRefillsToMinPoolSizeAndPrunes()
    {
        var factory = new FakeSessionFactory();
        var options = Options(max: 10, min: 2);
        options.StartTimer = true;
        options.PruningInterval = TimeSpan.FromMilliseconds(20);
        options.IdleTimeout = TimeSpan.FromMilliseconds(60);
        using var pool = new SessionPool<FakeSession>(factory, options);
        Until(() => pool.GetStatistics().Idle == 2, "the timer opened Min Pool Size sessions");
        var leases = Enumerable.Range(0, 5).Select(_ => pool.Rent()).ToList();
        leases.ForEach(l => l.Dispose());
        Until(() => pool.GetStatistics().Total == 2, "the timer pruned the surplus");
        pool.Clear();
        Until(() => pool.GetStatistics().Idle == 2, "the timer refilled after ClearPool");
    }
}
