using System.Diagnostics;
using TestServerHost = Driver.TestServer.TestServer;

namespace Driver.Tests.Reliability;

/// <summary>
/// Runs hostile sessions: one real test server holding the scenario's table, and per session a fresh
/// <see cref="MutatingProxy"/> (so pooled sessions get a pool of their own) between the driver and the server.
/// Classifies each session (<see cref="Outcome"/>), checks that a faulted session is never reused out of step, and
/// compares the session's allocations with the bytes the proxy delivered.
/// </summary>
public sealed class HostileHarness : IAsyncDisposable
{
    /// <summary>Short timeouts, so a stalled reply ends in seconds.</summary>
    /// <summary>Sign-in derives keys (PBKDF2) on both sides: on two loaded cores 3 s was seen to run out.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(3);
    /// <summary>The driver's cancel grace (key Cancel Grace Period, 10 s by default), short here too.</summary>
    public static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(2);
    /// <summary>Beyond the timeouts: the session's own work, the close and a loaded machine.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(15);
    public static TimeSpan Deadline => ConnectTimeout + CommandTimeout + CancelGrace + Margin;

    /// <summary>
    /// Allocations beyond an unmutated session's, above this many bytes and above <see cref="AllocationFactor"/> x the
    /// bytes received, are flagged.
    /// </summary>
    public const long AllocationFloor = 32L << 20;
    public const long AllocationFactor = 64;

    private static int s_nextKey;
    private readonly TestServerHost _server;
    // an unmutated session's allocations per configuration: sign-in alone (PBKDF2) allocates megabytes, and
    // Driver.Async's process-wide count includes the in-process server and proxy
    private readonly System.Collections.Concurrent.ConcurrentDictionary<HostileConfig, long> _baseline = new();

    private HostileHarness(TestServerHost server)
    {
        _server = server;
    }

    public string DirectConnectionString => _server.ConnectionString;

    /// <summary>Whether allocations are measured exactly (Driver.Async's are process-wide, exact only one session at a time).</summary>
    public bool ExactAsyncAllocations { get; set; } = true;

    public static async Task<HostileHarness> StartAsync(Driver.TestServer.TestServerOptions? options = null)
    {
        var server = await TestServerHost.StartAsync(options);
        HostileData.Create(server.ConnectionString);
        return new HostileHarness(server);
    }

    public string ConnectionString(int proxyPort, HostileConfig config) =>
        $"Server=127.0.0.1:{proxyPort};UserName=SYSTEM;Password={TestServerHost.DefaultPassword};FetchSize=50;" +
        $"Connect Timeout={ConnectTimeout.TotalSeconds};Command Timeout={CommandTimeout.TotalSeconds};Cancel Grace Period={CancelGrace.TotalSeconds};" +
        $"Pooling={(config.Pooling ? "true" : "false")};Compress={(config.Compress ? "true" : "false")}";

    /// <summary>An unmutated session: the replies it consists of (the plans' index space). Throws unless it is correct.</summary>
    public async Task<IReadOnlyList<ProxiedReply>> DryRunAsync(HostileConfig config)
    {
        var result = await RunAsync(config, new MutationPlan(int.MaxValue, MutationClass.BitFlip, 0), record: true);
        if (result.Result.Outcome != Outcome.Correct || result.Result.Reused)
        {
            throw new InvalidOperationException($"The unmutated session is not correct: {result.Result}");
        }
        _baseline[config] = result.Result.AllocatedBytes;
        return result.Replies;
    }

    public async Task<CaseResult> RunAsync(HostileConfig config, MutationPlan plan) => (await RunAsync(config, plan, record: false)).Result;

