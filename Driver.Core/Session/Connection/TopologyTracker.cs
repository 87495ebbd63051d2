using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

/// <summary>
/// Keeps a data source's <see cref="HanaTopology"/> (docs/scale-out.md): read-copy-update, one reference swapped
/// with Interlocked, so readers never lock and never see a half-built snapshot. Fed by SessionOpening (the
/// TOPOLOGYINFORMATION of every newly opened session, §6.17, and each endpoint that failed to connect), by every later
/// reply that carries TOPOLOGYINFORMATION (ConnectionCore.ApplyReply) and by a session's I/O failure (the node is
/// marked down; ConnectionCore.NoteBroken). The pools of the data source follow it (<see cref="Changed"/>,
/// PoolTopology).
/// </summary>
internal sealed class TopologyTracker
{
    private HanaTopology _current = HanaTopology.Empty;

    public HanaTopology Current => Volatile.Read(ref _current);

    /// <summary>
    /// Raised after each replacement, on the thread that made it, with no lock held; a handler reads
    /// <see cref="Current"/> (replacements on two threads may be reported out of order).
    /// </summary>
    public event Action? Changed;

    /// <summary>A new session reported these lines: they become the node list (a node it no longer lists is gone).</summary>
    public void Learned(IReadOnlyList<OptionSet> lines, string connectedHost, int connectedPort)
    {
        var nodes = new List<HanaNode>(Math.Max(lines.Count, 1));
        foreach (var line in lines)
        {
            var host = line.GetString((int)TopologyOptionId.HostName);
            var port = line.GetInt32((int)TopologyOptionId.HostPortNumber, 0);
            if (string.IsNullOrEmpty(host) || port <= 0)
            {
                continue;
            }
            // §6.17: the host may carry ":port"
            var colon = host!.LastIndexOf(':');
            if (colon > 0 && host.IndexOf(']') < colon && int.TryParse(host.Substring(colon + 1), out var embedded))
            {
                port = embedded;
                host = host.Substring(0, colon);
            }
            nodes.Add(new HanaNode(host, port, line.GetInt32((int)TopologyOptionId.VolumeId, 0) & 0x000FFFFF, line.GetBoolean((int)TopologyOptionId.IsMaster, false),
                line.TryGet((int)TopologyOptionId.LoadFactor, out var load) && load.Type == OptionValueType.Double ? load.AsDouble() : 0,
                line.GetString((int)TopologyOptionId.TenantName), isUp: true));
        }
        if (nodes.Count == 0)
        {
            // a server that lists nothing: the endpoint itself is the one node known
            nodes.Add(new HanaNode(connectedHost, connectedPort, 0, isMaster: true, 0, null, isUp: true));
        }
        Replace(current => SameNodes(current, nodes) ? null : nodes);
    }

    /// <summary>A listing equal to the snapshot's (every later reply may repeat it) replaces nothing.</summary>
    private static bool SameNodes(IReadOnlyList<HanaNode> current, List<HanaNode> nodes)
    {
        if (current.Count != nodes.Count)
        {
            return false;
        }
        for (var i = 0; i < nodes.Count; i++)
        {
            var (a, b) = (current[i], nodes[i]);
            if (a.Port != b.Port || !string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) || a.VolumeId != b.VolumeId || a.IsMaster != b.IsMaster
                || a.LoadFactor != b.LoadFactor || a.IsUp != b.IsUp || !string.Equals(a.DatabaseName, b.DatabaseName, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A connection to <paramref name="host"/>:<paramref name="port"/> failed (false) or succeeded (true).</summary>
    public void Seen(string host, int port, bool isUp) =>
        Replace(nodes =>
        {
            List<HanaNode>? changed = null;
            for (var i = 0; i < nodes.Count; i++)
            {
                if (nodes[i].Port == port && string.Equals(nodes[i].Host, host, StringComparison.OrdinalIgnoreCase) && nodes[i].IsUp != isUp)
                {
                    changed ??= new List<HanaNode>(nodes);
                    changed[i] = nodes[i].WithUp(isUp);
                }
            }
            return changed;
        });

    /// <summary>Swaps in the list <paramref name="update"/> makes from the current one (null: no change).</summary>
    private void Replace(Func<IReadOnlyList<HanaNode>, IReadOnlyList<HanaNode>?> update)
    {
        for (var spin = 0; spin < 100; spin++)
        {
            var current = Volatile.Read(ref _current);
            if (update(current.Nodes) is not { } nodes)
            {
                return;
            }
            if (ReferenceEquals(Interlocked.CompareExchange(ref _current, new HanaTopology(nodes, current.Version + 1), current), current))
            {
                Changed?.Invoke();
                return;
            }
        }
    }
}
