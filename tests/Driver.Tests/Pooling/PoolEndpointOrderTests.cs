using Driver.Pooling;
using static Driver.Tests.Pooling.PoolTestSupport;

namespace Driver.Tests.Pooling;

/// <summary>
/// SessionPoolOptions.EndpointOrder (a host-selection policy for the pool's new sessions, docs/scale-out.md "Pooled
/// sessions"): it is asked with the endpoints that are up and obeyed; names it leaves out follow, unknown ones are
/// ignored, and endpoints that are down are never offered to it and come last.
/// </summary>
public class PoolEndpointOrderTests
{
    [Fact]
    public void NewSessionsGoWhereTheOrderSaysAndItIsAskedWithTheEndpointsThatAreUp()
    {
        var clock = new FakeClock();
        var factory = new FakeSessionFactory();
        var asked = new List<string[]>();
        var options = Options(max: 6, clock: clock, endpoints: ["a:1", "b:1", "c:1"]);
        options.EndpointRetryDelay = TimeSpan.FromSeconds(30);
        options.EndpointOrder = up =>
        {
            asked.Add(up.Order().ToArray());
            return ["x:9", "c:1"];   // an unknown name is ignored; a, b follow in the pool's order
        };
        using var pool = new SessionPool<FakeSession>(factory, options);
        var first = pool.Rent();
        Assert.Equal("c:1", first.Session.Endpoint);
        Assert.Equal(["a:1", "b:1", "c:1"], asked.Single());

        // c goes down: the order is asked without it, and its choice (c) is passed over for the others
        pool.ReportEndpointDown("c:1");
        asked.Clear();
        var second = pool.Rent();
        Assert.NotEqual("c:1", second.Session.Endpoint);
        Assert.Equal(["a:1", "b:1"], asked.Single());

        // reusing an idle session asks nothing
        second.Dispose();
        asked.Clear();
        var reused = pool.Rent();
        Assert.Same(second.Session, reused.Session);
        Assert.Empty(asked);
        first.Dispose();
        reused.Dispose();
    }
}
