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
    public async Task CommandTimeoutCancelsOnTheServerAndKeepsTheConnection(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        // a reply stalled far beyond the timeout: only the server-side cancel can end it in time
        Server.Faults.ForConnection(flavor.ConnectionId(connection), new SessionFaults { StallReply = TimeSpan.FromMinutes(2), StallCount = 1 });
        using var command = flavor.Command(connection, "SELECT * FROM DUMMY");
        command.CommandTimeout = 1;
        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.ExecuteScalar(command));
        Assert.IsType(flavor.HanaExceptionType, error);
        Assert.Contains("Command Timeout", error.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), "the timeout, not the stalled reply, ended the call");
        // the cancelled statement's reply was drained: the connection is in step and usable
        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        await flavor.Close(connection);
    }

    [Fact]
    public async Task CancellingTheTokenCancelsOnTheServerAndKeepsTheConnection()
    {
        await using var connection = new global::Driver.Async.HanaConnection(ConnectionString);
        await connection.OpenAsync();
        Server.Faults.ForConnection(connection.ConnectionId, new SessionFaults { StallReply = TimeSpan.FromMinutes(2), StallCount = 1 });
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM DUMMY";
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => command.ExecuteScalarAsync(cancellation.Token));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), "the token, not the stalled reply, ended the call");
        Assert.Equal(ConnectionState.Open, connection.State);
        await using var again = connection.CreateCommand();
        again.CommandText = "SELECT * FROM DUMMY";
        Assert.Equal("X", await again.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AnAlreadyCancelledTokenSendsNothingAndKeepsTheConnection()
    {
        await using var connection = new global::Driver.Async.HanaConnection(ConnectionString);
        await connection.OpenAsync();
        await using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE PRE (ID INTEGER)";
        await create.ExecuteNonQueryAsync();
        var roundTrips = connection.GetStatistics().RoundTrips;

        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO PRE VALUES (1)";
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => insert.ExecuteNonQueryAsync(new CancellationToken(true)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => insert.ExecuteReaderAsync(new CancellationToken(true)));

        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal(roundTrips, connection.GetStatistics().RoundTrips);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM PRE";
        Assert.Equal(0L, Convert.ToInt64(await count.ExecuteScalarAsync()));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task CommandCancelStopsTheStatementAndKeepsTheConnection(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        using var command = flavor.Command(connection,
            "SELECT SUM(A.GENERATED_PERIOD_START * B.GENERATED_PERIOD_START) FROM SERIES_GENERATE_INTEGER(1, 0, 200000) A, SERIES_GENERATE_INTEGER(1, 0, 200000) B");
        command.CommandTimeout = 0;
        var running = Task.Run(() => flavor.ExecuteScalar(command));
        // Cancel does nothing until the statement runs: repeat it until the call ends
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!running.IsCompleted && DateTime.UtcNow < deadline)
        {
            command.Cancel();
            await Task.WhenAny(running, Task.Delay(250));
        }
        var error = await Assert.ThrowsAnyAsync<Exception>(() => running);
        Assert.IsType(flavor.HanaExceptionType, error);
        Assert.Equal(139, ((System.Data.Common.DbException)error).ErrorCode);
        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        await flavor.Close(connection);
    }
}
