using Driver.Tests.Support;
using Driver.TestServer;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.Docs;

/// <summary>docs/scale-out.md quotes <c>ScaleOutExamples.cs</c> region by region, and every example runs.</summary>
public class ScaleOutExampleTests
{
    private static readonly QuotedExamples Doc = new("ScaleOutExamples.cs", "scale-out.md");

    public static TheoryData<string> Regions() => Doc.Regions();

    [Theory]
    [MemberData(nameof(Regions))]
    public void TheMarkdownQuotesEachRegionVerbatim(string region) => Doc.AssertQuoted(region);

    [Fact]
    public async Task TheExamplesRun()
    {
        var options = new TestServerOptions { Nodes = 2 };
        options.Tenants.AddRange(["A", "B"]);
        await using var server = await Server.StartAsync(options);
        var systemDatabase = $"{server.SystemDatabase!.Host}:{server.SystemDatabase.Port}";
        Assert.Equal("B", ScaleOutExamples.TenantSync(systemDatabase, Server.DefaultPassword));
        Assert.Equal("B", await ScaleOutExamples.TenantAsync(systemDatabase, Server.DefaultPassword));
        var nodes = string.Join(",", server.Nodes.Select(node => $"{node.Host}:{node.Port}"));
        Assert.Equal($"{server.Node(1).Host}:{server.Node(1).Port}", ScaleOutExamples.PrimaryFirst(nodes, Server.DefaultPassword));
        Assert.Equal(2, await ScaleOutExamples.HighestVolume(nodes, Server.DefaultPassword));
        Assert.Equal([2], await ScaleOutExamples.TestServerNodes());
    }

    [Fact]
    public async Task ThePooledAndStatementRetryExamplesRun()
    {
        await using var server = await Server.StartAsync(new TestServerOptions { Nodes = 3 });
        var nodes = string.Join(",", server.Nodes.Select(node => $"{node.Host}:{node.Port}"));
        Assert.Equal(3, await ScaleOutExamples.PooledRoundRobin(nodes, Server.DefaultPassword));
        using (var setup = new Driver.Sync.HanaConnection($"Server={nodes};UserName=SYSTEM;Password={Server.DefaultPassword};Pooling=false"))
        {
            setup.Open();
            using var create = new Driver.Sync.HanaCommand("CREATE TABLE SCALE_OUT_DOC (ID INTEGER, V INTEGER)", setup);
            create.ExecuteNonQuery();
            using var insert = new Driver.Sync.HanaCommand("INSERT INTO SCALE_OUT_DOC VALUES (1, 0)", setup);
            insert.ExecuteNonQuery();
        }
        // the first node drops the connection after running the UPDATE: it is run again on a new session (the flag says it may)
        server.Faults.ForNextConnection(new SessionFaults { DropAt = FaultPoint.Execute });
        Assert.Equal(1, ScaleOutExamples.RetriedUpdate(nodes, Server.DefaultPassword));
        Assert.Equal(2, server.NodesThatExecuted("UPDATE SCALE_OUT_DOC").Count);
    }

    [Fact]
    public async Task TheLeastLoadedAndLocationAwareExamplesRun()
    {
        await using var server = await Server.StartAsync(new TestServerOptions { Nodes = 3 });
        var nodes = string.Join(",", server.Nodes.Select(node => $"{node.Host}:{node.Port}"));
        // node 3 reports the lowest load: the second open lands there, not on the first endpoint
        server.SetLoadFactor(1, 0.9);
        server.SetLoadFactor(2, 0.6);
        server.SetLoadFactor(3, 0.1);
        Assert.Equal($"{server.Node(3).Host}:{server.Node(3).Port}", ScaleOutExamples.LeastLoaded(nodes, Server.DefaultPassword));
        server.PlaceTable("LOCATED_ORDERS", 2);
        using (var connection = new Driver.Sync.HanaConnection($"Server={nodes};UserName=SYSTEM;Password={Server.DefaultPassword};Pooling=false"))
        {
            connection.Open();
            using var create = new Driver.Sync.HanaCommand("CREATE TABLE LOCATED_ORDERS (ID INTEGER)", connection);
            create.ExecuteNonQuery();
        }
        Assert.Equal(1, await ScaleOutExamples.LocationAwareInsert(nodes, Server.DefaultPassword));
        // the table's node ran it, not the least-loaded node the connection opened on
        Assert.Equal([2], server.NodesThatExecuted("INSERT INTO LOCATED_ORDERS"));
    }

    [Fact]
    public async Task TheRetryExampleRunsPastAStoppedNode()
    {
        await using var server = await Server.StartAsync(new TestServerOptions { Nodes = 2 });
        await server.StopNodeAsync(1);
        var nodes = string.Join(",", server.Nodes.Select(node => $"{node.Host}:{node.Port}"));
        // node 1 refuses twice (the second chance, then the next node): the open lands on node 2
        Assert.Equal($"{server.Node(2).Host}:{server.Node(2).Port}", ScaleOutExamples.OpenWithSecondChance(nodes, Server.DefaultPassword));
    }

    [Fact]
    public async Task TheRoutingExampleRunsOnTheNodeThatHoldsTheTable()
    {
        await using var server = await Server.StartAsync(new TestServerOptions { Nodes = 2 });
        server.PlaceTable("ROUTED_ORDERS", 2);
        var node1 = $"{server.Node(1).Host}:{server.Node(1).Port}";
        using (var connection = new Driver.Sync.HanaConnection($"Server={node1};UserName=SYSTEM;Password={Server.DefaultPassword};Pooling=false"))
        {
            connection.Open();
            using var create = new Driver.Sync.HanaCommand("CREATE TABLE ROUTED_ORDERS (ID INTEGER)", connection);
            create.ExecuteNonQuery();
        }
        Assert.Equal(1, await ScaleOutExamples.RoutedInsert(node1, Server.DefaultPassword));
        Assert.Equal([2], server.NodesThatExecuted("INSERT INTO ROUTED_ORDERS"));
    }
}
