#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

/// <summary>
/// The order a host-selection policy gives (docs/scale-out.md, "Host selection"), written once for an unpooled open
/// (SessionOpening) and a pool's new session (PooledSessionFactory): the candidates are the Server endpoints (as the
/// topology describes them when it knows them), then the nodes the topology added; the policy's choices per attempt
/// come first, a node named twice or marked down passed over, then the candidates it never named, the down ones last.
/// </summary>
internal static class HostOrder
{
    private static bool Same(HanaNode node, string host, int port) => node.Port == port && string.Equals(node.Host, host, StringComparison.OrdinalIgnoreCase);

    /// <summary>The Server endpoints, then the nodes only the topology knows.</summary>
    public static List<HanaNode> Candidates(IReadOnlyList<(string Host, int Port)> endpoints, HanaTopology topology)
    {
        var candidates = new List<HanaNode>(endpoints.Count + topology.Nodes.Count);
        foreach (var (host, port) in endpoints)
        {
            candidates.Add(topology.Nodes.FirstOrDefault(node => Same(node, host, port)) ?? new HanaNode(host, port, 0, false, 0, null, isUp: true));
        }
        foreach (var node in topology.Nodes)
        {
            if (!candidates.Any(candidate => Same(candidate, node.Host, node.Port)))
            {
                candidates.Add(node);
            }
        }
        return candidates;
    }

    public static List<(string Host, int Port)> Ordered(IHanaHostSelectionPolicy policy, IReadOnlyList<(string Host, int Port)> endpoints, HanaTopology topology)
    {
        var candidates = Candidates(endpoints, topology);
        var info = new HanaQueryInfo(topology, candidates, commandText: null, tableVolumes: []);
        var order = new List<HanaNode>(candidates.Count);
        // bounded: twice the candidates, so a policy that keeps naming the same node cannot spin
        for (var attempt = 0; attempt < 2 * candidates.Count && order.Count < candidates.Count; attempt++)
        {
            if (policy.Node(info, attempt) is not { } chosen)
            {
                break;
            }
            if (chosen.IsUp && candidates.FirstOrDefault(c => Same(c, chosen.Host, chosen.Port)) is { } candidate && !order.Contains(candidate) && candidate.IsUp)
            {
                order.Add(candidate);
            }
        }
        order.AddRange(candidates.Where(c => c.IsUp && !order.Contains(c)));
        order.AddRange(candidates.Where(c => !c.IsUp && !order.Contains(c)));
        return order.Select(node => (node.Host, node.Port)).ToList();
    }
}
