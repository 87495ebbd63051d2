using System.Collections.Concurrent;
using System.Net;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.TestServer.Wire;

namespace Driver.TestServer;

// Scale-out and tenants (docs/scale-out.md): the listeners, the topology each CONNECT reply lists (§6.17, §13.1), the
// placement of tables on nodes (TABLELOCATION, §6.19), the tenant lookup (DBCONNECTINFO, §13.3) and the record of
// where each statement ran.
public sealed partial class TestServer
{
    /// <summary>The database the nodes serve when no tenants are configured (CONNECT's DatabaseName option).</summary>
    internal const string DefaultDatabaseName = "TST";

    /// <summary>The system database's name on HANA.</summary>
    internal const string SystemDatabaseName = "SYSTEMDB";

    private const int MaxRecordedExecutions = 10_000;

    private readonly IReadOnlyList<TestServerNode> _listeners;
    private readonly ConcurrentDictionary<string, int> _placements = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<ExecutedStatement> _executions = new();
    private readonly object _topologyGate = new();

    /// <summary>The index-server nodes, node 1 first.</summary>
    public IReadOnlyList<TestServerNode> Nodes => _listeners.Where(l => l.Role == TestServerRole.Node).ToList();

    /// <summary>Node <paramref name="number"/> (1-based).</summary>
    public TestServerNode Node(int number) =>
        number >= 1 && number <= Options.Nodes ? _listeners[number - 1] : throw new ArgumentOutOfRangeException(nameof(number), number, $"The server has nodes 1 to {Options.Nodes}.");

    /// <summary>The system database's port (SYSTEMDB); null without tenants.</summary>
    public TestServerNode? SystemDatabase => _listeners.FirstOrDefault(l => l.Role == TestServerRole.SystemDatabase);

    /// <summary>Every listener: the nodes, then the further tenants' ports, then the system database's port.</summary>
    public IReadOnlyList<TestServerNode> Listeners => _listeners;

    /// <summary>The master node now (the lowest-numbered live one after the master stops); null when every node is down.</summary>
    public TestServerNode? Master => Nodes.FirstOrDefault(n => n.IsMaster);

    /// <summary>
    /// Stops node <paramref name="number"/>: its listener closes and every session on it is aborted. A stopped master
    /// hands the master role to the lowest-numbered live node, as a HANA failover does. Returns once the node's
    /// sessions have ended (a request being handled finishes first; open transactions are rolled back), at most 5 s.
    /// </summary>
    public async Task StopNodeAsync(int number)
    {
        var node = Node(number);
        await node.StopAsync().ConfigureAwait(false);
        lock (_topologyGate)
        {
            if (node.IsMaster && Nodes.FirstOrDefault(n => n.IsUp) is { } successor)
            {
                node.IsMaster = false;
                successor.IsMaster = true;
            }
        }
        RefreshServices();
    }

    /// <summary>Starts node <paramref name="number"/> again on its address and port (it rejoins as a non-master unless no node is master).</summary>
    public void StartNode(int number)
    {
        var node = Node(number);
        node.Start();
        lock (_topologyGate)
        {
            if (!Nodes.Any(n => n.IsMaster && n.IsUp))
            {
                MoveMasterCore(node);
            }
        }
        RefreshServices();
    }

    /// <summary>Makes node <paramref name="number"/> the master (system replication's takeover, seen from the client).</summary>
    public void MoveMaster(int number)
    {
        var node = Node(number);
        lock (_topologyGate)
        {
            MoveMasterCore(node);
        }
        RefreshServices();
    }

    /// <summary>Sets the load factor node <paramref name="number"/> reports in TOPOLOGYINFORMATION (§6.17 option 4).</summary>
    public void SetLoadFactor(int number, double loadFactor)
    {
        Node(number).LoadFactor = loadFactor;
    }

    /// <summary>
    /// Places table <paramref name="tableName"/> (unqualified name, case-insensitive) on node <paramref name="number"/>:
    /// PREPARE of a statement naming it reports that node's volume id in TABLELOCATION (§6.19).
    /// </summary>
    public void PlaceTable(string tableName, int number)
    {
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        Node(number);
        _placements[tableName] = number;
    }

