using System.Data;
using Driver.TestServer;

namespace Driver.Tests.PublicApi;

/// <summary>Cancelling while a result set is being paged through: the FETCHNEXT is cancelled on the server.</summary>
public class FetchCancellationTests : DriverTestBase
{
    private const string Series = "SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 100000)";

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task CommandTimeoutDuringAFetchCancelsAndKeepsTheConnection(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor, "FetchSize=100");
        var command = flavor.Command(connection, Series);
        command.CommandTimeout = 1;
        var reader = await flavor.ExecuteReader(command);
        // the first page is here; from now on every reply stalls far beyond the timeout
        Server.Faults.ForConnection(flavor.ConnectionId(connection), new SessionFaults { StallReply = TimeSpan.FromMinutes(2) });
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            while (await flavor.Read(reader))
            {
            }
        });
        Assert.Equal(139, flavor.ErrorCode(error));
        Assert.Equal(ConnectionState.Open, connection.State);
        await flavor.CloseReader(reader);
        command.Dispose();
        Server.Faults.ForConnection(flavor.ConnectionId(connection), new SessionFaults());
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        await flavor.Close(connection);
    }

    [Fact]
    public async Task CancellingTheTokenDuringAFetchCancelsAndKeepsTheConnection()
    {
        var flavor = Flavor.Get("Async");
        var connection = await Open(flavor, "FetchSize=100");
        var command = flavor.Command(connection, Series);
        var reader = await flavor.ExecuteReader(command);
        Server.Faults.ForConnection(flavor.ConnectionId(connection), new SessionFaults { StallReply = TimeSpan.FromMinutes(2) });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (await flavor.Read(reader, cancellation.Token))
            {
            }
        });
        Assert.Equal(ConnectionState.Open, connection.State);
        await flavor.CloseReader(reader);
        command.Dispose();
        Server.Faults.ForConnection(flavor.ConnectionId(connection), new SessionFaults());
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        await flavor.Close(connection);
    }
}
