using System.Data.Common;
using Server = Driver.TestServer.TestServer;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// A test server per test, and the check every driver test ends with: on a fresh connection, SYS.M_PREPARED_STATEMENTS
/// and SYS.M_RESULT_SETS hold no row of any connection the test opened.
/// </summary>
public abstract class DriverTestBase : IAsyncLifetime
{
    protected const string DefaultPassword = Server.DefaultPassword;

    private readonly List<int> _connectionIds = new();
    private readonly List<DbConnection> _connections = new();

    protected Server Server { get; private set; } = null!;

    protected string ConnectionString => Server.ConnectionString;

    public async Task InitializeAsync() => Server = await Server.StartAsync();

    public async Task DisposeAsync()
    {
        try
        {
            await AssertNoServerResourcesAsync();
        }
        finally
        {
            await Server.DisposeAsync();
        }
    }

    /// <summary>Opens a connection with the flavor and remembers its id for the final check.</summary>
    protected async Task<DbConnection> Open(Flavor flavor, string? extra = null)
    {
        var connection = await flavor.Open(extra is null ? ConnectionString : $"{ConnectionString};{extra}");
        _connectionIds.Add(flavor.ConnectionId(connection));
        _connections.Add(connection);
        return connection;
    }

    /// <summary>
    /// Closes the idle sessions of both flavors' pools whose connection string names <paramref name="port"/> (this test's
    /// server); other tests' pools, on other ports, are left alone. The registry is internal to each driver, hence reflection.
    /// </summary>
    protected static void ClearPoolsOf(int port)
    {
        foreach (var driver in new[] { typeof(global::Driver.Sync.HanaConnection).Assembly, typeof(global::Driver.Async.HanaConnection).Assembly })
        {
            var registry = driver.GetType("Driver.Core.Session.ConnectionPoolRegistry", throwOnError: true)!;
            var pools = (System.Collections.IDictionary)registry.GetField("s_pools", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null)!;
            foreach (System.Collections.DictionaryEntry pool in pools)
            {
                if (System.Text.RegularExpressions.Regex.IsMatch((string)pool.Key, $":{port}(?![0-9])"))
                {
                    pool.Value!.GetType().GetMethod("Clear", Type.EmptyTypes)!.Invoke(pool.Value, null);
                }
            }
        }
    }

    /// <summary>Rows of the monitoring views that belong to the given connections (queried on a fresh Sync connection).</summary>
    protected long ServerResourcesOf(params int[] connectionIds)
    {
        if (connectionIds.Length == 0)
        {
            return 0;
        }
        using var connection = new global::Driver.Sync.HanaConnection(ConnectionString);
        connection.Open();
        var ids = string.Join(",", connectionIds);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT (SELECT COUNT(*) FROM SYS.M_PREPARED_STATEMENTS WHERE CONNECTION_ID IN ({ids})) + (SELECT COUNT(*) FROM SYS.M_RESULT_SETS WHERE CONNECTION_ID IN ({ids})) FROM DUMMY";
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private async Task AssertNoServerResourcesAsync()
    {
        var ids = _connectionIds.ToArray();
        // pooled sessions keep prepared statements on purpose (the per-session statement cache, statementCacheSize):
        // the test's connections go back to the pool and this server's pools are closed first, so what remains is a leak
        foreach (var connection in _connections)
        {
            try
            {
                connection.Close();
            }
            catch (Exception)
            {
                // a connection the test broke on purpose: the server dropped its session
            }
        }
        ClearPoolsOf(Server.Port);
        // a session whose socket was dropped is cleaned up by the server's own task: give it a moment
        var deadline = DateTime.UtcNow.AddSeconds(5);
        long count;
        while ((count = ServerResourcesOf(ids)) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.True(count == 0, $"{count} prepared statements / result sets of connections {string.Join(",", ids)} are left on the server.");
    }
}
