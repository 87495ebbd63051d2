using System.Data.Common;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// CLIENTINFO (§6.8), both flavors: the connection string's values and SetClientInfo reach the server with the next
/// statement and read back through SESSION_CONTEXT; the pool's reset puts the connection string's values back.
/// </summary>
public class ClientInfoTests : DriverTestBase
{
    private static void Set(DbConnection connection, string key, string? value)
    {
        if (connection is global::Driver.Sync.HanaConnection sync)
        {
            sync.SetClientInfo(key, value);
        }
        else
        {
            ((global::Driver.Async.HanaConnection)connection).SetClientInfo(key, value);
        }
    }

    private static IReadOnlyDictionary<string, string> Info(DbConnection connection) =>
        connection is global::Driver.Sync.HanaConnection sync ? sync.ClientInfo : ((global::Driver.Async.HanaConnection)connection).ClientInfo;

    private static async Task<string?> Context(Flavor flavor, DbConnection connection, string key) =>
        await flavor.Scalar(connection, $"SELECT SESSION_CONTEXT('{key}') FROM DUMMY") as string;

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ConnectionStringValuesAndSetClientInfoReachTheSession(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor, "Pooling=false;Application Name=ledger;sessionVariable:APPLICATIONVERSION=1.2;sessionVariable:TRACE_TAG=x'y");
        Assert.Equal("ledger", await Context(flavor, connection, "APPLICATION"));
        Assert.Equal("1.2", await Context(flavor, connection, "APPLICATIONVERSION"));
        Assert.Equal("x'y", await Context(flavor, connection, "TRACE_TAG"));
        Assert.Null(await Context(flavor, connection, "APPLICATIONUSER"));

        Set(connection, "APPLICATIONUSER", "alice");
        Set(connection, "APPLICATIONSOURCE", "Ledger.cs:42");
        Assert.Equal("alice", Info(connection)["APPLICATIONUSER"]);
        // sent with the next statement: no round trip of its own
        var before = ((dynamic)connection).GetStatistics().RoundTrips;
        Assert.Equal("alice", await Context(flavor, connection, "APPLICATIONUSER"));
        Assert.Equal(1L, (long)(((dynamic)connection).GetStatistics().RoundTrips - before));
        Assert.Equal("Ledger.cs:42", await Context(flavor, connection, "APPLICATIONSOURCE"));

        // unset, and a change after a prepared statement
        Set(connection, "APPLICATIONUSER", null);
        Assert.False(Info(connection).ContainsKey("APPLICATIONUSER"));
        Assert.Null(await Context(flavor, connection, "APPLICATIONUSER"));
        Set(connection, "APPLICATION", "ledger-2");
        Assert.Equal("ledger-2", await flavor.Scalar(connection, "SELECT SESSION_CONTEXT(?) FROM DUMMY", "APPLICATION"));
        Assert.Throws<ArgumentException>(() => Set(connection, "", "x"));
        await flavor.Close(connection);
        Assert.Throws<InvalidOperationException>(() => Set(connection, "APPLICATIONUSER", "bob"));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ThePoolsResetClearsWhatARenterSet(string name)
    {
        var flavor = Flavor.Get(name);
        const string pooled = "Max Pool Size=1;Application Name=pooled-app";
        var first = await Open(flavor, pooled);
        var id = flavor.ConnectionId(first);
        Set(first, "APPLICATIONUSER", "alice");
        Set(first, "APPLICATION", "renamed");
        Assert.Equal("alice", await Context(flavor, first, "APPLICATIONUSER"));
        Assert.Equal("renamed", await Context(flavor, first, "APPLICATION"));
        await flavor.Close(first);

        var second = await Open(flavor, pooled);
        Assert.Equal(id, flavor.ConnectionId(second));
        Assert.Equal(new Dictionary<string, string> { ["APPLICATION"] = "pooled-app" }, Info(second));
        Assert.Null(await Context(flavor, second, "APPLICATIONUSER"));
        Assert.Equal("pooled-app", await Context(flavor, second, "APPLICATION"));
        await flavor.Close(second);
    }
}
