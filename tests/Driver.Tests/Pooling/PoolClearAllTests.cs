using Driver.Pooling;
using static Driver.Tests.Pooling.PoolTestSupport;

namespace Driver.Tests.Pooling;

/// <summary>ClearAllPools reaches every pool of the process, so it runs alone, after the parallel tests.</summary>
[Collection(nameof(ClearAllPoolsCollection))]
public class PoolClearAllTests
{
    [Fact]
    public void ClearAllPoolsClearsEveryPool()
    {
        var factory = new FakeSessionFactory();
        using var first = new SessionPool<FakeSession>(factory, Options());
        using var second = new SessionPool<FakeSession>(factory, Options());
        first.Rent().Dispose();
        var held = second.Rent();
        SessionPool.ClearAllPools();
        Assert.Equal(0, first.GetStatistics().Total);
        held.Dispose();
        Assert.Equal(0, second.GetStatistics().Total);
        Assert.All(factory.Created, s => Assert.True(s.IsDisposed));
    }
}
