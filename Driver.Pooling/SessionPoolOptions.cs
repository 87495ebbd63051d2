using System.Diagnostics;

namespace Driver.Pooling;

/// <summary>Settings of one <see cref="SessionPool{TSession}"/>; read once, when the pool is created.</summary>
public sealed class SessionPoolOptions
{
    /// <summary>Names the pool in metrics and messages (a connection string without its password, for example).</summary>
    public string Name { get; set; } = "default";

    /// <summary>The endpoints new sessions go to, round-robin ("Server" list or hosts learned from topology).</summary>
    public IList<string> Endpoints { get; set; } = new List<string>();

    /// <summary>"Min Pool Size": sessions opened by warm-up and kept through idle pruning.</summary>
    public int MinPoolSize { get; set; }

    /// <summary>"Max Pool Size": the hard cap on sessions that exist at once (idle, in use and being opened).</summary>
    public int MaxPoolSize { get; set; } = 100;

    /// <summary>"Connect Timeout": how long a caller waits for a session when the pool is at its cap. Zero waits forever.</summary>
    public TimeSpan ConnectionTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A session the pool did not need for this long is closed (down to <see cref="MinPoolSize"/>).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often idle sessions are looked at; also the rate at which the pool refills to <see cref="MinPoolSize"/>.</summary>
    public TimeSpan PruningInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>"Connection Lifetime": a session older than this is closed instead of reused. Zero means no limit.</summary>
    public TimeSpan MaxLifetime { get; set; }

    /// <summary>How long an endpoint that failed to connect or was reported down stays out of the rotation.</summary>
    public TimeSpan EndpointRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Orders the endpoints a new session is tried on (a host-selection policy): given the endpoints that are up, in
    /// the pool's round-robin order, it returns them in the order to try; a name it leaves out is tried after those
    /// it returned, one it adds that the pool does not know is ignored, and endpoints that are down come last (a
    /// single endpoint is always tried). Called without the pool's lock held, once per new session. Null (the
    /// default): the round-robin order.
    /// </summary>
    public Func<IReadOnlyList<string>, IReadOnlyList<string>>? EndpointOrder { get; set; }

    /// <summary>
    /// Opt-in leak tracking: records where each session was rented and lists the holders when the pool is exhausted.
    /// Costs a stack trace per rental.
    /// </summary>
    public bool LeakTracking { get; set; }

    /// <summary>Whether the pool runs its own pruning timer; tests turn it off and call the tick themselves.</summary>
    internal bool StartTimer { get; set; } = true;

    /// <summary>Monotonic milliseconds; replaced by a fake clock in tests.</summary>
    internal Func<long> Clock { get; set; } = static () => (long)(Stopwatch.GetTimestamp() * (1000.0 / Stopwatch.Frequency));
}
