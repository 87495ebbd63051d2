using System.Data;
using Driver.TestServer;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

public class ConnectionTests : DriverTestBase
{
    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task OpensRunsAQueryAndCloses(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.True(flavor.ConnectionId(connection) > 0);
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        await flavor.Close(connection);
        Assert.Equal(ConnectionState.Closed, connection.State);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task WrongPasswordFailsWithCode10AndHidesThePassword(string name)
    {
        var flavor = Flavor.Get(name);
        const string password = "NotTheRightOne42";
        var connectionString = $"Server={Server.Host}:{Server.Port};UserName=SYSTEM;Password={password}";
        var connection = flavor.Create(connectionString);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Open(connection));
        Assert.IsType(flavor.HanaExceptionType, error);
        Assert.Equal(10, flavor.ErrorCode(error));
        Assert.DoesNotContain(password, error.ToString());
        Assert.DoesNotContain(password, connection.ToString());
        Assert.Equal(ConnectionState.Closed, connection.State);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task FailoverTriesTheServerEndpointsInOrder(string name)
    {
        var flavor = Flavor.Get(name);
        // port 1 on loopback refuses the connection; the second endpoint is the test server
        var connectionString = $"Server=127.0.0.1:1,{Server.Host}:{Server.Port};UserName=SYSTEM;Password={DefaultPassword};Connect Timeout=5";
        var connection = await flavor.Open(connectionString);
        Assert.Equal($"{Server.Host}:{Server.Port}", connection.DataSource);
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT DUMMY FROM DUMMY"));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task NoReachableEndpointIsAConnectionException(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = flavor.Create("Server=127.0.0.1:1;UserName=SYSTEM;Password=x;Connect Timeout=5");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Open(connection));
        Assert.IsType(flavor.ConnectionExceptionType, error);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task CurrentSchemaIsSetAfterConnecting(string name)
    {
        var flavor = Flavor.Get(name);
        var setup = await Open(flavor);
        await flavor.Execute(setup, "CREATE SCHEMA APPDATA");
        await flavor.Execute(setup, "CREATE TABLE APPDATA.ITEMS (ID INTEGER)");
        await flavor.Execute(setup, "INSERT INTO APPDATA.ITEMS VALUES (7)");
        await flavor.Close(setup);
        var connection = await Open(flavor, "CurrentSchema=APPDATA");
        Assert.Equal("APPDATA", connection.Database);
        Assert.Equal(7, Convert.ToInt32(await flavor.Scalar(connection, "SELECT ID FROM ITEMS")));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task CompressionOnAndOffGiveTheSameRows(string name)
    {
        var flavor = Flavor.Get(name);
        foreach (var compress in new[] { false, true })
        {
            var connection = await Open(flavor, $"Compress={compress}");
            Assert.Equal(compress, flavor.IsCompressed(connection));
            var rows = await flavor.Query(connection,
                "SELECT GENERATED_PERIOD_START AS N, 'the same text again and again and again' AS T FROM SERIES_GENERATE_INTEGER(1, 0, 5000)");
            Assert.Equal(5000, rows.Count);
            Assert.Equal(Enumerable.Range(0, 5000).Sum(i => (long)i), rows.Sum(row => Convert.ToInt64(row[0])));
            Assert.All(rows, row => Assert.Equal("the same text again and again and again", row[1]));
            await flavor.Close(connection);
        }
    }

    [Fact]
    public void ToStringNeverShowsThePassword()
    {
        var sync = new global::Driver.Sync.HanaConnection("Server=h:1;UserName=U;Password=Secret123");
        var async = new global::Driver.Async.HanaConnection("Server=h:1;UserName=U;Password=Secret123");
        Assert.DoesNotContain("Secret123", sync.ToString());
        Assert.DoesNotContain("Secret123", async.ToString());
        Assert.DoesNotContain("Secret123", new global::Driver.Sync.HanaConnectionStringBuilder("Password=Secret123").ToString());
    }

    [Fact]
    public async Task AsyncFlavorRefusesBlockingCallsWithAHint()
    {
        await using var connection = new global::Driver.Async.HanaConnection(ConnectionString);
        var error = Assert.Throws<NotSupportedException>(() => connection.Open());
        Assert.Contains("OpenAsync", error.Message);
        Assert.Contains("Driver.Sync", error.Message);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM DUMMY";
        Assert.Contains("ExecuteNonQueryAsync", Assert.Throws<NotSupportedException>(() => command.ExecuteNonQuery()).Message);
        Assert.Contains("ExecuteScalarAsync", Assert.Throws<NotSupportedException>(() => command.ExecuteScalar()).Message);
        Assert.Contains("ExecuteReaderAsync", Assert.Throws<NotSupportedException>(() => command.ExecuteReader()).Message);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.Contains("ReadAsync", Assert.Throws<NotSupportedException>(() => reader.Read()).Message);
        Assert.Contains("BeginTransactionAsync", Assert.Throws<NotSupportedException>(() => connection.BeginTransaction()).Message);
    }
}
