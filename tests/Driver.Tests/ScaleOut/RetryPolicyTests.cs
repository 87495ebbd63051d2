using Driver.Tests.PublicApi;
using Driver.TestServer;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.ScaleOut;

/// <summary>
/// Retry policies at the open (docs/scale-out.md, "Retry policy") over a 3-node test server whose node 1 is stopped,
/// both flavors: a fake policy gets a decider per open, is told of each failed attempt (what failed, where, the
/// attempt's number) and is obeyed; asking is bounded; the default policy goes on after a connect failure and stops
/// at what the server answered.
/// </summary>
public sealed class RetryPolicyTests : IAsyncLifetime
{
    private Server _server = null!;
    private global::Driver.Sync.HanaDataSource? _sync;
    private global::Driver.Async.HanaDataSource? _async;

    public async Task InitializeAsync()
    {
        _server = await Server.StartAsync(new TestServerOptions { Nodes = 3 });
        await _server.StopNodeAsync(1);
    }

    public async Task DisposeAsync()
    {
        _sync?.Dispose();
        _async?.Dispose();
        await _server.DisposeAsync();
    }

    private string AllNodes => string.Join(",", new[] { 1, 2, 3 }.Select(k => $"{_server.Node(k).Host}:{_server.Node(k).Port}"));

    /// <summary>What a decider was told, flavor-free.</summary>
    private sealed record Told(string Failure, int Attempt, bool MayHaveReachedServer, bool IsSafeToRepeat, int? Code, int Port);

    /// <summary>Records every decider made and every info; answers with <see cref="Answer"/>.</summary>
    private sealed class Recording(Func<int, string> answer)
    {
        public int Deciders;
        public List<Told> Told { get; } = [];
        public Func<int, string> Answer { get; } = answer;
    }

    private sealed class SyncPolicy(Recording recording) : global::Driver.Sync.IHanaRetryPolicy, global::Driver.Sync.IHanaRetryDecider
    {
        public global::Driver.Sync.IHanaRetryDecider NewDecider()
        {
            recording.Deciders++;
            return new SyncPolicy(recording);
        }

        public global::Driver.Sync.HanaRetryDecision Decide(global::Driver.Sync.HanaRetryInfo info)
        {
            recording.Told.Add(new Told(info.Failure.ToString(), info.Attempt, info.MayHaveReachedServer, info.IsSafeToRepeat, info.ServerErrorCode, info.Port));
            return Enum.Parse<global::Driver.Sync.HanaRetryDecision>(recording.Answer(info.Attempt));
        }
    }

    private sealed class AsyncPolicy(Recording recording) : global::Driver.Async.IHanaRetryPolicy, global::Driver.Async.IHanaRetryDecider
    {
        public global::Driver.Async.IHanaRetryDecider NewDecider()
        {
            recording.Deciders++;
            return new AsyncPolicy(recording);
        }

        public global::Driver.Async.HanaRetryDecision Decide(global::Driver.Async.HanaRetryInfo info)
        {
            recording.Told.Add(new Told(info.Failure.ToString(), info.Attempt, info.MayHaveReachedServer, info.IsSafeToRepeat, info.ServerErrorCode, info.Port));
            return Enum.Parse<global::Driver.Async.HanaRetryDecision>(recording.Answer(info.Attempt));
        }
    }

    /// <summary>
    /// A fresh unpooled data source of the flavor; <paramref name="recording"/> null: no UseRetryPolicy (the default),
    /// <paramref name="never"/>: HanaRetry.Never.
    /// </summary>
    private void Use(string flavor, Recording? recording, string password = Server.DefaultPassword, bool never = false)
    {
        var text = $"Server={AllNodes};UserName=SYSTEM;Password={password};Pooling=false";
        _sync?.Dispose();
        _async?.Dispose();
        (_sync, _async) = (null, null);
        if (flavor == "Sync")
        {
            var builder = global::Driver.Sync.HanaDataSource.CreateBuilder(text);
            if (recording is not null || never)
            {
                builder.UseRetryPolicy(never ? global::Driver.Sync.HanaRetry.Never : new SyncPolicy(recording!));
            }
            _sync = builder.Build();
        }
        else
        {
            var builder = global::Driver.Async.HanaDataSource.CreateBuilder(text);
            if (recording is not null || never)
            {
                builder.UseRetryPolicy(never ? global::Driver.Async.HanaRetry.Never : new AsyncPolicy(recording!));
            }
            _async = builder.Build();
        }
    }

