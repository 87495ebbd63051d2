using Driver.Pooling;
using static Driver.Tests.Pooling.PoolTestSupport;

namespace Driver.Tests.Pooling;

/// <summary>Only fully opened, healthy, reset sessions are handed out.</summary>
public class PoolHealthTests
{
    [Fact]
    public async Task ASessionStillOpeningIsNeverHandedOut()
    {
        var factory = new FakeSessionFactory { OpenGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var pool = new SessionPool<FakeSession>(factory, Options(max: 1));
        var opening = pool.RentAsync().AsTask();
        Until(() => factory.OpensStarted == 1, "the handshake started");
        var second = pool.RentAsync().AsTask();
        Assert.Equal(1, pool.GetStatistics().Waiting); // the half-open session counts against the cap and is nobody's yet
        Assert.Equal(1, pool.GetStatistics().InUse);

        factory.OpenGate.SetResult();
        var first = await opening.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(second.IsCompleted);
        var session = first.Session;
        first.Dispose();
        Assert.Same(session, (await second.WaitAsync(TimeSpan.FromSeconds(20))).Session);
    }

    [Fact]
    public void AFailedHandshakeReleasesItsSlot()
    {
        var factory = new FakeSessionFactory();
        factory.Unreachable["a:1"] = true;
        using var pool = new SessionPool<FakeSession>(factory, Options(max: 1));
        var error = Assert.Throws<IOException>(() => pool.Rent());
        Assert.Contains("connection refused", error.Message);
        Assert.Equal(0, pool.GetStatistics().Total);
        factory.Unreachable.Clear();
        using var lease = pool.Rent();
        Assert.Equal(1, pool.GetStatistics().InUse);
    }

    [Fact]
    public async Task AFailedAsyncHandshakeReleasesItsSlotToTheNextWaiter()
    {
        var factory = new FakeSessionFactory { OpenGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        factory.FailNextOpens = 1;
        using var pool = new SessionPool<FakeSession>(factory, Options(max: 1));
        var failing = pool.RentAsync().AsTask();
        var waiting = pool.RentAsync().AsTask();
        Until(() => pool.GetStatistics().Waiting == 1, "the second caller waits");
        factory.OpenGate.SetResult();
        await Assert.ThrowsAsync<IOException>(() => failing);
        // the failed open's slot went to the waiter, who opened its own session
        var lease = await waiting.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(lease.Session.IsBroken);
        Assert.Equal(1, pool.GetStatistics().InUse);
        lease.Dispose();
    }

    [Fact]
    public void ABrokenSessionIsDisposedAndNeverHandedOutAgain()
    {
        var factory = new FakeSessionFactory();
        using var pool = new SessionPool<FakeSession>(factory, Options());
        var lease = pool.Rent();
        var broken = lease.Session;
        broken.IsBroken = true;
        lease.Dispose();
        Assert.True(broken.IsDisposed);
        Assert.Equal(0, broken.Resets); // no reset is tried on a broken session
        Assert.Equal(0, pool.GetStatistics().Total);
        using var next = pool.Rent();
        Assert.NotSame(broken, next.Session);
    }

    [Fact]
    public async Task ASessionThatBrokeWhileIdleIsReplacedOnRent()
    {
        var factory = new FakeSessionFactory();
        using var pool = new SessionPool<FakeSession>(factory, Options(max: 1));
        var lease = pool.Rent();
        var session = lease.Session;
        lease.Dispose();
        session.IsBroken = true; // e.g. the server closed the idle socket
        await using var next = await pool.RentAsync();
        Assert.NotSame(session, next.Session);
        Assert.True(session.IsDisposed);
        Assert.Equal(1, factory.Live);
    }

    [Fact]
    public async Task ReturnResetsTheSessionInTheCallersStyle()
    {
        var factory = new FakeSessionFactory();
        using var pool = new SessionPool<FakeSession>(factory, Options());
        var lease = pool.Rent();
        lease.Session.InTransaction = true;
        lease.Session.Schema = "OTHER";
        lease.Dispose();
        Assert.Equal(1, factory.SyncResets);
        Assert.Equal(0, factory.AsyncResets);

        var again = await pool.RentAsync();
        Assert.False(again.Session.InTransaction);
        Assert.Equal("SYSTEM", again.Session.Schema);
        again.Session.InTransaction = true;
        await again.DisposeAsync();
        Assert.Equal(1, factory.SyncResets);
        Assert.Equal(1, factory.AsyncResets);
        Assert.False(again.Session.InTransaction);
        Assert.Equal(1, pool.GetStatistics().Idle);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task ASessionWhoseResetFailsIsDiscarded(bool throws, bool async)
    {
        var factory = new FakeSessionFactory { ResetResult = false, ResetThrows = throws };
        using var pool = new SessionPool<FakeSession>(factory, Options());
        var lease = pool.Rent();
        var session = lease.Session;
        if (async)
        {
            await lease.DisposeAsync();
        }
        else
        {
            lease.Dispose();
        }
        Assert.Equal(1, session.Resets);
        Assert.True(session.IsDisposed);
        Assert.Equal(0, pool.GetStatistics().Total);
        Assert.Equal(1, pool.GetStatistics().Destroyed);
    }

    [Fact]
    public async Task TheSyncPathNeverCallsTheAsyncFactoryAndViceVersa()
    {
        var syncFactory = new FakeSessionFactory();
        using (var pool = new SessionPool<FakeSession>(syncFactory, Options(max: 1)))
        {
            pool.Rent().Dispose();
            pool.Rent().Dispose();
        }
        Assert.Equal((1, 0, 2, 0), (syncFactory.SyncCreates, syncFactory.AsyncCreates, syncFactory.SyncResets, syncFactory.AsyncResets));

        var asyncFactory = new FakeSessionFactory();
        using (var pool = new SessionPool<FakeSession>(asyncFactory, Options(max: 1)))
        {
            await (await pool.RentAsync()).DisposeAsync();
            await (await pool.RentAsync()).DisposeAsync();
        }
        Assert.Equal((0, 1, 0, 2), (asyncFactory.SyncCreates, asyncFactory.AsyncCreates, asyncFactory.SyncResets, asyncFactory.AsyncResets));
    }
}
