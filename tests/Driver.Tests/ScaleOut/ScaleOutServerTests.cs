using System.Diagnostics;
using Driver.Tests.PublicApi;
using Driver.TestServer;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.ScaleOut;

/// <summary>
/// The test server's nodes and tenants (docs/scale-out.md) seen through both drivers over real sockets: the
/// services every node lists, the record of where statements ran, a node stopped and started again, the tenant
/// lookup (DBCONNECTINFO) and the redirect at AUTHENTICATE, and a redirect loop that ends.
/// </summary>
public sealed class ScaleOutServerTests : IAsyncLifetime
{
    private Server _server = null!;

    public async Task InitializeAsync()
    {
        var options = new TestServerOptions { Nodes = 3 };
        options.Tenants.AddRange(["A", "B"]);
        _server = await Server.StartAsync(options);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string At(TestServerNode listener, string? extra = null) =>
        $"Server={listener.Host}:{listener.Port};UserName=SYSTEM;Password={Server.DefaultPassword}" + (extra is null ? string.Empty : ";" + extra);

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task EveryNodeListsTheServicesAndTheMaster(string name)
    {
        var flavor = Flavor.Get(name);
        var node2 = _server.Node(2);
        await using var connection = await flavor.Open(At(node2));
        var rows = await flavor.Query(connection, "SELECT HOST, PORT, SERVICE_NAME, ACTIVE_STATUS, COORDINATOR_TYPE FROM SYS.M_SERVICES ORDER BY PORT");
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.Equal("indexserver", row[2]));
        Assert.All(rows, row => Assert.Equal("YES", row[3]));
        var master = Assert.Single(rows, row => (string?)row[4] == "MASTER");
        Assert.Equal(_server.Node(1).Port, Convert.ToInt32(master[1]));
        Assert.Equal(_server.Nodes.Select(n => n.Port).Order(), rows.Select(row => Convert.ToInt32(row[1])).Order());
        // the nodes serve the first tenant
        Assert.Equal("A", await flavor.Scalar(connection, "SELECT DATABASE_NAME FROM SYS.M_DATABASE"));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task TheServerRecordsTheNodeThatRanAStatement(string name)
    {
        var flavor = Flavor.Get(name);
        await using var connection = await flavor.Open(At(_server.Node(2)));
        var tag = $"{name}_{Guid.NewGuid():N}";
        Assert.Equal(7, Convert.ToInt32(await flavor.Scalar(connection, $"SELECT 7 AS {tag} FROM DUMMY")));
        Assert.Equal([2], _server.NodesThatExecuted(tag));
        Assert.Equal(_server.Node(2).Port, _server.Executions.Last(e => e.Sql.Contains(tag, StringComparison.Ordinal)).Port);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AStoppedNodeIsSkippedAndRejoinsWhenStarted(string name)
    {
        var flavor = Flavor.Get(name);
        // unpooled: each open walks the list (the pool would hand back its idle session on node 2)
        var list = $"Server={string.Join(",", _server.Nodes.Select(n => $"{n.Host}:{n.Port}"))};UserName=SYSTEM;Password={Server.DefaultPassword};Pooling=false";
        await using (var before = await flavor.Open(At(_server.Node(1))))
        {
            await _server.StopNodeAsync(1);
            // its sessions went with it, and the master role moved to node 2
            await Assert.ThrowsAnyAsync<Exception>(() => flavor.Scalar(before, "SELECT 1 FROM DUMMY"));
        }
        Assert.False(_server.Node(1).IsUp);
        Assert.Equal(2, _server.Master!.Number);
        await Assert.ThrowsAsync(flavor.ConnectionExceptionType, () => flavor.Open(At(_server.Node(1))));

        await using (var skipped = await flavor.Open(list))
        {
            var tag = $"skip_{name}_{Guid.NewGuid():N}";
            await flavor.Scalar(skipped, $"SELECT 1 AS {tag} FROM DUMMY");
            Assert.Equal([2], _server.NodesThatExecuted(tag));
            var services = await flavor.Query(skipped, "SELECT PORT, ACTIVE_STATUS, COORDINATOR_TYPE FROM SYS.M_SERVICES ORDER BY VOLUME_ID");
            Assert.Equal(["NO", "YES", "YES"], services.Select(row => (string?)row[1]));
            Assert.Equal("MASTER", services[1][2]);
            await flavor.Close(skipped);
        }

        _server.StartNode(1);
        await using (var rejoined = await flavor.Open(list))
        {
            var tag = $"rejoin_{name}_{Guid.NewGuid():N}";
            await flavor.Scalar(rejoined, $"SELECT 1 AS {tag} FROM DUMMY");
            Assert.Equal([1], _server.NodesThatExecuted(tag));
            Assert.Equal(3L, Convert.ToInt64(await flavor.Scalar(rejoined, "SELECT COUNT(*) FROM SYS.M_SERVICES WHERE ACTIVE_STATUS = 'YES'")));
            await flavor.Close(rejoined);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task DatabaseNameIsLookedUpOnTheSystemDatabasePort(string name)
    {
        var flavor = Flavor.Get(name);
        var systemDatabase = _server.SystemDatabase!;
        foreach (var (tenant, port) in new[] { ("B", _server.Listeners.Single(l => l.Role == TestServerRole.Tenant).Port), ("A", _server.Node(1).Port), ("SYSTEMDB", systemDatabase.Port) })
        {
            await using var connection = await flavor.Open(At(systemDatabase, $"databaseName={tenant}"));
            Assert.Equal(tenant, await flavor.Scalar(connection, "SELECT DATABASE_NAME FROM SYS.M_DATABASE"));
            var tag = $"tenant_{tenant}_{name}_{Guid.NewGuid():N}";
            await flavor.Scalar(connection, $"SELECT 1 AS {tag} FROM DUMMY");
            Assert.Equal(port, _server.Executions.Single(e => e.Sql.Contains(tag, StringComparison.Ordinal)).Port);
            await flavor.Close(connection);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AnUnknownTenantIsRefusedByTheServer(string name)
    {
        var flavor = Flavor.Get(name);
        var exception = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Open(At(_server.SystemDatabase!, "databaseName=NOPE")));
        Assert.IsAssignableFrom(flavor.HanaExceptionType, exception);
        Assert.Equal(10, flavor.ErrorCode(exception));
        Assert.Contains("NOPE", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task TheRedirectAtAuthenticateIsFollowed(string name)
    {
        var flavor = Flavor.Get(name);
        var systemDatabase = _server.SystemDatabase!;
        systemDatabase.RedirectsTo = _server.Listeners.Single(l => l.Role == TestServerRole.Tenant);
        await using var connection = await flavor.Open(At(systemDatabase));
        Assert.Equal("B", await flavor.Scalar(connection, "SELECT DATABASE_NAME FROM SYS.M_DATABASE"));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ARedirectLoopEndsAfterOneRedirect(string name)
    {
        var flavor = Flavor.Get(name);
        _server.Node(2).RedirectsTo = _server.Node(3);
        _server.Node(3).RedirectsTo = _server.Node(2);
        var stopwatch = Stopwatch.StartNew();
        var exception = await Assert.ThrowsAsync(flavor.ConnectionExceptionType, () => flavor.Open(At(_server.Node(2))));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"the open took {stopwatch.Elapsed}");
        Assert.Contains("more than once", exception.Message, StringComparison.Ordinal);
        Assert.Contains($":{_server.Node(3).Port}", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task WithEveryNodeDownTheOpenFailsWithinTheConnectTimeout(string name)
    {
        var flavor = Flavor.Get(name);
        var list = $"Server={string.Join(",", _server.Nodes.Select(n => $"{n.Host}:{n.Port}"))};UserName=SYSTEM;Password={Server.DefaultPassword};Connect Timeout=5";
        foreach (var node in _server.Nodes)
        {
            await _server.StopNodeAsync(node.Number);
        }
        var stopwatch = Stopwatch.StartNew();
        await Assert.ThrowsAsync(flavor.ConnectionExceptionType, () => flavor.Open(list));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(16), $"the open took {stopwatch.Elapsed}");
    }
}
