using Driver.Tests.PublicApi;
using Driver.TestServer;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.ScaleOut;

/// <summary>
/// HanaDataSource.Topology (docs/scale-out.md) against a 3-node test server over real sockets, both flavors: the
/// nodes a CONNECT reply lists, a node that fails to connect marked down, a stopped node gone from the next listing,
/// the master role moved, and the node back once it is started again.
/// </summary>
public sealed class DataSourceTopologyTests : IAsyncLifetime
{
    private Server _server = null!;

    public async Task InitializeAsync() => _server = await Server.StartAsync(new TestServerOptions { Nodes = 3 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private sealed record Node(int Port, int VolumeId, bool IsMaster, bool IsUp, double LoadFactor);

    /// <summary>Opens and closes one unpooled connection of a data source on <paramref name="server"/>; returns the snapshot after it (and its version).</summary>
    private static async Task<(List<Node> Nodes, long Version, Exception? Failure)> OpenOnce(string flavor, object dataSource)
    {
        Exception? failure = null;
        if (flavor == "Sync")
        {
            var source = (global::Driver.Sync.HanaDataSource)dataSource;
            try
            {
                using var connection = source.OpenConnection();
            }
            catch (global::Driver.Sync.HanaConnectionException exception)
            {
                failure = exception;
            }
            return (source.Topology.Nodes.Select(n => new Node(n.Port, n.VolumeId, n.IsMaster, n.IsUp, n.LoadFactor)).ToList(), source.Topology.Version, failure);
        }
        var asyncSource = (global::Driver.Async.HanaDataSource)dataSource;
        try
        {
            await using var connection = await asyncSource.OpenConnectionAsync();
        }
        catch (global::Driver.Async.HanaConnectionException exception)
        {
            failure = exception;
        }
        return (asyncSource.Topology.Nodes.Select(n => new Node(n.Port, n.VolumeId, n.IsMaster, n.IsUp, n.LoadFactor)).ToList(), asyncSource.Topology.Version, failure);
    }

    private object DataSource(string flavor, params int[] nodes)
    {
        var text = $"Server={string.Join(",", nodes.Select(k => $"{_server.Node(k).Host}:{_server.Node(k).Port}"))};UserName=SYSTEM;Password={Server.DefaultPassword};Pooling=false";
        return flavor == "Sync" ? new global::Driver.Sync.HanaDataSource(text) : new global::Driver.Async.HanaDataSource(text);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task TheSnapshotFollowsTheNodes(string name)
    {
        var viaNode2 = DataSource(name, 2);
        var viaNode1 = DataSource(name, 1);
        Assert.Empty(name == "Sync" ? ((global::Driver.Sync.HanaDataSource)viaNode2).Topology.Nodes : ((global::Driver.Async.HanaDataSource)viaNode2).Topology.Nodes);
        _server.SetLoadFactor(3, 0.25);

        var (nodes, first, failure) = await OpenOnce(name, viaNode2);
        Assert.Null(failure);
        Assert.Equal(_server.Nodes.Select(n => n.Port), nodes.Select(n => n.Port));
        Assert.Equal([1, 2, 3], nodes.Select(n => n.VolumeId));
        Assert.Equal([true, false, false], nodes.Select(n => n.IsMaster));
        Assert.All(nodes, n => Assert.True(n.IsUp));
        Assert.Equal(0.25, nodes[2].LoadFactor);

        // node 1 stops: a data source that tries it sees it fail and marks it down
        await _server.StopNodeAsync(1);
        (nodes, _, failure) = await OpenOnce(name, viaNode1);
        Assert.NotNull(failure);
        Assert.Empty(nodes); // that data source never opened: nothing listed to mark
        (nodes, var afterListing, _) = await OpenOnce(name, viaNode2);
        Assert.True(afterListing > first, $"version {afterListing} after {first}");
        // node 2's CONNECT reply no longer lists node 1, and names node 2 the master
        Assert.Equal([_server.Node(2).Port, _server.Node(3).Port], nodes.Select(n => n.Port));
        Assert.Equal([true, false], nodes.Select(n => n.IsMaster));

        // the failure is seen on a data source that knows the node: it is kept, marked down
        var viaBoth = DataSource(name, 1, 2);
        _server.StartNode(1);
        (nodes, _, _) = await OpenOnce(name, viaBoth);
        Assert.Equal(3, nodes.Count);
        await _server.StopNodeAsync(1);
        (nodes, _, failure) = await OpenOnce(name, viaBoth);
        Assert.Null(failure);
        // node 1 failed, then node 2 answered with the two live nodes
        Assert.Equal([_server.Node(2).Port, _server.Node(3).Port], nodes.Select(n => n.Port));

        // back: the next listing has it again, not as master
        _server.StartNode(1);
        (nodes, _, _) = await OpenOnce(name, viaNode2);
        Assert.Equal([1, 2, 3], nodes.Select(n => n.VolumeId).Order());
        Assert.False(nodes.Single(n => n.VolumeId == 1).IsMaster);
        (viaNode1 as IDisposable)?.Dispose();
        (viaNode2 as IDisposable)?.Dispose();
        (viaBoth as IDisposable)?.Dispose();
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ANodeThatFailsIsMarkedDownInTheSnapshot(string name)
    {
        var source = DataSource(name, 3, 2);
        var (nodes, _, failure) = await OpenOnce(name, source);
        Assert.Null(failure);
        Assert.Equal(3, nodes.Count);
        await _server.StopNodeAsync(3);
        // the open tries node 3 (refused: marked down), then node 2, whose listing drops node 3 altogether
        (nodes, var version, failure) = await OpenOnce(name, source);
        Assert.Null(failure);
        Assert.DoesNotContain(nodes, n => n.VolumeId == 3);
        // with node 2 down too the open fails, and node 2 is marked down in the snapshot it left
        await _server.StopNodeAsync(2);
        (nodes, var after, failure) = await OpenOnce(name, source);
        Assert.NotNull(failure);
        Assert.False(nodes.Single(n => n.VolumeId == 2).IsUp);
        Assert.True(after > version);
        (source as IDisposable)?.Dispose();
    }
}
