using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Driver.Pooling;

/// <summary>
/// The pool's System.Diagnostics.Metrics instruments, named after the OpenTelemetry database-client connection
/// conventions and tagged with the pool name. Published by both builds: net10.0 has System.Diagnostics.Metrics in the
/// shared framework, netstandard2.0 gets it from the System.Diagnostics.DiagnosticSource package.
/// </summary>
public static class PoolMetrics
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> that publishes the pool instruments.</summary>
    public const string MeterName = "Driver.Pooling";
    /// <summary>The tag carrying the pool name on every measurement.</summary>
    public const string PoolNameTag = "db.client.connection.pool.name";
    /// <summary>The tag carrying a session's state ("idle" or "used") on <see cref="ConnectionCount"/>.</summary>
    public const string StateTag = "db.client.connection.state";

    /// <summary>Sessions by state: "idle" or "used".</summary>
    public const string ConnectionCount = "db.client.connection.count";
    /// <summary>Callers waiting for a session (observable up-down counter).</summary>
    public const string PendingRequests = "db.client.connection.pending_requests";
    /// <summary>Max Pool Size (observable up-down counter).</summary>
    public const string MaxConnections = "db.client.connection.max";
    /// <summary>Min Pool Size (observable up-down counter).</summary>
    public const string IdleMin = "db.client.connection.idle.min";
    /// <summary>Sessions opened by the pool (counter).</summary>
    public const string Created = "db.client.connection.created";
    /// <summary>Sessions closed by the pool (counter).</summary>
    public const string Destroyed = "db.client.connection.destroyed";
    /// <summary>Callers that gave up waiting for a session (counter).</summary>
    public const string Timeouts = "db.client.connection.timeouts";
    /// <summary>Seconds from asking for a session to holding one (histogram).</summary>
    public const string WaitTime = "db.client.connection.wait_time";
    /// <summary>Seconds to open a new session (histogram).</summary>
    public const string CreateTime = "db.client.connection.create_time";

    private static readonly Meter s_meter = new(MeterName);
    private static readonly Counter<long> s_created = s_meter.CreateCounter<long>(Created, "{connection}", "Sessions opened by the pool.");
    private static readonly Counter<long> s_destroyed = s_meter.CreateCounter<long>(Destroyed, "{connection}", "Sessions closed by the pool.");
    private static readonly Counter<long> s_timeouts = s_meter.CreateCounter<long>(Timeouts, "{timeout}", "Callers that gave up waiting for a session.");
    private static readonly Histogram<double> s_waitTime = s_meter.CreateHistogram<double>(WaitTime, "s", "Time to obtain a session from the pool.");
    private static readonly Histogram<double> s_createTime = s_meter.CreateHistogram<double>(CreateTime, "s", "Time to open a new session.");

    static PoolMetrics()
    {
        s_meter.CreateObservableUpDownCounter(ConnectionCount, ObserveCounts, "{connection}", "Sessions in the pool by state.");
        s_meter.CreateObservableUpDownCounter(PendingRequests, () => Observe(static (_, _, waiting, _, _) => waiting), "{request}", "Callers waiting for a session.");
        s_meter.CreateObservableUpDownCounter(MaxConnections, () => Observe(static (_, _, _, max, _) => max), "{connection}", "Max Pool Size.");
        s_meter.CreateObservableUpDownCounter(IdleMin, () => Observe(static (_, _, _, _, min) => min), "{connection}", "Min Pool Size.");
    }

    private static IEnumerable<Measurement<int>> ObserveCounts()
    {
        foreach (var pool in SessionPool.All)
        {
            pool.ReadCounts(out var idle, out var inUse, out _, out _, out _);
            yield return new Measurement<int>(idle, new KeyValuePair<string, object?>(PoolNameTag, pool.Name), new KeyValuePair<string, object?>(StateTag, "idle"));
            yield return new Measurement<int>(inUse, new KeyValuePair<string, object?>(PoolNameTag, pool.Name), new KeyValuePair<string, object?>(StateTag, "used"));
        }
    }

    private delegate int CountSelector(int idle, int inUse, int waiting, int max, int min);

    private static IEnumerable<Measurement<int>> Observe(CountSelector select)
    {
        foreach (var pool in SessionPool.All)
        {
            pool.ReadCounts(out var idle, out var inUse, out var waiting, out var max, out var min);
            yield return new Measurement<int>(select(idle, inUse, waiting, max, min), new KeyValuePair<string, object?>(PoolNameTag, pool.Name));
        }
    }

    internal static bool WaitTimeEnabled => s_waitTime.Enabled;

    /// <summary>Runs the static constructor, so the observable instruments exist once a pool does.</summary>
    internal static void EnsureInitialized()
    {
    }

    internal static void RecordCreated(string pool, long startTimestamp)
    {
        var tag = new KeyValuePair<string, object?>(PoolNameTag, pool);
        s_created.Add(1, tag);
        if (s_createTime.Enabled)
        {
            s_createTime.Record(ElapsedSeconds(startTimestamp), tag);
        }
    }

    internal static void RecordDestroyed(string pool)
    {
        s_destroyed.Add(1, new KeyValuePair<string, object?>(PoolNameTag, pool));
    }

    internal static void RecordTimeout(string pool)
    {
        s_timeouts.Add(1, new KeyValuePair<string, object?>(PoolNameTag, pool));
    }

    /// <summary>Only called when <see cref="WaitTimeEnabled"/> was true at the start of the rental.</summary>
    internal static void RecordWaitTime(string pool, long startTimestamp)
    {
        s_waitTime.Record(ElapsedSeconds(startTimestamp), new KeyValuePair<string, object?>(PoolNameTag, pool));
    }

    // Stopwatch.GetElapsedTime is net7+; the arithmetic is the same on netstandard2.0
    private static double ElapsedSeconds(long startTimestamp) => (double)(Stopwatch.GetTimestamp() - startTimestamp) / Stopwatch.Frequency;
}