    /// <summary>Opens a connection and returns the node (1-based) it landed on, by where a tagged statement ran.</summary>
    private async Task<int> OpenAndLocate()
    {
        var tag = $"RP_{Guid.NewGuid():N}";
        if (_sync is not null)
        {
            using var connection = _sync.OpenConnection();
            using var command = new global::Driver.Sync.HanaCommand($"SELECT 1 AS {tag} FROM DUMMY", connection);
            command.ExecuteScalar();
        }
        else
        {
            await using var connection = await _async!.OpenConnectionAsync();
            await using var command = new global::Driver.Async.HanaCommand($"SELECT 1 AS {tag} FROM DUMMY", connection);
            await command.ExecuteScalarAsync();
        }
        return _server.NodesThatExecuted(tag).Single();
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AFakePolicyIsToldOfEachFailedAttemptAndObeyed(string name)
    {
        // node 1 once more on the same node, then the next node
        var recording = new Recording(attempt => attempt == 1 ? "RetrySameNode" : "RetryNextNode");
        Use(name, recording);
        Assert.Equal(2, await OpenAndLocate());
        var port1 = _server.Node(1).Port;
        Assert.Equal([new Told("Connect", 1, false, true, null, port1), new Told("Connect", 2, false, true, null, port1)], recording.Told);
        Assert.Equal(1, recording.Deciders);
        // a decider per open: the second open's attempts count from 1 again
        recording.Told.Clear();
        Assert.Equal(2, await OpenAndLocate());
        Assert.Equal(2, recording.Deciders);
        Assert.Equal(1, recording.Told[0].Attempt);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task DontRetryFailsTheOpenWithTheConnectFailure(string name)
    {
        var recording = new Recording(_ => "DontRetry");
        Use(name, recording);
        var failure = await Assert.ThrowsAnyAsync<Exception>(OpenAndLocate);
        Assert.True(failure is global::Driver.Sync.HanaConnectionException or global::Driver.Async.HanaConnectionException, failure.ToString());
        Assert.Equal([new Told("Connect", 1, false, true, null, _server.Node(1).Port)], recording.Told);
        // HanaRetry.Never the same: node 2 is never tried
        Use(name, null, never: true);
        failure = await Assert.ThrowsAnyAsync<Exception>(OpenAndLocate);
        Assert.True(failure is global::Driver.Sync.HanaConnectionException or global::Driver.Async.HanaConnectionException, failure.ToString());
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AServerErrorIsReportedWithItsCodeAndAskingIsBounded(string name)
    {
        // a wrong password: the server answers (code 10) on nodes 2 and 3; the policy asks for the next node each time
        var recording = new Recording(_ => "RetryNextNode");
        Use(name, recording, password: "wrong");
        var refused = await Assert.ThrowsAnyAsync<Exception>(OpenAndLocate);
        Assert.False(refused is global::Driver.Sync.HanaConnectionException or global::Driver.Async.HanaConnectionException, refused.ToString());
        Assert.Equal(
            [
                new Told("Connect", 1, false, true, null, _server.Node(1).Port),
                new Told("ServerError", 2, true, true, 10, _server.Node(2).Port),
                new Told("ServerError", 3, true, true, 10, _server.Node(3).Port),
            ],
            recording.Told);
        // a decider that always wants the same node again: at most twice the nodes (6 attempts), then the failure
        var stubborn = new Recording(_ => "RetrySameNode");
        Use(name, stubborn);
        await Assert.ThrowsAnyAsync<Exception>(OpenAndLocate);
        Assert.Equal([1, 2, 3, 4, 5, 6], stubborn.Told.Select(told => told.Attempt));
        Assert.All(stubborn.Told, told => Assert.Equal(_server.Node(1).Port, told.Port));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task TheDefaultPolicyGoesOnAfterAConnectFailureOnly(string name)
    {
        Use(name, null);
        Assert.Equal(2, await OpenAndLocate());
        // what the default decides, by the documented rules
        var port = _server.Node(1).Port;
        if (name == "Sync")
        {
            var decider = global::Driver.Sync.HanaRetry.Default.NewDecider();
            global::Driver.Sync.HanaRetryDecision Decide(global::Driver.Sync.HanaRetryFailure failure, bool reached, bool safe, int? code) =>
                decider.Decide(new global::Driver.Sync.HanaRetryInfo(failure, 1, reached, safe, code, "localhost", port, new global::Driver.Sync.HanaConnectionException("failed")));
            Assert.Equal(global::Driver.Sync.HanaRetryDecision.RetryNextNode, Decide(global::Driver.Sync.HanaRetryFailure.Connect, false, false, null));
            Assert.Equal(global::Driver.Sync.HanaRetryDecision.RetryNextNode, Decide(global::Driver.Sync.HanaRetryFailure.Send, false, false, null));
            Assert.Equal(global::Driver.Sync.HanaRetryDecision.RetryNextNode, Decide(global::Driver.Sync.HanaRetryFailure.Receive, true, true, null));
            Assert.Equal(global::Driver.Sync.HanaRetryDecision.DontRetry, Decide(global::Driver.Sync.HanaRetryFailure.Receive, true, false, null));
            Assert.Equal(global::Driver.Sync.HanaRetryDecision.DontRetry, Decide(global::Driver.Sync.HanaRetryFailure.ServerError, true, true, 10));
        }
        else
        {
            var decider = global::Driver.Async.HanaRetry.Default.NewDecider();
            global::Driver.Async.HanaRetryDecision Decide(global::Driver.Async.HanaRetryFailure failure, bool reached, bool safe, int? code) =>
                decider.Decide(new global::Driver.Async.HanaRetryInfo(failure, 1, reached, safe, code, "localhost", port, new global::Driver.Async.HanaConnectionException("failed")));
            Assert.Equal(global::Driver.Async.HanaRetryDecision.RetryNextNode, Decide(global::Driver.Async.HanaRetryFailure.Connect, false, false, null));
            Assert.Equal(global::Driver.Async.HanaRetryDecision.RetryNextNode, Decide(global::Driver.Async.HanaRetryFailure.Send, false, false, null));
            Assert.Equal(global::Driver.Async.HanaRetryDecision.RetryNextNode, Decide(global::Driver.Async.HanaRetryFailure.Receive, true, true, null));
            Assert.Equal(global::Driver.Async.HanaRetryDecision.DontRetry, Decide(global::Driver.Async.HanaRetryFailure.Receive, true, false, null));
            Assert.Equal(global::Driver.Async.HanaRetryDecision.DontRetry, Decide(global::Driver.Async.HanaRetryFailure.ServerError, true, true, 10));
        }
    }
}
