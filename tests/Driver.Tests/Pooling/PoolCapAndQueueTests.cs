using Driver.Pooling;
using static Driver.Tests.Pooling.PoolTestSupport;

namespace Driver.Tests.Pooling;

/// <summary>The hard cap, the one FIFO queue of sync and async waiters, and the exhaustion error.</summary>
public class PoolCapAndQueueTests
{
    [Fact]
    public async Task IdleSessionIsReusedInBothStyles()
    {
        var factory = new FakeSessionFactory();
        using var pool = new SessionPool<FakeSession>(factory, Options());
        var first = pool.Rent();
        var session = first.Session;
        first.Dispose();
        var second = await pool.RentAsync();
        Assert.Same(session, second.Session);
        await second.DisposeAsync();
        using (var third = pool.Rent())
        {
            Assert.Same(session, third.Session);
        }
        Assert.Single(factory.Created);
        Assert.Equal(1, pool.GetStatistics().Idle);
    }

    [Fact]
    public void SyncCallerBeyondTheCapWaitsForAReturnedSession()
    {
        var factory = new FakeSessionFactory();
        using var pool = new SessionPool<FakeSession>(factory, Options(max: 2));
        var a = pool.Rent();
        var b = pool.Rent();
        SessionLease<FakeSession> c = default;
        var thread = new Thread(() => c = pool.Rent());
        thread.Start();
        Until(() => pool.GetStatistics().Waiting == 1, "the third caller waits");
        Assert.True(thread.IsAlive);
        Assert.Equal(2, factory.Created.Count);

        var returned = a.Session;
        a.Dispose();
        Assert.True(thread.Join(TimeSpan.FromSeconds(20)));
        Assert.Same(returned, c.Session); // handed over, not a third session
        Assert.Equal(2, factory.MaxLive);
        b.Dispose();
        c.Dispose();
    }

