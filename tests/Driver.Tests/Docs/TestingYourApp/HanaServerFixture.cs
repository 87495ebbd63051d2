using Driver.TestServer;

namespace Driver.Tests.Docs.TestingYourApp;

// docs/testing-your-app.md quotes the region verbatim (TestingYourAppDocTests)
#region fixture
public sealed class HanaServerFixture : IAsyncLifetime
{
    public HanaTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await HanaTestServer.StartAsync();      // a free loopback port, an empty in-memory database
        await using var connection = new Driver.Async.HanaConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Driver.Async.HanaCommand(
            "CREATE TABLE ORDERS (ID INTEGER PRIMARY KEY, CUSTOMER NVARCHAR(40) NOT NULL, TOTAL DECIMAL(10, 2))", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
#endregion
