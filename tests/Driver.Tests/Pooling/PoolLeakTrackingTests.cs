using Driver.Pooling;
using static Driver.Tests.Pooling.PoolTestSupport;

namespace Driver.Tests.Pooling;

public class PoolLeakTrackingTests
{
    [Fact]
    public void ExhaustionListsWhereTheSessionsInUseWereRented()
    {
        var clock = new FakeClock();
        var factory = new FakeSessionFactory();
        var options = Options(max: 2, clock: clock);
        options.LeakTracking = true;
        options.ConnectionTimeout = TimeSpan.FromMilliseconds(100);
        using var pool = new SessionPool<FakeSession>(factory, options);
        var leaked = RentAndForget(pool);
        clock.Advance(TimeSpan.FromSeconds(5));
        var other = pool.Rent();
        clock.Advance(TimeSpan.FromSeconds(1));

        var error = Assert.Throws<PoolExhaustedException>(() => pool.Rent());
        Assert.Equal(2, error.Holders.Count);
        var oldest = error.Holders[0];
        Assert.Equal(TimeSpan.FromSeconds(6), oldest.HeldFor);
        Assert.Equal("a:1", oldest.Endpoint);
        Assert.Contains(nameof(RentAndForget), oldest.RentedAt);
        Assert.Contains(nameof(ExhaustionListsWhereTheSessionsInUseWereRented), error.Holders[1].RentedAt);
        Assert.Contains("longest held first", error.Message);
        Assert.Contains(nameof(RentAndForget), error.Message);

        // returned sessions are no longer reported
        other.Dispose();
        leaked.Dispose();
        var a = pool.Rent();
        var b = pool.Rent();
        b.Dispose();
        b = pool.Rent();
        var again = Assert.Throws<PoolExhaustedException>(() => pool.Rent());
        Assert.DoesNotContain(again.Holders, h => h.RentedAt!.Contains(nameof(RentAndForget)));
        a.Dispose();
        b.Dispose();
    }

    [Fact]
    public void WithoutLeakTrackingNoHoldersAreRecorded()
    {
        var factory = new FakeSessionFactory();
        var options = Options(max: 1);
        options.ConnectionTimeout = TimeSpan.FromMilliseconds(50);
        using var pool = new SessionPool<FakeSession>(factory, options);
        using var held = pool.Rent();
        var error = Assert.Throws<PoolExhaustedException>(() => pool.Rent());
        Assert.Empty(error.Holders);
        Assert.Contains("turn on leak tracking", error.Message);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static SessionLease<FakeSession> RentAndForget(SessionPool<FakeSession> pool) => pool.Rent();
}