    [Fact]
    public async Task AsyncCallerBeyondTheCapAwaitsWithoutBlocking()
    {
        var factory = new FakeSessionFactory();
        using var pool = new SessionPool<FakeSession>(factory, Options(max: 1));
        var held = await pool.RentAsync();
        var waiting = pool.RentAsync().AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, pool.GetStatistics().Waiting);
        var session = held.Session;
        await held.DisposeAsync();
        var lease = await waiting.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Same(session, lease.Session);
        Assert.Equal(1, factory.MaxLive);
        lease.Dispose();
    }

    [Fact]
    public async Task WaitersAreServedFirstComeFirstServedAcrossSyncAndAsync()
    {
        var factory = new FakeSessionFactory();
        using var pool = new SessionPool<FakeSession>(factory, Options(max: 1));
        var order = new List<string>();
        var holder = pool.Rent();

        async Task AsyncWaiter(string name)
        {
            var lease = await pool.RentAsync();
            lock (order)
            {
                order.Add(name);
            }
            await Task.Delay(5);
            await lease.DisposeAsync();
        }

        void SyncWaiter(string name)
        {
            var lease = pool.Rent();
            lock (order)
            {
                order.Add(name);
            }
            Thread.Sleep(5);
            lease.Dispose();
        }

        var tasks = new List<Task>();
        var threads = new List<Thread>();
        for (var i = 0; i < 6; i++)
        {
            var name = $"{(i % 2 == 0 ? "async" : "sync")}{i}";
            if (i % 2 == 0)
            {
                tasks.Add(AsyncWaiter(name));
            }
            else
            {
                var thread = new Thread(() => SyncWaiter(name));
                threads.Add(thread);
                thread.Start();
            }
            var expected = i + 1;
            Until(() => pool.GetStatistics().Waiting == expected, $"{name} queued");
        }

        holder.Dispose();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(20));
        foreach (var thread in threads)
        {
            Assert.True(thread.Join(TimeSpan.FromSeconds(20)));
        }
        Assert.Equal(["async0", "sync1", "async2", "sync3", "async4", "sync5"], order);
        Assert.Single(factory.Created);
    }

    [Fact]
    public async Task NewcomerDoesNotOvertakeAQueuedCaller()
    {
        var factory = new FakeSessionFactory();
        using var pool = new SessionPool<FakeSession>(factory, Options(max: 1));
        var holder = pool.Rent();
        var queued = pool.RentAsync().AsTask();
        holder.Dispose(); // handed straight to the queued caller
        var newcomer = pool.RentAsync().AsTask();
        var first = await queued.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(newcomer.IsCompleted);
        first.Dispose();
        (await newcomer.WaitAsync(TimeSpan.FromSeconds(20))).Dispose();
    }

    [Fact]
    public void ExhaustionSaysWhatIsInUseWhoWaitsTheLimitAndTheTimeout()
    {
        var factory = new FakeSessionFactory();
        var options = Options(max: 2);
        options.ConnectionTimeout = TimeSpan.FromMilliseconds(300);
        using var pool = new SessionPool<FakeSession>(factory, options);
        var a = pool.Rent();
        var b = pool.Rent();
        var otherWaiter = new Thread(() => Assert.Throws<PoolExhaustedException>(() => pool.Rent()));
        otherWaiter.Start();
        Until(() => pool.GetStatistics().Waiting == 1, "another caller waits");

        var started = DateTime.UtcNow;
        var error = Assert.Throws<PoolExhaustedException>(() => pool.Rent());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
        Assert.IsAssignableFrom<TimeoutException>(error);
        Assert.Equal(2, error.InUse);
        Assert.Equal(2, error.MaxPoolSize);
        Assert.Equal(TimeSpan.FromMilliseconds(300), error.Timeout);
        Assert.InRange(error.Waiting, 0, 1); // the other caller may have given up first
        Assert.Contains("2 of 2 connections are in use", error.Message);
        Assert.Contains("Max Pool Size = 2", error.Message);
        Assert.Contains("Connect Timeout of 0.3 s", error.Message);
        Assert.Contains("other callers are waiting", error.Message);
        Assert.Contains("leak tracking", error.Message);
        Assert.Empty(error.Holders);
        Assert.True(otherWaiter.Join(TimeSpan.FromSeconds(20)));

        Assert.Equal(0, pool.GetStatistics().Waiting);
        Assert.Equal(2, pool.GetStatistics().Timeouts);
        a.Dispose();
        b.Dispose();
        using var after = pool.Rent(); // nothing was lost to the timed-out waiters
        Assert.Equal(2, factory.Created.Count);
    }

    [Fact]
    public async Task AsyncExhaustionThrowsTheSameException()
    {
        var factory = new FakeSessionFactory();
        var options = Options(max: 1);
        options.ConnectionTimeout = TimeSpan.FromMilliseconds(200);
        using var pool = new SessionPool<FakeSession>(factory, options);
        using var held = pool.Rent();
        var error = await Assert.ThrowsAsync<PoolExhaustedException>(async () => await pool.RentAsync());
        Assert.Equal(1, error.InUse);
        Assert.Equal(0, error.Waiting);
        Assert.Equal(0, pool.GetStatistics().Waiting);
    }

    [Fact]
    public async Task CanceledWaitersLeaveTheQueueAndLoseNothing()
    {
        var factory = new FakeSessionFactory();
        using var pool = new SessionPool<FakeSession>(factory, Options(max: 1));
        var held = pool.Rent();
        using var asyncCancel = new CancellationTokenSource();
        var asyncWaiter = pool.RentAsync(asyncCancel.Token).AsTask();
        using var syncCancel = new CancellationTokenSource();
        Exception? syncError = null;
        var syncWaiter = new Thread(() => syncError = Record.Exception(() => pool.Rent(syncCancel.Token)));
        syncWaiter.Start();
        Until(() => pool.GetStatistics().Waiting == 2, "two callers wait");

        asyncCancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => asyncWaiter);
        syncCancel.Cancel();
        Assert.True(syncWaiter.Join(TimeSpan.FromSeconds(20)));
        Assert.IsAssignableFrom<OperationCanceledException>(syncError);
        Assert.Equal(0, pool.GetStatistics().Waiting);

        held.Dispose();
        Assert.Equal(1, pool.GetStatistics().Idle);
        Assert.Equal(0, pool.GetStatistics().InUse);
    }

    [Fact]
    public async Task AClosedSessionPassesItsSlotToTheFirstWaiter()
    {
        var factory = new FakeSessionFactory();
        using var pool = new SessionPool<FakeSession>(factory, Options(max: 1));
        var held = pool.Rent();
        var waiter = pool.RentAsync().AsTask();
        held.Session.IsBroken = true;
        held.Dispose();
        var lease = await waiter.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.NotSame(held.Session, lease.Session);
        Assert.True(held.Session.IsDisposed);
        Assert.Equal(1, factory.MaxLive); // the broken one was closed before the new one was opened
        Assert.Equal(1, factory.AsyncCreates); // the async waiter opened it asynchronously
        lease.Dispose();
    }

    [Fact]
    public void ReturningALeaseTwiceReturnsItOnce()
    {
        var factory = new FakeSessionFactory();
        using var pool = new SessionPool<FakeSession>(factory, Options(max: 2));
        var lease = pool.Rent();
        var copy = lease;
        lease.Dispose();
        copy.Dispose();
        lease.Dispose();
        Assert.Equal(1, pool.GetStatistics().Idle);
        Assert.Equal(0, pool.GetStatistics().InUse);
        var again = pool.Rent();
        lease.Dispose(); // a stale lease must not return the session its new holder uses
        Assert.Equal(1, pool.GetStatistics().InUse);
        again.Dispose();
        default(SessionLease<FakeSession>).Dispose();
    }

    [Fact]
    public async Task ThousandConcurrentAsyncRentalsNeverExceedTheCap()
    {
        var factory = new FakeSessionFactory { YieldOnAsync = true };
        using var pool = new SessionPool<FakeSession>(factory, Options(max: 20));
        var inUse = 0;
        var maxInUse = 0;
        var tasks = Enumerable.Range(0, 1000).Select(async i =>
        {
            await Task.Yield();
            var lease = await pool.RentAsync();
            var now = Interlocked.Increment(ref inUse);
            InterlockedMax(ref maxInUse, now);
            Assert.False(lease.Session.IsDisposed);
            await Task.Delay(i % 3);
            Interlocked.Decrement(ref inUse);
            await lease.DisposeAsync();
        }).ToArray();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.InRange(factory.MaxLive, 1, 20);
        Assert.InRange(maxInUse, 1, 20);
        var statistics = pool.GetStatistics();
        Assert.Equal(0, statistics.InUse);
        Assert.Equal(0, statistics.Waiting);
        Assert.Equal(statistics.Created, statistics.Idle);
    }

    [Fact]
    public async Task MixedSyncAndAsyncRentalsNeverExceedTheCap()
    {
        var factory = new FakeSessionFactory();
        using var pool = new SessionPool<FakeSession>(factory, Options(max: 5));
        var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                using var lease = pool.Rent();
                Assert.False(lease.Session.IsDisposed);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        var tasks = Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = 0; i < 200; i++)
            {
                await using var lease = await pool.RentAsync();
                await Task.Yield();
            }
        }).ToArray();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));
        threads.ForEach(t => Assert.True(t.Join(TimeSpan.FromSeconds(60))));
        Assert.InRange(factory.MaxLive, 1, 5);
        Assert.Equal(0, pool.GetStatistics().InUse);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
