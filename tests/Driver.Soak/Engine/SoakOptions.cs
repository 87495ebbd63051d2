namespace Driver.Soak;

/// <summary>What a soak run does: how long, how many workers of each flavor, how often faults strike.</summary>
internal sealed class SoakOptions
{
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Threads doing blocking work with Driver.Sync.</summary>
    public int SyncThreads { get; set; } = 8;

    /// <summary>Tasks doing asynchronous work with Driver.Async.</summary>
    public int AsyncTasks { get; set; } = 8;

    public int Seed { get; set; } = 13;

    /// <summary>Faults injected per second, on average (0 = none).</summary>
    public double FaultRate { get; set; } = 1.0;

    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Max Pool Size of each flavor's pool.</summary>
    public int MaxPoolSize { get; set; } = 16;

    /// <summary>Command Timeout (s) of the pooled connections; stalls injected by faults last far longer.</summary>
    public int CommandTimeoutSeconds { get; set; } = 5;

    /// <summary>Connect Timeout (s): bounds opening a session and waiting for a pooled one.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>The driver's fixed cancel grace (ConnectionSettings.CancelGracePeriod, 10 s).</summary>
    public TimeSpan CancelGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Slack on top of the documented bounds before a call counts as hung (the machine is shared).</summary>
    public TimeSpan HangMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an injected stall lasts: longer than the hang limit, so waiting it out counts as a hang.</summary>
    public TimeSpan StallLength { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// A call not done within this is a hang: Connect Timeout (a pool wait or an open) + Command Timeout + the
    /// cancel grace + <see cref="HangMargin"/>.
    /// </summary>
    public TimeSpan HangLimit =>
        TimeSpan.FromSeconds(ConnectTimeoutSeconds + CommandTimeoutSeconds) + CancelGrace + HangMargin;

    /// <summary>
    /// Whether faults may stall a live session's reply (logins are stalled either way, and ShortTimeout stalls
    /// its own statement's reply). Off only to keep a known defect out of a short run: see SoakSmokeTests.
    /// </summary>
    public bool StallLiveSessions { get; set; } = true;

    /// <summary>Kinds of call left out of the mix (to find which one a trend comes from).</summary>
    public HashSet<SoakOperation> Skipped { get; } = [];

    /// <summary>Where samples, charts and the summary go (null: nowhere).</summary>
    public string? OutputDirectory { get; set; }

    /// <summary>Progress lines (one per sample); null for none.</summary>
    public Action<string>? Log { get; set; }
}
