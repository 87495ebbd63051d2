#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>The built-in <see cref="IHanaHostSelectionPolicy"/> policies (docs/scale-out.md).</summary>
public static class HanaHostSelection
{
    /// <summary>The candidates in order, starting one further with each open: new sessions spread over the nodes.</summary>
    public static IHanaHostSelectionPolicy RoundRobin() => new RoundRobinPolicy();

    /// <summary>The topology's master first, then the candidates in order.</summary>
    public static IHanaHostSelectionPolicy PrimaryFirst() => new PrimaryFirstPolicy();

    /// <summary>The candidates by the load factor the server reported, lowest first (unreported counts as 0).</summary>
    public static IHanaHostSelectionPolicy LeastLoaded() => new LeastLoadedPolicy();

    /// <summary>
    /// The node holding the statement's table first (by <see cref="HanaQueryInfo.TableVolumes"/>), then
    /// <paramref name="fallback"/>'s choices (the candidates in order when null).
    /// </summary>
    public static IHanaHostSelectionPolicy LocationAware(IHanaHostSelectionPolicy? fallback = null) => new LocationAwarePolicy(fallback);

    private sealed class RoundRobinPolicy : IHanaHostSelectionPolicy
    {
        private int _next = -1;
        private int _start;

        public HanaNode? Node(HanaQueryInfo query, int attempt)
        {
            var count = query.Candidates.Count;
            if (count == 0 || attempt >= count)
            {
                return null;
            }
            if (attempt == 0)
            {
                _start = Interlocked.Increment(ref _next);
            }
            return query.Candidates[(int)((uint)(_start + attempt) % (uint)count)];
        }
    }

    private sealed class PrimaryFirstPolicy : IHanaHostSelectionPolicy
    {
        public HanaNode? Node(HanaQueryInfo query, int attempt)
        {
            var master = query.Topology.Master;
            if (master is null)
            {
                return attempt < query.Candidates.Count ? query.Candidates[attempt] : null;
            }
            if (attempt == 0)
            {
                return master;
            }
            // the candidates after the master, in order
            var index = 0;
            foreach (var candidate in query.Candidates)
            {
                if (candidate.Port == master.Port && string.Equals(candidate.Host, master.Host, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                if (++index == attempt)
                {
                    return candidate;
                }
            }
            return null;
        }
    }

    private sealed class LeastLoadedPolicy : IHanaHostSelectionPolicy
    {
        public HanaNode? Node(HanaQueryInfo query, int attempt)
        {
            if (attempt >= query.Candidates.Count)
            {
                return null;
            }
            // a stable sort: equal loads keep the default order
            return query.Candidates.Select((node, index) => (node, index)).OrderBy(pair => pair.node.LoadFactor).ThenBy(pair => pair.index).ElementAt(attempt).node;
        }
    }

    private sealed class LocationAwarePolicy : IHanaHostSelectionPolicy
    {
        private readonly IHanaHostSelectionPolicy? _fallback;

        public LocationAwarePolicy(IHanaHostSelectionPolicy? fallback) => _fallback = fallback;

        public HanaNode? Node(HanaQueryInfo query, int attempt)
        {
            var holder = query.TableVolumes.Count > 0 ? query.Topology.NodeOfVolume(query.TableVolumes[0]) : null;
            if (holder is not null)
            {
                if (attempt == 0)
                {
                    return holder;
                }
                attempt--;
            }
            return _fallback is not null ? _fallback.Node(query, attempt) : attempt < query.Candidates.Count ? query.Candidates[attempt] : null;
        }
    }
}
