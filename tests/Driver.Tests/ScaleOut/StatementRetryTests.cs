using System.Data;
using System.Data.Common;
using System.Diagnostics;
using Driver.Tests.PublicApi;
using Driver.TestServer;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.ScaleOut;

/// <summary>
/// Statement retries (docs/scale-out.md, "Statement retries") over a 3-node test server and real sockets, both
/// flavors: the retry policy is asked with what failed (Send, Receive), whether the request may have reached the
/// server and whether the statement is safe to repeat; a SELECT whose node dies runs again on another node, pooled
/// and unpooled; an INSERT that may have reached the server is not repeated (HanaConnectionException with
/// OutcomeUnknown); a statement marked IsIdempotent is; a transaction's broken connection is never silently
/// reconnected; the retries end within bounds.
/// </summary>
public sealed class StatementRetryTests : IAsyncLifetime
{
    private Server _server = null!;

    public async Task InitializeAsync() => _server = await Server.StartAsync(new TestServerOptions { Nodes = 3 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string AllNodes => string.Join(",", new[] { 1, 2, 3 }.Select(k => $"{_server.Node(k).Host}:{_server.Node(k).Port}"));

    private string Text(bool pooled) =>
        $"Server={AllNodes};UserName=SYSTEM;Password={Server.DefaultPassword};Pooling={pooled};Connect Timeout=5;Application Name=SR{Guid.NewGuid():N}";

    private int NodeOf(string tag) => _server.NodesThatExecuted(tag).Single();

    private static void AssertConnectionException(Flavor flavor, Exception exception, bool outcomeUnknown)
    {
        Assert.IsAssignableFrom(flavor.ConnectionExceptionType, exception);
        Assert.Equal(outcomeUnknown, (bool)exception.GetType().GetProperty("OutcomeUnknown")!.GetValue(exception)!);
    }

    public static TheoryData<string, bool> FlavorsAndPooling => new() { { "Sync", true }, { "Sync", false }, { "Async", true }, { "Async", false } };

    [Theory]
    [MemberData(nameof(FlavorsAndPooling))]
    public async Task ASelectWhoseNodeDiesRunsAgainOnAnotherNode(string name, bool pooled)
    {
        var recording = new RecordingRetry();
        await using var source = ScaleOutSource.Build(name, Text(pooled), retry: recording.For(name));
        await using var connection = await source.Open();
        var node = NodeOf(await source.SelectTagged(connection));
        recording.Told.Clear();
        await _server.StopNodeAsync(node);
        // the session died with its node: the SELECT is repeated on a new session elsewhere
        var again = NodeOf(await source.SelectTagged(connection, "AGAIN"));
        Assert.NotEqual(node, again);
        Assert.Equal(ConnectionState.Open, connection.State);
        var told = Assert.Single(recording.Told);
        // nothing was written (the dead socket was seen before the request went out) or it may have been: either way a read
        Assert.Contains(told.Failure, new[] { "Send", "Receive" });
        Assert.Equal(told.Failure == "Receive", told.MayHaveReachedServer);
        Assert.True(told.IsSafeToRepeat);
        Assert.Equal(1, told.Attempt);
        Assert.Equal(_server.Node(node).Port, told.Port);
        // the connection goes on working on its new session
        Assert.Equal(again, NodeOf(await source.SelectTagged(connection, "THEN")));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ASelectWhoseReplyIsLostIsRepeatedByTheDefaultPolicy(string name)
    {
        var recording = new RecordingRetry();
        await using var source = ScaleOutSource.Build(name, Text(pooled: true), retry: recording.For(name));
        await using var connection = await source.Open();
        var node = NodeOf(await source.SelectTagged(connection));
        // the server runs the next statement, then drops the connection before answering
        _server.Faults.ForConnection(source.Flavor.ConnectionId(connection), new SessionFaults { DropAt = FaultPoint.Execute });
        var tag = await source.SelectTagged(connection, "LOST");
        Assert.Equal(2, _server.NodesThatExecuted(tag).Count);
        Assert.Equal([new RetryTold("Receive", 1, true, true, _server.Node(node).Port)], recording.Told);
        // a decider per operation: the first session's open, this execution, the retry's new session's open
        Assert.Equal(3, recording.Deciders);
    }

    [Theory]
    [MemberData(nameof(FlavorsAndPooling))]
    public async Task AnInsertThatMayHaveReachedTheServerIsNotRepeated(string name, bool pooled)
    {
        var recording = new RecordingRetry();
        await using var source = ScaleOutSource.Build(name, Text(pooled), retry: recording.For(name));
        var table = $"SR_{Guid.NewGuid():N}".ToUpperInvariant();
        await using var connection = await source.Open();
        var flavor = source.Flavor;
        await using (var create = flavor.Command(connection, $"CREATE TABLE {table} (ID INTEGER)"))
        {
            await flavor.ExecuteNonQuery(create);
        }
        var node = NodeOf(await source.SelectTagged(connection));
        _server.Faults.ForConnection(flavor.ConnectionId(connection), new SessionFaults { DropAt = FaultPoint.Execute });
        await using var insert = flavor.Command(connection, $"INSERT INTO {table} VALUES (1)");
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => flavor.ExecuteNonQuery(insert));
        AssertConnectionException(flavor, failure, outcomeUnknown: true);
        Assert.Equal(ConnectionState.Broken, connection.State);
        Assert.Equal([new RetryTold("Receive", 1, true, false, _server.Node(node).Port)], recording.Told);
        Assert.Equal([node], _server.NodesThatExecuted("INSERT INTO " + table));
        // it ran once, on the node the connection was on
        await using var check = await source.Open();
        await using var count = flavor.Command(check, $"SELECT COUNT(*) FROM {table}");
        Assert.Equal(1, Convert.ToInt32(await flavor.ExecuteScalar(count)));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AStatementMarkedIdempotentIsRepeated(string name)
    {
        var recording = new RecordingRetry();
        await using var source = ScaleOutSource.Build(name, Text(pooled: true), retry: recording.For(name));
        var table = $"SR_{Guid.NewGuid():N}".ToUpperInvariant();
        await using var connection = await source.Open();
        var flavor = source.Flavor;
        await using (var setup = flavor.Command(connection, $"CREATE TABLE {table} (ID INTEGER, V INTEGER)"))
        {
            await flavor.ExecuteNonQuery(setup);
        }
        await using (var setup = flavor.Command(connection, $"INSERT INTO {table} VALUES (1, 0)"))
        {
            await flavor.ExecuteNonQuery(setup);
        }
        _server.Faults.ForConnection(flavor.ConnectionId(connection), new SessionFaults { DropAt = FaultPoint.Execute });
        await using var update = flavor.Command(connection, $"UPDATE {table} SET V = 5 WHERE ID = 1");
        update.GetType().GetProperty("IsIdempotent")!.SetValue(update, true);
        Assert.Equal(1, await flavor.ExecuteNonQuery(update));
        Assert.Equal("Receive", Assert.Single(recording.Told).Failure);
        Assert.True(recording.Told[0].IsSafeToRepeat);
        Assert.Equal(2, _server.NodesThatExecuted($"UPDATE {table}").Count);
    }

    [Theory]
    [MemberData(nameof(FlavorsAndPooling))]
    public async Task ATransactionsBrokenConnectionIsNeverSilentlyReconnected(string name, bool pooled)
    {
        var recording = new RecordingRetry();
        await using var source = ScaleOutSource.Build(name, Text(pooled), retry: recording.For(name));
        var table = $"SR_{Guid.NewGuid():N}".ToUpperInvariant();
        await using var connection = await source.Open();
        var flavor = source.Flavor;
        await using (var create = flavor.Command(connection, $"CREATE TABLE {table} (ID INTEGER)"))
        {
            await flavor.ExecuteNonQuery(create);
        }
        var node = NodeOf(await source.SelectTagged(connection));
        var transaction = await flavor.BeginTransaction(connection);
        await using (var insert = flavor.Command(connection, $"INSERT INTO {table} VALUES (1)"))
        {
            insert.Transaction = transaction;
            await flavor.ExecuteNonQuery(insert);
        }
        await _server.StopNodeAsync(node);
        // a read inside the transaction: safe to repeat on its own, but the transaction died with the session
        await using var read = flavor.Command(connection, $"SELECT COUNT(*) FROM {table}");
        read.Transaction = transaction;
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => flavor.ExecuteScalar(read));
        Assert.IsAssignableFrom(flavor.ConnectionExceptionType, failure);
        Assert.Equal(ConnectionState.Broken, connection.State);
        Assert.Empty(recording.Told);
        // and it stays broken: the next statement does not reconnect either
        await using var after = flavor.Command(connection, "SELECT 1 FROM DUMMY");
        Assert.IsAssignableFrom(flavor.ConnectionExceptionType, await Assert.ThrowsAnyAsync<Exception>(() => flavor.ExecuteScalar(after)));
        _server.StartNode(node);
        await using var check = await source.Open();
        await using var count = flavor.Command(check, $"SELECT COUNT(*) FROM {table}");
        Assert.Equal(0, Convert.ToInt32(await flavor.ExecuteScalar(count)));
    }

    [Theory]
    [MemberData(nameof(FlavorsAndPooling))]
    public async Task RetriesEndInTimeWhenNoNodeIsLeft(string name, bool pooled)
    {
        // a policy that never gives up on its own
        var recording = new RecordingRetry { Answer = _ => "RetrySameNode" };
        await using var source = ScaleOutSource.Build(name, Text(pooled), retry: recording.For(name));
        await using var connection = await source.Open();
        await source.SelectTagged(connection);
        foreach (var node in new[] { 1, 2, 3 })
        {
            await _server.StopNodeAsync(node);
        }
        var watch = Stopwatch.StartNew();
        await using var command = source.Flavor.Command(connection, "SELECT 1 FROM DUMMY");
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => source.Flavor.ExecuteScalar(command));
        watch.Stop();
        Assert.IsAssignableFrom(source.Flavor.ConnectionExceptionType, failure);
        // bounded: at most twice the nodes (6) statement attempts, and the opens refused at once
        Assert.InRange(recording.Told.Count(t => t.Failure is "Send" or "Receive"), 1, 6);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the retries took {watch.Elapsed}");
    }
}
