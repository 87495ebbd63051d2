using Driver.Core.Protocol;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

/// <summary>
/// Location-aware statement routing for one open <see cref="HanaConnection"/> (docs/scale-out.md, "Statement
/// routing"), flavor-free: whether the connection routes at all, which node a prepared statement should run on (the
/// host-selection policy decides, <see cref="HanaHostSelection.LocationAware"/> by default, from the TABLELOCATION of
/// its PREPARE reply, §6.19), and the secondary sessions, one per node, opened lazily through
/// <see cref="SessionOpening"/> and closed with the connection.
/// <para>
/// Not thread-safe, like the connection it belongs to (one operation at a time).
/// </para>
/// </summary>
internal sealed class StatementRouter
{
    private readonly ConnectionCore _anchor;
    private readonly IHanaHostSelectionPolicy _policy;
    private readonly TopologyTracker? _dataSourceTopology;
    private readonly Func<ConnectionSettings> _settings;
    private readonly Dictionary<string, ConnectionCore> _sessions = new(StringComparer.OrdinalIgnoreCase);
    // the same sessions as an array replaced whole, for a Cancel from another thread (it never sees the dictionary change)
    private ConnectionCore[] _snapshot = [];
    // the anchor's own CONNECT listing (§6.17) for a connection without a data source, and the nodes it saw fail
    private TopologyTracker? _ownTopology;

    private StatementRouter(ConnectionCore anchor, IHanaHostSelectionPolicy? policy, TopologyTracker? dataSourceTopology, Func<ConnectionSettings> settings)
    {
        _anchor = anchor;
        _policy = policy ?? HanaHostSelection.LocationAware();
        _dataSourceTopology = dataSourceTopology;
        _settings = settings;
    }

    /// <summary>
    /// A router when <paramref name="distribution"/> asks for statement routing (Statement or All) and the anchor's
    /// server granted it (ClientDistributionMode in the CONNECT reply, §8.6: a server that answers Off or Connection
    /// gets nothing routed; one that does not answer is taken to grant what was asked); else null.
    /// </summary>
    public static StatementRouter? For(ConnectionCore anchor, HanaDistribution distribution, IHanaHostSelectionPolicy? policy, TopologyTracker? dataSourceTopology,
        Func<ConnectionSettings> settings)
    {
        if (distribution is not (HanaDistribution.Statement or HanaDistribution.All))
        {
            return null;
        }
        var granted = (HanaDistribution)anchor.ServerOptions.GetInt32((int)ConnectOptionId.ClientDistributionMode, (int)distribution);
        return granted is HanaDistribution.Statement or HanaDistribution.All ? new StatementRouter(anchor, policy, dataSourceTopology, settings) : null;
    }

    /// <summary>The secondary sessions open now (a snapshot: safe from another thread).</summary>
    public ConnectionCore[] Sessions => Volatile.Read(ref _snapshot);

