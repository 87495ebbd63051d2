using Driver.Pooling;

namespace Driver.Core.Session;

/// <summary>
/// Keeps a data source's pool in step with its topology (docs/scale-out.md, "Pooled sessions"): the pool's endpoints
/// are the Server endpoints plus the nodes the snapshot lists (a node no longer listed leaves the rotation and
/// drains: idle sessions closed, busy ones discarded when given back); a node the snapshot marks down is reported
/// down to the pool (its idle sessions are closed, no new session goes there for the retry delay), one marked up
/// again (or listed anew: a node that rejoined) is reported up. Only transitions are reported, so a snapshot that repeats
/// a state drains nothing twice.
/// </summary>
internal sealed class PoolTopology
{
    private readonly SessionPool<PooledSession> _pool;
    private readonly PooledSessionFactory _factory;
    private readonly TopologyTracker _tracker;
    private readonly object _lock = new();
    private Dictionary<string, bool> _up = new(StringComparer.OrdinalIgnoreCase);
    private string[] _endpoints = [];

    private PoolTopology(SessionPool<PooledSession> pool, PooledSessionFactory factory, TopologyTracker tracker)
    {
        _pool = pool;
        _factory = factory;
        _tracker = tracker;
    }

    public static void Follow(SessionPool<PooledSession> pool, PooledSessionFactory factory, TopologyTracker tracker)
    {
        var follower = new PoolTopology(pool, factory, tracker);
        tracker.Changed += follower.Apply;
        follower.Apply();
    }

    /// <summary>Applies the latest snapshot (whichever thread reports it; the lock keeps two reports from interleaving).</summary>
    private void Apply()
    {
        lock (_lock)
        {
            var topology = _tracker.Current;
            var endpoints = _factory.Endpoints.ToArray();
            if (!endpoints.SequenceEqual(_endpoints, StringComparer.OrdinalIgnoreCase))
            {
                _pool.SetEndpoints(endpoints);
                _endpoints = endpoints;
            }
            // a node listed anew, up (it rejoined, or the first listing), is reported up: the pool's retry delay for
            // it ends at once; one that was listed up and is marked down now is reported down
            var up = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
            foreach (var node in topology.Nodes)
            {
                var name = PooledSessionFactory.EndpointName(node.Host, node.Port);
                up[name] = node.IsUp;
                var listed = _up.TryGetValue(name, out var was);
                if (listed && was && !node.IsUp)
                {
                    _pool.ReportEndpointDown(name);
                }
                else if (!was && node.IsUp)
                {
                    _pool.ReportEndpointUp(name);
                }
            }
            _up = up;
        }
    }
}
