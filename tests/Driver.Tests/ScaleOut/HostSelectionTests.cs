using Driver.Tests.PublicApi;
using Driver.TestServer;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.ScaleOut;

/// <summary>
/// Host-selection policies (docs/scale-out.md) over a 3-node test server, both flavors: a fake policy sees the
/// topology and the candidates and is obeyed; the built-in policies pick the master, the least-loaded node and the
/// next node in turn; a dead node the policy names is skipped for the next one, and used again once it is back.
/// </summary>
public sealed class HostSelectionTests : IAsyncLifetime
{
    private Server _server = null!;
    private global::Driver.Sync.HanaDataSource? _sync;
    private global::Driver.Async.HanaDataSource? _async;

    public async Task InitializeAsync() => _server = await Server.StartAsync(new TestServerOptions { Nodes = 3 });

    public async Task DisposeAsync()
    {
        _sync?.Dispose();
        _async?.Dispose();
        await _server.DisposeAsync();
    }

    private string Endpoints(params int[] nodes) => string.Join(",", nodes.Select(k => $"{_server.Node(k).Host}:{_server.Node(k).Port}"));

    /// <summary>A fresh unpooled data source of the flavor with the policy the factory makes.</summary>
    private void UsePolicy(string flavor, string server, Func<object> policy)
    {
        var text = $"Server={server};UserName=SYSTEM;Password={Server.DefaultPassword};Pooling=false";
        _sync?.Dispose();
        _async?.Dispose();
        (_sync, _async) = (null, null);
        if (flavor == "Sync")
        {
            _sync = global::Driver.Sync.HanaDataSource.CreateBuilder(text).UseHostSelectionPolicy((global::Driver.Sync.IHanaHostSelectionPolicy)policy()).Build();
        }
        else
        {
            _async = global::Driver.Async.HanaDataSource.CreateBuilder(text).UseHostSelectionPolicy((global::Driver.Async.IHanaHostSelectionPolicy)policy()).Build();
        }
    }

    /// <summary>The node (1-based) each open landed on, by the server's record of where a tagged statement ran.</summary>
    private async Task<List<int>> OpenAndLocate(int opens)
    {
        var landed = new List<int>();
        for (var i = 0; i < opens; i++)
        {
            var tag = $"HS_{Guid.NewGuid():N}";
            if (_sync is not null)
            {
                using var connection = _sync.OpenConnection();
                using var command = new global::Driver.Sync.HanaCommand($"SELECT 1 AS {tag} FROM DUMMY", connection);
                command.ExecuteScalar();
            }
            else
            {
                await using var connection = await _async!.OpenConnectionAsync();
                await using var command = new global::Driver.Async.HanaCommand($"SELECT 1 AS {tag} FROM DUMMY", connection);
                await command.ExecuteScalarAsync();
            }
            landed.Add(_server.NodesThatExecuted(tag).Single());
        }
        return landed;
    }

    private sealed record Call(int Attempt, List<int> CandidatePorts, int TopologyNodes, string? Text);

    /// <summary>Records every call; names the node on <see cref="WantPort"/> at attempt 0, nothing after.</summary>
    private sealed class RecordingSync : global::Driver.Sync.IHanaHostSelectionPolicy
    {
        public List<Call> Calls { get; } = [];
        public int WantPort { get; set; }

        public global::Driver.Sync.HanaNode? Node(global::Driver.Sync.HanaQueryInfo query, int attempt)
        {
            Calls.Add(new Call(attempt, query.Candidates.Select(c => c.Port).ToList(), query.Topology.Nodes.Count, query.CommandText));
            return attempt == 0 ? query.Candidates.FirstOrDefault(c => c.Port == WantPort) : null;
        }
    }

    private sealed class RecordingAsync : global::Driver.Async.IHanaHostSelectionPolicy
    {
        public List<Call> Calls { get; } = [];
        public int WantPort { get; set; }

