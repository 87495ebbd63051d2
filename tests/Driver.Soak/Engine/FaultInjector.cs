using System.Collections.Concurrent;
using Driver.TestServer;

namespace Driver.Soak;

/// <summary>
/// Plans a random fault, on average <see cref="SoakOptions.FaultRate"/> times a second: mostly for a random live
/// session (by connection id, struck at its next reply), sometimes for the next session to connect (struck while
/// it logs on). The monitoring session is never chosen. Remembers the last fault per connection for the reports.
/// </summary>
internal sealed class FaultInjector(TestServer.TestServer server, SoakOptions options, int excludedConnectionId, System.Diagnostics.Stopwatch clock)
{
    private static readonly (int Code, string Message)[] Errors =
    [
        (131, "transaction rolled back by lock wait timeout"),
        (133, "transaction rolled back by detected deadlock"),
        (129, "transaction rolled back by an internal error"),
        (4, "cannot allocate enough memory"),
        (2048, "column store error"),
    ];

    private readonly Random _random = new(options.Seed);

    /// <summary>Every fault planned per connection id, with when (seconds into the run).</summary>
    public ConcurrentDictionary<int, ConcurrentQueue<string>> FaultsByConnection { get; } = new();

    public ConcurrentDictionary<string, long> PlannedByKind { get; } = new();

    public long Planned;

    /// <summary>The faults planned on a connection so far, oldest first (a call that hung may have drawn several).</summary>
    public string? FaultOn(int connectionId) =>
        connectionId != 0 && FaultsByConnection.TryGetValue(connectionId, out var faults) ? string.Join("; ", faults) : null;

    /// <summary>Plans faults until stopped (a dedicated thread: the loop sleeps between faults).</summary>
    public void Run(CancellationToken stop)
    {
        if (options.FaultRate <= 0)
        {
            return;
        }
        while (!stop.IsCancellationRequested)
        {
            // exponential gaps: a Poisson process at the chosen rate
            var gap = -Math.Log(1 - _random.NextDouble()) / options.FaultRate;
            if (stop.WaitHandle.WaitOne(TimeSpan.FromSeconds(Math.Min(gap, 30))))
            {
                return;
            }
            PlanOne();
        }
    }

    private void PlanOne()
    {
        if (_random.Next(5) == 0)
        {
            var (kind, faults) = _random.Next(3) switch
            {
                0 => ("login: drop at authentication", new SessionFaults { DropAt = FaultPoint.Authentication }),
                1 => ("login: stall a reply", new SessionFaults { StallReply = options.StallLength, StallCount = 1 }),
                _ => ("login: drop after bytes", new SessionFaults { DropAfterBytes = _random.Next(0, 400) }),
            };
            server.Faults.ForNextConnection(faults);
            Count(kind);
            return;
        }
        var ids = server.LiveConnectionIds().Where(id => id != excludedConnectionId).ToList();
        if (ids.Count == 0)
        {
            return;
        }
        var connectionId = ids[_random.Next(ids.Count)];
        string description;
        SessionFaults plan;
        var roll = _random.Next(10);
        if (roll is 4 or 5 && !options.StallLiveSessions)
        {
            roll = 8;
        }
        switch (roll)
        {
            case 0:
            case 1:
                var bytes = _random.Next(0, 3000);
                (description, plan) = ($"drop after {bytes} more bytes", new SessionFaults { DropAfterFurtherBytes = bytes });
                break;
            case 2:
                (description, plan) = ("drop at fetch", new SessionFaults { DropAt = FaultPoint.Fetch });
                break;
            case 3:
                (description, plan) = ("drop at execute", new SessionFaults { DropAt = FaultPoint.Execute });
                break;
            case 4:
            case 5:
                (description, plan) = ("stall a reply", new SessionFaults { StallReply = options.StallLength, StallCount = 1 });
                break;
            case 6:
            case 7:
                // within the message and segment headers (32 + 24 bytes): bits flipped in row data are a wrong
                // value no driver can tell from a right one (the protocol has no checksum); the hostile-proxy suite
                // mutates part headers and contents
                var offsets = Enumerable.Range(0, _random.Next(1, 4)).Select(_ => _random.Next(0, 56)).ToArray();
                (description, plan) = ($"corrupt reply bytes at {string.Join(",", offsets)}", new SessionFaults { CorruptReplyOffsets = offsets });
                break;
            default:
                var error = Errors[_random.Next(Errors.Length)];
                (description, plan) = ($"HANA error {error.Code}", new SessionFaults { NextError = error });
                break;
        }
        server.Faults.ForConnection(connectionId, plan);
        FaultsByConnection.GetOrAdd(connectionId, _ => new ConcurrentQueue<string>()).Enqueue($"{description} at {clock.Elapsed.TotalSeconds:0.0} s");
        var kindName = description.StartsWith("drop after", StringComparison.Ordinal) ? "drop after bytes"
            : description.StartsWith("corrupt", StringComparison.Ordinal) ? "corrupt reply bytes"
            : description;
        Count(kindName);
    }

    private void Count(string kind)
    {
        Interlocked.Increment(ref Planned);
        PlannedByKind.AddOrUpdate(kind, 1, (_, n) => n + 1);
    }
}