    /// <summary>Whether <paramref name="core"/> is a secondary session of this router (not the anchor, not a stranger).</summary>
    public bool Owns(ConnectionCore core)
    {
        foreach (var session in Sessions)
        {
            if (ReferenceEquals(session, core))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The topology decisions read: the data source's snapshot when it knows nodes, else what the anchor's CONNECT
    /// reply listed (with the nodes this connection saw fail marked down).
    /// </summary>
    private HanaTopology Topology
    {
        get
        {
            if (_dataSourceTopology?.Current is { Nodes.Count: > 0 } shared)
            {
                return shared;
            }
            if (_ownTopology is null)
            {
                _ownTopology = new TopologyTracker();
                _ownTopology.Learned(_anchor.Topology, _anchor.Host, _anchor.Port);
            }
            return _ownTopology.Current;
        }
    }

    /// <summary>
    /// The node <paramref name="tableVolumes"/>' statement should run on, or null for the anchor: the policy is asked
    /// attempt by attempt (bounded: twice the nodes) until it names a node that is up; the anchor's own node, a node
    /// the topology does not list, or no answer keeps the statement on the anchor.
    /// </summary>
    public HanaNode? Choose(string? commandText, int[] tableVolumes)
    {
        var topology = Topology;
        if (topology.Nodes.Count < 2)
        {
            return null;
        }
        var anchor = AnchorNode(topology);
        // the default order: the anchor's node first (a policy that takes the first candidate keeps the statement where it is)
        var candidates = new List<HanaNode>(topology.Nodes.Count);
        if (anchor is not null)
        {
            candidates.Add(anchor);
        }
        foreach (var node in topology.Nodes)
        {
            if (!ReferenceEquals(node, anchor))
            {
                candidates.Add(node);
            }
        }
        var info = new HanaQueryInfo(topology, candidates, commandText, tableVolumes);
        for (var attempt = 0; attempt < 2 * candidates.Count; attempt++)
        {
            if (_policy.Node(info, attempt) is not { } chosen)
            {
                return null;
            }
            if (!chosen.IsUp)
            {
                continue;
            }
            if (ReferenceEquals(chosen, anchor) || anchor is not null && Same(chosen, anchor.Host, anchor.Port) || Same(chosen, _anchor.Host, _anchor.Port))
            {
                return null;
            }
            return candidates.Find(node => Same(node, chosen.Host, chosen.Port));
        }
        return null;
    }

    /// <summary>The anchor's node: the line its CONNECT reply marked as the current session (§6.17), else by endpoint.</summary>
    private HanaNode? AnchorNode(HanaTopology topology)
    {
        foreach (var line in _anchor.Topology)
        {
            if (line.GetBoolean((int)TopologyOptionId.IsCurrentSession, false)
                && topology.NodeOfVolume(line.GetInt32((int)TopologyOptionId.VolumeId, 0) & 0x000FFFFF) is { } own)
            {
                return own;
            }
        }
        return topology.Nodes.FirstOrDefault(node => Same(node, _anchor.Host, _anchor.Port));
    }

    private static bool Same(HanaNode node, string host, int port) => node.Port == port && string.Equals(node.Host, host, StringComparison.OrdinalIgnoreCase);

    /// <summary>The open session to <paramref name="node"/>, or null; a broken one is closed and forgotten.</summary>
    public ConnectionCore? Session(HanaNode node)
    {
        if (!_sessions.TryGetValue(node.Endpoint, out var session))
        {
            return null;
        }
        if (session.IsOpen)
        {
            return session;
        }
        _sessions.Remove(node.Endpoint);
        Volatile.Write(ref _snapshot, _sessions.Values.ToArray());
        session.CloseWithoutAwaiting();
        return null;
    }

    /// <summary>
    /// The open of a secondary session to <paramref name="node"/>: the connection's settings (credentials, TLS,
    /// schema, distribution) with that node as the only endpoint, one attempt (the statement falls back to the anchor
    /// instead), no tenant lookup (the node serves the anchor's database) and no host-selection policy.
    /// </summary>
    public SessionOpening Opening(HanaNode node)
    {
        var settings = _settings();
        settings.Endpoints.Clear();
        settings.Endpoints.Add((node.Host, node.Port));
        settings.DatabaseName = null;
        settings.HostSelection = null;
        settings.RetryPolicy = HanaRetry.Never;
        return new SessionOpening(settings, settings.Endpoints);
    }

    /// <summary>The secondary session to <paramref name="node"/> opened.</summary>
    public void Opened(HanaNode node, ConnectionCore session)
    {
        _sessions[node.Endpoint] = session;
        Volatile.Write(ref _snapshot, _sessions.Values.ToArray());
    }

    /// <summary>
    /// The secondary session to <paramref name="node"/> could not be opened: the statement runs on the anchor. A data
    /// source's topology was told by the open itself (SessionOpening marks the node down); the connection's own
    /// listing is told here, so the next statement does not try the node again.
    /// </summary>
    public void OpenFailed(HanaNode node) => _ownTopology?.Seen(node.Host, node.Port, isUp: false);

    /// <summary>Takes every secondary session away from the router (the connection is closing): the caller closes them.</summary>
    public List<ConnectionCore> DetachSessions()
    {
        var sessions = _sessions.Values.ToList();
        _sessions.Clear();
        Volatile.Write(ref _snapshot, []);
        return sessions;
    }
}