        public global::Driver.Async.HanaNode? Node(global::Driver.Async.HanaQueryInfo query, int attempt)
        {
            Calls.Add(new Call(attempt, query.Candidates.Select(c => c.Port).ToList(), query.Topology.Nodes.Count, query.CommandText));
            return attempt == 0 ? query.Candidates.FirstOrDefault(c => c.Port == WantPort) : null;
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AFakePolicyIsAskedWithTheTopologyAndObeyed(string name)
    {
        var recordingSync = new RecordingSync { WantPort = _server.Node(3).Port };
        var recordingAsync = new RecordingAsync { WantPort = _server.Node(3).Port };
        // only node 1 is named; the first open learns the other two from its TOPOLOGYINFORMATION
        UsePolicy(name, Endpoints(1), () => name == "Sync" ? recordingSync : recordingAsync);
        var landed = await OpenAndLocate(2);
        var calls = name == "Sync" ? recordingSync.Calls : recordingAsync.Calls;
        // first open: one candidate (the Server endpoint), no topology yet; its null ends the asking
        Assert.Equal(new Call(0, [_server.Node(1).Port], 0, null), calls[0], CallComparer.Instance);
        Assert.Single(calls, c => c.TopologyNodes == 0);
        // second open: node 1 first (the endpoint), then the learned nodes 2 and 3; the policy names node 3
        var second = calls.First(c => c.TopologyNodes == 3);
        Assert.Equal(0, second.Attempt);
        Assert.Equal([_server.Node(1).Port, _server.Node(2).Port, _server.Node(3).Port], second.CandidatePorts);
        Assert.Null(second.Text);
        Assert.Equal([1, 3], landed);
    }

    private sealed class CallComparer : IEqualityComparer<Call>
    {
        public static readonly CallComparer Instance = new();

        public bool Equals(Call? x, Call? y) =>
            x is not null && y is not null && x.Attempt == y.Attempt && x.CandidatePorts.SequenceEqual(y.CandidatePorts) && x.TopologyNodes == y.TopologyNodes && x.Text == y.Text;

        public int GetHashCode(Call obj) => obj.Attempt;
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task TheBuiltInPoliciesPickTheMasterTheLeastLoadedAndTakeTurns(string name)
    {
        _server.MoveMaster(2);
        _server.SetLoadFactor(1, 0.9);
        _server.SetLoadFactor(2, 0.5);
        _server.SetLoadFactor(3, 0.1);
        var all = Endpoints(1, 2, 3);
        // the first open of each data source knows no topology yet: the list's order
        UsePolicy(name, all, () => name == "Sync" ? global::Driver.Sync.HanaHostSelection.PrimaryFirst() : global::Driver.Async.HanaHostSelection.PrimaryFirst());
        Assert.Equal([1, 2, 2], await OpenAndLocate(3));
        UsePolicy(name, all, () => name == "Sync" ? global::Driver.Sync.HanaHostSelection.LeastLoaded() : global::Driver.Async.HanaHostSelection.LeastLoaded());
        Assert.Equal([1, 3, 3], await OpenAndLocate(3));
        UsePolicy(name, all, () => name == "Sync" ? global::Driver.Sync.HanaHostSelection.RoundRobin() : global::Driver.Async.HanaHostSelection.RoundRobin());
        Assert.Equal([1, 2, 3, 1], await OpenAndLocate(4));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ADeadNodeIsSkippedAndRejoins(string name)
    {
        var recordingSync = new RecordingSync { WantPort = _server.Node(2).Port };
        var recordingAsync = new RecordingAsync { WantPort = _server.Node(2).Port };
        UsePolicy(name, Endpoints(1, 2, 3), () => name == "Sync" ? recordingSync : recordingAsync);
        Assert.Equal([2, 2], await OpenAndLocate(2));
        await _server.StopNodeAsync(2);
        // the policy still names node 2: refused, so the next candidate, node 1; no open fails
        Assert.Equal([1, 1], await OpenAndLocate(2));
        _server.StartNode(2);
        Assert.Equal([2], await OpenAndLocate(1));
    }
}
