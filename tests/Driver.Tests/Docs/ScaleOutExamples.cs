using Driver.TestServer;

namespace Driver.Tests.Docs;

/// <summary>
/// The examples of docs/scale-out.md: the markdown quotes the regions of this file verbatim (checked by
/// <see cref="ScaleOutExampleTests"/>), and each runs against the test server.
/// </summary>
public static class ScaleOutExamples
{
    #region tenant-sync
    public static string TenantSync(string systemDatabase, string password)
    {
        // Server names the system database's SQL port; the open asks it where tenant B is served (DBCONNECTINFO)
        // and signs in there
        using var connection = new Driver.Sync.HanaConnection($"Server={systemDatabase};databaseName=B;UserName=SYSTEM;Password={password}");
        connection.Open();
        using var command = new Driver.Sync.HanaCommand("SELECT DATABASE_NAME FROM SYS.M_DATABASE", connection);
        return (string)command.ExecuteScalar()!;
    }
    #endregion

    #region tenant-async
    public static async Task<string> TenantAsync(string systemDatabase, string password)
    {
        var builder = new Driver.Async.HanaConnectionStringBuilder { Server = systemDatabase, DatabaseName = "B", UserName = "SYSTEM", Password = password };
        await using var connection = new Driver.Async.HanaConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Driver.Async.HanaCommand("SELECT DATABASE_NAME FROM SYS.M_DATABASE", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
    #endregion

    #region host-selection
    public static string? PrimaryFirst(string servers, string password)
    {
        // unpooled sessions open on the master the topology names (the list's order until one is known); a node that
        // refuses is passed over for the next
        using var dataSource = Driver.Sync.HanaDataSource.CreateBuilder($"Server={servers};UserName=SYSTEM;Password={password};Pooling=false")
            .UseHostSelectionPolicy(Driver.Sync.HanaHostSelection.PrimaryFirst())
            .Build();
        using (dataSource.OpenConnection())
        {
        }
        return dataSource.Topology.Master?.Endpoint;
    }
    #endregion

    #region least-loaded
    public static string LeastLoaded(string servers, string password)
    {
        // the first open learns the topology (each node's LoadFactor); later opens go to the least-loaded node first
        using var dataSource = Driver.Sync.HanaDataSource.CreateBuilder($"Server={servers};UserName=SYSTEM;Password={password};Pooling=false")
            .UseHostSelectionPolicy(Driver.Sync.HanaHostSelection.LeastLoaded())
            .Build();
        using (dataSource.OpenConnection())
        {
        }
        using var connection = dataSource.OpenConnection();
        return connection.DataSource;   // host:port of the node with the lowest load
    }
    #endregion

    #region location-aware
    public static async Task<int> LocationAwareInsert(string servers, string password)
    {
        // a routed statement goes to the node holding its table (TABLELOCATION, Distribution=Statement); connections
        // open, and statements without a table location run, where the fallback (here LeastLoaded) says
        await using var dataSource = Driver.Async.HanaDataSource.CreateBuilder($"Server={servers};UserName=SYSTEM;Password={password};Distribution=Statement")
            .UseHostSelectionPolicy(Driver.Async.HanaHostSelection.LocationAware(Driver.Async.HanaHostSelection.LeastLoaded()))
            .Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var insert = new Driver.Async.HanaCommand("INSERT INTO LOCATED_ORDERS VALUES (?)", connection);
        insert.Parameters.Add(new Driver.Async.HanaParameter { Value = 7 });
        return await insert.ExecuteNonQueryAsync();   // ran on the node that holds LOCATED_ORDERS
    }
    #endregion

    #region host-selection-custom
    /// <summary>A policy of one's own: the node with the highest volume id first, the default order after it.</summary>
    public sealed class HighestVolumeFirst : Driver.Async.IHanaHostSelectionPolicy
    {
        public Driver.Async.HanaNode? Node(Driver.Async.HanaQueryInfo query, int attempt) =>
            attempt == 0 ? query.Candidates.OrderByDescending(node => node.VolumeId).FirstOrDefault() : null;
    }

    public static async Task<int> HighestVolume(string servers, string password)
    {
        await using var dataSource = Driver.Async.HanaDataSource.CreateBuilder($"Server={servers};UserName=SYSTEM;Password={password};Pooling=false")
            .UseHostSelectionPolicy(new HighestVolumeFirst())
            .Build();
        await using (await dataSource.OpenConnectionAsync())
        {
        }
        return dataSource.Topology.Nodes.Max(node => node.VolumeId);
    }
    #endregion

    #region pooled-host-selection
    public static async Task<int> PooledRoundRobin(string servers, string password)
    {
        // pooled sessions spread over the nodes: each new session of the pool opens on the next node the policy names
        // (the Server endpoints and the nodes the topology listed); a node seen to die is skipped until it is back
        await using var dataSource = Driver.Async.HanaDataSource.CreateBuilder($"Server={servers};UserName=SYSTEM;Password={password}")
            .UseHostSelectionPolicy(Driver.Async.HanaHostSelection.RoundRobin())
            .Build();
        var nodes = new HashSet<string>();
        var held = new List<Driver.Async.HanaConnection>();
        for (var i = 0; i < 3; i++)
        {
            held.Add(await dataSource.OpenConnectionAsync());   // held: each needs a session of its own
            nodes.Add(held[^1].DataSource);
        }
        foreach (var connection in held)
        {
            await connection.DisposeAsync();
        }
        return nodes.Count;
    }
    #endregion

    #region statement-retry
    public static int RetriedUpdate(string servers, string password)
    {
        using var dataSource = Driver.Sync.HanaDataSource.CreateBuilder($"Server={servers};UserName=SYSTEM;Password={password}").Build();
        using var connection = dataSource.OpenConnection();
        // a query is repeated on another node when its connection breaks (HanaRetry.Default); a write only when the
        // caller says it may run twice
        using var command = new Driver.Sync.HanaCommand("UPDATE SCALE_OUT_DOC SET V = 5 WHERE ID = 1", connection) { IsIdempotent = true };
        return command.ExecuteNonQuery();
    }
    #endregion

    #region test-server-nodes
    public static async Task<IReadOnlyList<int>> TestServerNodes()
    {
        var options = new TestServerOptions { Nodes = 3 };
        options.Tenants.AddRange(["A", "B"]);
        await using var server = await Driver.TestServer.TestServer.StartAsync(options);
        server.PlaceTable("ORDERS", 2);           // PREPARE of a statement on ORDERS reports node 2's volume (TABLELOCATION)
        await server.StopNodeAsync(1);            // node 1's listener and sessions go; node 2 becomes the master
        var hosts = string.Join(",", server.Nodes.Select(node => $"{node.Host}:{node.Port}"));
        using (var connection = new Driver.Sync.HanaConnection($"Server={hosts};UserName=SYSTEM;Password={Driver.TestServer.TestServer.DefaultPassword};Pooling=false"))
        {
            connection.Open();                    // node 1 refuses: the next host of the list
            using var command = new Driver.Sync.HanaCommand("SELECT 1 AS WHERE_AM_I FROM DUMMY", connection);
            command.ExecuteScalar();
        }
        server.StartNode(1);                      // back on its port, as a non-master
        return server.NodesThatExecuted("WHERE_AM_I"); // [2]
    }
    #endregion

    #region retry-policy
    /// <summary>
    /// A retry policy of one's own: the first failed attempt is made once more on the same node (a node restarting
    /// may be back), every later one goes on to the next node; what the server answered is never repeated.
    /// </summary>
    public sealed class SecondChance : Driver.Sync.IHanaRetryPolicy
    {
        public Driver.Sync.IHanaRetryDecider NewDecider() => new Decider();

        // one decider per open, discarded after it: it may count without a lock
        private sealed class Decider : Driver.Sync.IHanaRetryDecider
        {
            public Driver.Sync.HanaRetryDecision Decide(Driver.Sync.HanaRetryInfo info) =>
                info.Failure == Driver.Sync.HanaRetryFailure.ServerError ? Driver.Sync.HanaRetryDecision.DontRetry
                : info.Attempt == 1 ? Driver.Sync.HanaRetryDecision.RetrySameNode
                : Driver.Sync.HanaRetryDecision.RetryNextNode;
        }
    }

    public static string OpenWithSecondChance(string servers, string password)
    {
        using var dataSource = Driver.Sync.HanaDataSource.CreateBuilder($"Server={servers};UserName=SYSTEM;Password={password};Pooling=false")
            .UseRetryPolicy(new SecondChance())
            .Build();
        using var connection = dataSource.OpenConnection();
        return connection.DataSource;   // the node the open reached: "host:port"
    }
    #endregion

    #region statement-routing
    public static async Task<int> RoutedInsert(string server, string password)
    {
        // Distribution=Statement: a prepared statement on a table another node holds (its PREPARE reply names that
        // node's volume, TABLELOCATION) runs on a session to that node, opened when first needed and closed with the
        // connection; inside a transaction it stays on the connection's own session
        await using var connection = new Driver.Async.HanaConnection($"Server={server};UserName=SYSTEM;Password={password};Distribution=Statement");
        await connection.OpenAsync();
        await using var insert = new Driver.Async.HanaCommand("INSERT INTO ROUTED_ORDERS VALUES (?)", connection);
        insert.Parameters.Add(new Driver.Async.HanaParameter { Value = 42 });
        return await insert.ExecuteNonQueryAsync();   // ran on the node that holds ROUTED_ORDERS
    }
    #endregion
}