    /// <summary>
    /// The node table <paramref name="tableName"/> lives on: where <see cref="PlaceTable"/> put it, otherwise a
    /// deterministic choice by the name (a stable hash of the upper-cased name, modulo the node count).
    /// </summary>
    public int NodeOfTable(string tableName)
    {
        if (_placements.TryGetValue(tableName, out var placed))
        {
            return placed;
        }
        var hash = 2166136261u;
        foreach (var c in tableName.ToUpperInvariant())
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % (uint)Options.Nodes) + 1;
    }

    /// <summary>The statements executed so far (the latest 10,000), oldest first, with the node each ran on.</summary>
    public IReadOnlyList<ExecutedStatement> Executions => _executions.ToArray();

    /// <summary>Forgets the recorded executions.</summary>
    public void ClearExecutions() => _executions.Clear();

    /// <summary>The node numbers that executed a statement containing <paramref name="sqlFragment"/> (case-insensitive), in order.</summary>
    public IReadOnlyList<int> NodesThatExecuted(string sqlFragment) =>
        _executions.Where(e => e.Sql.Contains(sqlFragment, StringComparison.OrdinalIgnoreCase)).Select(e => e.Node).ToList();

    internal void RecordExecution(ServerConnection connection, string sql)
    {
        if (_executions.Count >= MaxRecordedExecutions)
        {
            _executions.TryDequeue(out _);
        }
        _executions.Enqueue(new ExecutedStatement(connection.Listener.Number, connection.Listener.Port, connection.Listener.DatabaseName, connection.Session.ConnectionId, sql));
    }

    /// <summary>TOPOLOGYINFORMATION for a session on <paramref name="listener"/>: every live node, or the listener alone (§6.17).</summary>
    internal IReadOnlyList<OptionSet> TopologyFor(TestServerNode listener)
    {
        var lines = listener.Role == TestServerRole.Node ? Nodes.Where(n => n.IsUp).ToList() : [listener];
        return lines.Select(node => new OptionSet()
            .Set((int)TopologyOptionId.HostName, OptionValue.String(node.Host))
            .Set((int)TopologyOptionId.HostPortNumber, OptionValue.Int(node.Port))
            .Set((int)TopologyOptionId.TenantName, OptionValue.String(node.DatabaseName))
            .Set((int)TopologyOptionId.LoadFactor, OptionValue.Double(node.LoadFactor))
            .Set((int)TopologyOptionId.VolumeId, OptionValue.Int(node.VolumeId))
            .Set((int)TopologyOptionId.IsMaster, OptionValue.Boolean(node.IsMaster || node.Role != TestServerRole.Node))
            .Set((int)TopologyOptionId.IsCurrentSession, OptionValue.Boolean(node == listener))
            .Set((int)TopologyOptionId.ServiceType, OptionValue.Int((int)ServiceType.IndexServer))
            .Set((int)TopologyOptionId.IsStandby, OptionValue.Boolean(false))
            .Set((int)TopologyOptionId.SiteType, OptionValue.Int(0))).ToList();
    }

    /// <summary>
    /// The volume ids of the nodes holding the tables <paramref name="sql"/> names (TABLELOCATION, §6.19); empty with
    /// one node or for a statement on no placed table.
    /// </summary>
    internal int[] TableLocation(TestServerNode listener, string sql)
    {
        if (Options.Nodes == 1 || listener.Role != TestServerRole.Node)
        {
            return [];
        }
        return TableNames.In(sql).Select(name => Node(NodeOfTable(name)).VolumeId).Distinct().ToArray();
    }

    /// <summary>
    /// The tenant lookup of DBCONNECTINFO (§13.3): null when <paramref name="databaseName"/> is the database of
    /// <paramref name="listener"/> (or the server has no tenants: a single database is always the right one), else the
    /// listener that serves it (the master node for the first tenant).
    /// </summary>
    internal bool TryFindDatabase(TestServerNode listener, string? databaseName, out TestServerNode? target)
    {
        target = null;
        if (Options.Tenants.Count == 0 || string.IsNullOrEmpty(databaseName) || string.Equals(databaseName, listener.DatabaseName, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        target = _listeners.FirstOrDefault(l => string.Equals(l.DatabaseName, databaseName, StringComparison.OrdinalIgnoreCase) && l.IsUp && (l.Role != TestServerRole.Node || l.IsMaster))
            ?? _listeners.FirstOrDefault(l => string.Equals(l.DatabaseName, databaseName, StringComparison.OrdinalIgnoreCase) && l.IsUp);
        return target is not null;
    }

    private void MoveMasterCore(TestServerNode node)
    {
        foreach (var other in Nodes)
        {
            other.IsMaster = other == node;
        }
    }

    private void RefreshServices() => Backend.Services.Write(Nodes);

    private List<TestServerNode> CreateListeners(TestServerOptions options)
    {
        var database = options.Tenants.Count > 0 ? options.Tenants[0] : DefaultDatabaseName;
        var listeners = new List<TestServerNode>();
        for (var number = 1; number <= options.Nodes; number++)
        {
            var address = options.DistinctNodeAddresses && options.Nodes > 1 && options.BindAddress.Equals(IPAddress.Loopback)
                ? new IPAddress(new byte[] { 127, 0, 0, (byte)number })
                : options.BindAddress;
            listeners.Add(new TestServerNode(this, TestServerRole.Node, number, database, address, number == 1 ? options.Port : 0, number) { IsMaster = number == 1 });
        }
        for (var i = 1; i < options.Tenants.Count; i++)
        {
            listeners.Add(new TestServerNode(this, TestServerRole.Tenant, 0, options.Tenants[i], options.BindAddress, 0, 1000 + i));
        }
        if (options.Tenants.Count > 0)
        {
            listeners.Add(new TestServerNode(this, TestServerRole.SystemDatabase, 0, SystemDatabaseName, options.BindAddress, 0, 0));
        }
        return listeners;
    }
}
