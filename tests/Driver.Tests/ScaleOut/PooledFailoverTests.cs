using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using Driver.Tests.PublicApi;
using Driver.TestServer;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.ScaleOut;

/// <summary>
/// Pooled sessions follow the data source's policies and topology (docs/scale-out.md, "Pooled sessions", "Session
/// recovery", "Keep-alive") over a 3-node test server and real sockets, both flavors: the host-selection policy picks
/// the node of each new pooled session and sees the topology-learned nodes; a stopped node is skipped and later
/// rejoins; an idle session on a stopped node is never handed out; a long-idle session is checked with a round trip;
/// the socket has TCP keep-alive.
/// </summary>
public sealed class PooledFailoverTests : IAsyncLifetime
{
    private Server _server = null!;

    public async Task InitializeAsync() => _server = await Server.StartAsync(new TestServerOptions { Nodes = 3 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string Endpoints(params int[] nodes) => string.Join(",", nodes.Select(k => $"{_server.Node(k).Host}:{_server.Node(k).Port}"));

    // a pool of its own per test: Application Name differs, so no other test's pool is shared
    private string Pooled(string servers, string extra = "") =>
        $"Server={servers};UserName=SYSTEM;Password={Server.DefaultPassword};Application Name=PF{Guid.NewGuid():N};{extra}";

    private int NodeOf(string tag) => _server.NodesThatExecuted(tag).Single();

    private sealed record Call(int Attempt, List<int> CandidatePorts, string? Text);

    /// <summary>A host-selection policy of either flavor: records each call and names the node on <see cref="WantPort"/> first.</summary>
    private sealed class Recording
    {
        public List<Call> Calls { get; } = [];
        public int WantPort { get; set; }

        public object For(string flavor) => flavor == "Sync" ? new SyncPolicy(this) : new AsyncPolicy(this);

        private sealed class SyncPolicy(Recording recording) : global::Driver.Sync.IHanaHostSelectionPolicy
        {
            public global::Driver.Sync.HanaNode? Node(global::Driver.Sync.HanaQueryInfo query, int attempt)
            {
                lock (recording.Calls)
                {
                    recording.Calls.Add(new Call(attempt, query.Candidates.Select(c => c.Port).ToList(), query.CommandText));
                }
                return attempt == 0 ? query.Candidates.FirstOrDefault(c => c.Port == recording.WantPort) : null;
            }
        }

        private sealed class AsyncPolicy(Recording recording) : global::Driver.Async.IHanaHostSelectionPolicy
        {
            public global::Driver.Async.HanaNode? Node(global::Driver.Async.HanaQueryInfo query, int attempt)
            {
                lock (recording.Calls)
                {
                    recording.Calls.Add(new Call(attempt, query.Candidates.Select(c => c.Port).ToList(), query.CommandText));
                }
                return attempt == 0 ? query.Candidates.FirstOrDefault(c => c.Port == recording.WantPort) : null;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task APooledSessionOpensWhereTheHostSelectionPolicySaysAmongTheTopologyLearnedNodes(string name)
    {
        var recording = new Recording { WantPort = _server.Node(3).Port };
        // Server names node 1 only: nodes 2 and 3 are known from the first session's TOPOLOGYINFORMATION
        await using var source = ScaleOutSource.Build(name, Pooled(Endpoints(1)), hostSelection: recording.For(name));
        await using var first = await source.Open();
        Assert.Equal(1, NodeOf(await source.SelectTagged(first)));
        Assert.Equal(3, source.Nodes.Count);
        // a second session (the first is held): the pool asks the policy, which now sees all three nodes
        recording.Calls.Clear();
        await using var second = await source.Open();
        Assert.Equal(3, NodeOf(await source.SelectTagged(second)));
        var call = Assert.Single(recording.Calls, c => c.Attempt == 0);
        Assert.Equal(new[] { 1, 2, 3 }.Select(k => _server.Node(k).Port).Order(), call.CandidatePorts.Order());
        Assert.Null(call.Text);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AStoppedNodeIsSkippedForPooledSessionsAndRejoinsWhenItIsBack(string name)
    {
        await using var source = ScaleOutSource.Build(name, Pooled(Endpoints(1, 2, 3), "Max Pool Size=20"), hostSelection: name == "Sync"
            ? global::Driver.Sync.HanaHostSelection.RoundRobin() : global::Driver.Async.HanaHostSelection.RoundRobin());
        async Task<List<int>> OpenHoldAndLocate(int count)
        {
            var held = new List<DbConnection>();
            var nodes = new List<int>();
            try
            {
                for (var i = 0; i < count; i++)
                {
                    held.Add(await source.Open());
                    nodes.Add(NodeOf(await source.SelectTagged(held[^1])));
                }
            }
            finally
            {
                foreach (var connection in held)
                {
                    await source.Flavor.Close(connection);
                }
            }
            return nodes;
        }
        Assert.Equal([1, 2, 3], (await OpenHoldAndLocate(3)).Order());
        await _server.StopNodeAsync(2);
        var whileDown = await OpenHoldAndLocate(6);
        Assert.DoesNotContain(2, whileDown);
        _server.StartNode(2);
        // twelve held: six new sessions. The first one's listing names node 2 again, so the pool takes it back before
        // its retry delay (10 s) is over, and the round robin sends one of the next ones there
        var started = DateTime.UtcNow;
        var afterwards = await OpenHoldAndLocate(12);
        Assert.Contains(2, afterwards);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(8), $"node 2 rejoined only after {DateTime.UtcNow - started}");
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AnIdlePooledSessionOnAStoppedNodeIsNeverHandedOut(string name)
    {
        await using var source = ScaleOutSource.Build(name, Pooled(Endpoints(1, 2, 3), "Connection Idle Ping Time=0"));
        // three idle sessions, one per node (the pool's round robin)
        var held = new List<DbConnection>();
        for (var i = 0; i < 3; i++)
        {
            held.Add(await source.Open());
        }
        var nodes = new List<int>();
        foreach (var connection in held)
        {
            nodes.Add(NodeOf(await source.SelectTagged(connection)));
            await source.Flavor.Close(connection);
        }
        Assert.Equal([1, 2, 3], nodes.Order());
        await _server.StopNodeAsync(1);
        // every connection handed out now works at once: none is the dead session on node 1
        for (var i = 0; i < 6; i++)
        {
            await using var connection = await source.Open();
            Assert.Equal(ConnectionState.Open, connection.State);
            Assert.NotEqual(1, NodeOf(await source.SelectTagged(connection)));
        }
        // the data source's topology no longer has node 1 up (the live nodes' listings leave it out, or it is marked down)
        Assert.DoesNotContain(source.Nodes, n => n.Port == _server.Node(1).Port && n.IsUp);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ASessionIdleLongerThanThePingTimeIsCheckedBeforeItIsHandedOut(string name)
    {
        await using var source = ScaleOutSource.Build(name, Pooled(Endpoints(2), "Connection Idle Ping Time=1"));
        await using (var connection = await source.Open())
        {
            await source.SelectTagged(connection);
        }
        _server.ClearExecutions();
        // at once: no check
        await using (var connection = await source.Open())
        {
            await source.SelectTagged(connection);
        }
        Assert.Empty(_server.NodesThatExecuted("FROM DUMMY WHERE 1 = 0"));
        await Task.Delay(1300);
        await using (var connection = await source.Open())
        {
            Assert.Equal([2], _server.NodesThatExecuted("FROM DUMMY WHERE 1 = 0"));
            await source.SelectTagged(connection);
        }
        // a session that breaks at the check is not handed out: another one is (on node 2 or, node 2 being marked down
        // by the broken check, on a node the topology listed), and it works
        int broken;
        await using (var connection = await source.Open())
        {
            broken = source.Flavor.ConnectionId(connection);
            await source.Flavor.Close(connection);
            _server.Faults.ForConnection(broken, new SessionFaults { DropAt = FaultPoint.Execute });
        }
        await Task.Delay(1300);
        _server.ClearExecutions();
        await using (var connection = await source.Open())
        {
            Assert.NotEqual(broken, source.Flavor.ConnectionId(connection));
            Assert.Equal(ConnectionState.Open, connection.State);
            await source.SelectTagged(connection);
        }
        Assert.Equal([2], _server.NodesThatExecuted("FROM DUMMY WHERE 1 = 0"));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task TheSocketHasTcpKeepAliveAsTheKeysSay(string name)
    {
        var flavor = Flavor.Get(name);
        var text = $"Server={Endpoints(1)};UserName=SYSTEM;Password={Server.DefaultPassword};Pooling=false";
        await using (var connection = await flavor.Open(text))
        {
            var socket = ScaleOutSource.SocketOf(connection);
            Assert.NotEqual(0, (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
            Assert.Equal(30, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!);
            Assert.Equal(10, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval)!);
            Assert.Equal(3, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)!);
        }
        await using (var connection = await flavor.Open(text + ";tcpKeepAliveIdle=7;tcpKeepAliveInterval=2;tcpKeepAliveCount=5"))
        {
            var socket = ScaleOutSource.SocketOf(connection);
            Assert.Equal(7, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!);
            Assert.Equal(2, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval)!);
            Assert.Equal(5, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)!);
        }
        await using (var connection = await flavor.Open(text + ";tcpKeepAlive=false"))
        {
            Assert.Equal(0, (int)ScaleOutSource.SocketOf(connection).GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
        }
    }
}
