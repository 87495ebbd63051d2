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
        return connection;
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
