using System.Data;
using Driver.TestServer;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// The async flavor arms one reusable timeout source per connection for every round trip (reset, not recreated);
/// these check that a source is never carried over in a cancelled state and that a caller's token still reaches
/// a round trip that also has a Command Timeout. One body for both flavors: the behaviour is the same.
/// </summary>
public class RoundTripTimeoutTests : DriverTestBase
{
    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ManyRoundTripsUnderATimeoutAndACancellableTokenThenAnExpiredTimeoutThenMore(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        using var live = new CancellationTokenSource();
        using var command = flavor.Command(connection, "SELECT * FROM DUMMY");
        command.CommandTimeout = 30;
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal("X", await flavor.ExecuteScalar(command, live.Token));
        }

        // one round trip times out (its source is cancelled and must not be reused) ...
        Server.Faults.ForConnection(flavor.ConnectionId(connection), new SessionFaults { StallReply = TimeSpan.FromMinutes(2), StallCount = 1 });
        command.CommandTimeout = 1;
        var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.ExecuteScalar(command, live.Token));
        Assert.IsType(flavor.HanaExceptionType, error);
        Assert.Contains("Command Timeout", error.Message);

        // ... and the ones after it run under a fresh source, with and without a timeout and a token
        command.CommandTimeout = 30;
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("X", await flavor.ExecuteScalar(command, i % 2 == 0 ? live.Token : CancellationToken.None));
        }
        command.CommandTimeout = 0;
        Assert.Equal("X", await flavor.ExecuteScalar(command, live.Token));
        Assert.Equal(ConnectionState.Open, connection.State);
        await flavor.Close(connection);
    }

    [Fact]
    public async Task ACallersTokenCancelsARoundTripThatAlsoHasACommandTimeoutAndTheNextOneRuns()
    {
        await using var connection = new global::Driver.Async.HanaConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM DUMMY";
        command.CommandTimeout = 600;
        Assert.Equal("X", await command.ExecuteScalarAsync());
        Server.Faults.ForConnection(connection.ConnectionId, new SessionFaults { StallReply = TimeSpan.FromMinutes(2), StallCount = 1 });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => command.ExecuteScalarAsync(cancellation.Token));
        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal("X", await command.ExecuteScalarAsync());
        Assert.Equal("X", await command.ExecuteScalarAsync(CancellationToken.None));
    }
}