    private async Task<(CaseResult Result, IReadOnlyList<ProxiedReply> Replies)> RunAsync(HostileConfig config, MutationPlan plan, bool record)
    {
        var scenario = config.Scenario;
        var key = Interlocked.Increment(ref s_nextKey);
        await using var proxy = new MutatingProxy("127.0.0.1", _server.Port, plan);
        var connectionString = ConnectionString(proxy.Port, config);
        var clock = Stopwatch.StartNew();
        var session = scenario.RunAsync(connectionString, key);
        var finished = await Task.WhenAny(session, Task.Delay(Deadline)) == session;
        var elapsed = clock.Elapsed;
        var applied = proxy.Applied;
        var repliedTo = proxy.Replies.FirstOrDefault(reply => reply.Index == plan.ReplyIndex) is { } target ? MessageTypeName(target.RequestType) : null;
        var replies = record ? proxy.Replies : [];
        if (!finished)
        {
            // the proxy's sockets close with it, which ends the session one way or another
            await proxy.DisposeAsync();
            await Task.WhenAny(session, Task.Delay(TimeSpan.FromSeconds(30)));
            var stage = session.IsCompleted ? session.Result.Stage : "?";
            return (new CaseResult(config, plan, Outcome.Hang, applied?.Changed ?? false, applied?.Description, $"not done after {Deadline.TotalSeconds:0} s (stage {stage})",
                false, null, false, 0, proxy.BytesToClient, elapsed, repliedTo), replies);
        }
        var run = await session;
        var (outcome, detail) = Classify(scenario, plan, run, key, repliedTo);

        // a faulted session is never reused out of step: without pooling the faulted object itself, with pooling
        // the next session the pool hands out (the proxy forwards unchanged from here on)
        proxy.Disarm();
        string? reuse = null;
        if (run.Faulted is { } faulted)
        {
            reuse = await WithDeadline(() => scenario.CheckInStep(faulted, key, mayRefuse: true));
            await IgnoreErrors(scenario.Dispose(faulted));
        }
        if (config.Pooling)
        {
            var next = scenario.Create(connectionString);
            if (reuse is null && await WithDeadline(() => scenario.CheckInStep(next, key, mayRefuse: false)) is { } failed)
            {
                var nextId = scenario.ConnectionId(next);
                // a pool of its own per session (one proxy each): another connection id is a new physical session,
                // which cannot hold a stale reply; its failing (a check SELECT slowed past its timeout on a loaded
                // machine) is no reuse of the faulted one
                if (nextId == 0 || run.ConnectionId == 0 || nextId == run.ConnectionId)
                {
                    reuse = failed + $" (connection id {nextId}, the faulted session's was {run.ConnectionId})";
                }
            }
            scenario.ClearPool(next);
            await IgnoreErrors(scenario.Dispose(next));
        }
        // a session that saw nothing wrong went back to the pool; bytes the proxy sent after its last reply (a reply
        // sent twice, late) reached the socket only after the pool's idle check. The next user's first request then
        // finds a reply for another packet: the documented HanaProtocolException "out of step", before any row, and
        // the connection is closed. No driver can see bytes that have not arrived: counted apart, not as reuse of a
        // session known to be faulted (one that saw an error is never handed out again: that stays a failure).
        var lateDetected = reuse is not null && outcome == Outcome.Correct && run.Faulted is null
            && reuse.Contains("HanaProtocolException", StringComparison.Ordinal) && reuse.Contains("out of step", StringComparison.Ordinal);
        if (lateDetected)
        {
            reuse = null;
        }
        var exact = !config.Async || ExactAsyncAllocations;
        var beyondBaseline = run.AllocatedBytes - (record ? 0 : _baseline.GetValueOrDefault(config));
        var allocationSuspect = exact && beyondBaseline > AllocationFloor && beyondBaseline > AllocationFactor * Math.Max(1, proxy.BytesToClient);
        return (new CaseResult(config, plan, outcome, applied?.Changed ?? false, applied?.Description, detail, reuse is not null, reuse,
            allocationSuspect, run.AllocatedBytes, proxy.BytesToClient, elapsed, repliedTo, lateDetected), replies);
    }

