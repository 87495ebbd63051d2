using System.Data;
using Driver.TestServer;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

public class FailureTests : DriverTestBase
{
    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ADroppedSocketDuringAFetchBreaksTheConnectionForGood(string name)
    {
        var flavor = Flavor.Get(name);
        Server.Faults.ForNextConnection(new SessionFaults { DropAt = FaultPoint.Fetch });
        var connection = await Open(flavor, "FetchSize=100");
        using var command = flavor.Command(connection, "SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 1000)");
        var reader = await flavor.ExecuteReader(command);
        var rows = 0;
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            while (await flavor.Read(reader))
            {
                rows++;
            }
        });
        Assert.IsType(flavor.ConnectionExceptionType, error);
        Assert.Equal(100, rows);
        Assert.Equal(ConnectionState.Broken, connection.State);
        await flavor.CloseReader(reader);

        // never used again: every operation fails at once, without touching the network
        var again = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Execute(connection, "SELECT * FROM DUMMY"));
        Assert.IsType(flavor.ConnectionExceptionType, again);
        await flavor.Close(connection);
        Assert.Equal(ConnectionState.Closed, connection.State);

        // the same object opens a new physical connection
        await flavor.Open(connection);
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task CommandTimeoutGivesUpTheConnection(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        Server.Faults.ForConnection(flavor.ConnectionId(connection), new SessionFaults { StallReply = TimeSpan.FromSeconds(4), StallCount = 1 });
        using var command = flavor.Command(connection, "SELECT * FROM DUMMY");
        command.CommandTimeout = 1;
        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.ExecuteScalar(command));
        Assert.IsType(flavor.ConnectionExceptionType, error);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3.5), "the timeout, not the stalled reply, ended the call");
        Assert.Equal(ConnectionState.Broken, connection.State);
        await flavor.Close(connection);
    }

    [Fact]
    public async Task CancellingTheTokenEndsAnAsyncCallAndTheConnection()
    {
        await using var connection = new global::Driver.Async.HanaConnection(ConnectionString);
        await connection.OpenAsync();
        Server.Faults.ForConnection(connection.ConnectionId, new SessionFaults { StallReply = TimeSpan.FromSeconds(4), StallCount = 1 });
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM DUMMY";
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAnyAsync<Exception>(() => command.ExecuteScalarAsync(cancellation.Token));
        Assert.True(error is OperationCanceledException or global::Driver.Async.HanaConnectionException, error.GetType().Name);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3), "the token, not the stalled reply, ended the call");
        Assert.Equal(ConnectionState.Broken, connection.State);
    }
}
