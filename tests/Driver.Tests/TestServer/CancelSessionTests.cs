using Driver.Sync;
using Driver.Tests.Support;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.TestServer;

/// <summary>ALTER SYSTEM CANCEL SESSION from a side connection stops the target's statement with error 139.</summary>
public class CancelSessionTests
{
    /// <summary>Minutes of work that no optimizer shortcut removes (a sum over a 4·10^10-row cross product).</summary>
    private const string LongQuery =
        "SELECT SUM(A.GENERATED_PERIOD_START * B.GENERATED_PERIOD_START) FROM SERIES_GENERATE_INTEGER(1, 0, 200000) A, SERIES_GENERATE_INTEGER(1, 0, 200000) B";

    [Fact]
    public async Task CancelStopsARunningStatementAndTheSessionStaysUsable()
    {
        await using var server = await Server.StartAsync();
        using var victim = ProtocolClient.Connect(server, settings => settings.CommandTimeout = TimeSpan.FromMinutes(2));
        using var side = ProtocolClient.Connect(server);
        var running = Task.Run(() => victim.Query(
            LongQuery));
        await CancelUntilDone(side, victim, running);
        var error = await Assert.ThrowsAsync<HanaException>(() => running);
        Assert.Equal(139, error.Code);
        Assert.Equal("X", victim.Query("SELECT * FROM DUMMY")[0][0]);
    }

    [Fact]
    public async Task CancelEndsAStalledReply()
    {
        await using var server = await Server.StartAsync();
        using var victim = ProtocolClient.Connect(server, settings => settings.CommandTimeout = TimeSpan.FromMinutes(2));
        using var side = ProtocolClient.Connect(server);
        server.Faults.ForConnection(victim.Core.ConnectionId, new Driver.TestServer.SessionFaults { StallReply = TimeSpan.FromMinutes(5), StallCount = 1 });
        var running = Task.Run(() => victim.Query("SELECT * FROM DUMMY"));
        await CancelUntilDone(side, victim, running);
        var error = await Assert.ThrowsAsync<HanaException>(() => running);
        Assert.Equal(139, error.Code);
        Assert.Equal("X", victim.Query("SELECT * FROM DUMMY")[0][0]);
    }

    [Fact]
    public async Task DisconnectSessionClosesTheTarget()
    {
        await using var server = await Server.StartAsync();
        using var victim = ProtocolClient.Connect(server);
        using var side = ProtocolClient.Connect(server);
        side.ExecuteNonQuery($"ALTER SYSTEM DISCONNECT SESSION '{victim.Core.ConnectionId}'");
        Assert.Throws<HanaConnectionException>(() => victim.Query("SELECT * FROM DUMMY"));
        Assert.True(victim.Core.IsBroken);
    }

    [Fact]
    public async Task UnknownSessionIsAnError()
    {
        await using var server = await Server.StartAsync();
        using var side = ProtocolClient.Connect(server);
        Assert.Equal(2, Assert.Throws<HanaException>(() => side.ExecuteNonQuery("ALTER SYSTEM CANCEL SESSION '999999'")).Code);
    }

    [Fact]
    public async Task CommandTimeoutCancelsOnTheServerAndKeepsTheConnection()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server, settings => settings.CommandTimeout = TimeSpan.FromSeconds(1));
        var error = Assert.Throws<HanaException>(() => client.Query(
            LongQuery));
        Assert.Equal(139, error.Code);
        Assert.Contains("Command Timeout", error.Message);
        Assert.False(client.Core.IsBroken);
        Assert.Equal("X", client.Query("SELECT * FROM DUMMY")[0][0]);
    }

    /// <summary>A cancel may arrive before the statement started: repeat it until the statement ends.</summary>
    private static async Task CancelUntilDone(ProtocolClient side, ProtocolClient victim, Task running)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!running.IsCompleted && DateTime.UtcNow < deadline)
        {
            side.ExecuteNonQuery($"ALTER SYSTEM CANCEL SESSION '{victim.Core.ConnectionId}'");
            await Task.WhenAny(running, Task.Delay(250));
        }
    }
}