    private (Outcome Outcome, string Detail) Classify(HostileScenario scenario, MutationPlan plan, SessionRun run, int key, string? repliedTo)
    {
        var prefixWrong = run.Rows.Where((row, index) => index >= HostileData.Expected.Count || row != HostileData.Expected[index]).FirstOrDefault();
        if (run.Error is { } error)
        {
            var text = $"{run.Stage}: {error.GetType().Name}: {error.Message}";
            if (error is InvalidCastException && error.Message.Contains("value is NULL", StringComparison.Ordinal) && ValueCorruption(plan) == Outcome.UndetectableCorruption)
            {
                // a null indicator flipped inside the rows: the typed getter refuses the NULL as ADO.NET documents;
                // the value itself is the corruption (the driver does not hold NOT NULL columns to their metadata)
                return (Outcome.UndetectableCorruption, text);
            }
            if (error is InvalidCastException or OverflowException && repliedTo == "PREPARE" && run.Stage == "insert" && ValueCorruption(plan) == Outcome.UndetectableCorruption)
            {
                // a parameter's description in PARAMETERMETADATA changed to another one a parameter can have (INTEGER to
                // NVARCHAR or TEXT, a DECIMAL's scale to 17): binding refuses the caller's value for it as it documents
                // (InvalidCastException, OverflowException); the metadata itself is the corruption, which no driver can
                // tell from a real statement's
                return (Outcome.UndetectableCorruption, text);
            }
            if (!scenario.IsDocumented(error))
            {
                return (Outcome.Raw, text + Environment.NewLine + error.StackTrace);
            }
            // rows handed out before the error must have been right
            return prefixWrong is null ? (Outcome.Documented, text) : (ValueCorruption(plan), $"{text}; a row before it was wrong: {prefixWrong}");
        }
        if (run.Rows.Count != HostileData.RowCount)
        {
            return (Outcome.SilentWrong, $"{run.Rows.Count} rows instead of {HostileData.RowCount}");
        }
        var logged = HostileData.LoggedRows(DirectConnectionString, key);
        if (logged != 1)
        {
            return (Outcome.SilentWrong, $"the INSERT reported {run.RowsAffected} rows, the table holds {logged}");
        }
        if (run.RowsAffected != 1)
        {
            // the row is there and the count arrived, but its value differs: with garbage or flipped bits that is a
            // value no driver can check (any count is a valid count); with any other class the count was misread
            return (ValueCorruption(plan), $"the INSERT reported {run.RowsAffected} rows");
        }
        if (prefixWrong is not null)
        {
            return (ValueCorruption(plan), $"a value differs: {prefixWrong}");
        }
        return (Outcome.Correct, "correct");
    }

    /// <summary>Right rows, wrong value: only garbage and bit flips can do that undetectably (no checksum on the wire).</summary>
    private static Outcome ValueCorruption(MutationPlan plan) =>
        plan.Class is MutationClass.Garbage or MutationClass.BitFlip ? Outcome.UndetectableCorruption : Outcome.SilentWrong;

    /// <summary>On a thread-pool thread: Driver.Sync's check blocks, and must not block the deadline too.</summary>
    private static async Task<string?> WithDeadline(Func<Task<string?>> check)
    {
        var running = Task.Run(check);
        return await Task.WhenAny(running, Task.Delay(Deadline)) == running ? await running : $"the check did not finish within {Deadline.TotalSeconds:0} s";
    }

    private static async Task IgnoreErrors(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // disposing a faulted connection may fail; the verdict is already made
        }
    }

    public static string MessageTypeName(byte type) => type switch
    {
        2 => "EXECUTEDIRECT",
        3 => "PREPARE",
        13 => "EXECUTE",
        16 => "READLOB",
        17 => "WRITELOB",
        65 => "AUTHENTICATE",
        66 => "CONNECT",
        67 => "COMMIT",
        68 => "ROLLBACK",
        69 => "CLOSERESULTSET",
        70 => "DROPSTATEMENTID",
        71 => "FETCHNEXT",
        77 => "DISCONNECT",
        _ => $"type {type}",
    };

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
