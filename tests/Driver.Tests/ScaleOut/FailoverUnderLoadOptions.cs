namespace Driver.Tests.ScaleOut;

/// <summary>
/// The size of one failover-under-load run (docs/scale-out.md, "Failover under load"): how many Driver.Async workers
/// and Driver.Sync threads write, for how long, and when the master is stopped.
/// </summary>
internal sealed record FailoverUnderLoadOptions
{
    /// <summary>Concurrent Driver.Async workers (tasks), each a loop of transactions and reads.</summary>
    public int AsyncWorkers { get; init; } = 200;

    /// <summary>Driver.Sync threads (dedicated threads), each the same loop.</summary>
    public int SyncThreads { get; init; } = 50;

    /// <summary>
    /// How long the workers run in all, counted from the moment both flavors have committed a transaction (the pools'
    /// first opens and the JIT take seconds on a loaded machine, and that is not the failover to be measured).
    /// </summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>When the master node is stopped, counted as <see cref="Duration"/> is.</summary>
    public TimeSpan StopMasterAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait for both flavors' first commit; the run goes on without it (and fails its checks).</summary>
    public TimeSpan WarmUpLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most rows one transaction inserts (each inserts 1 to this many, one EXECUTE per row).</summary>
    public int MaxRowsPerTransaction { get; init; } = 4;

    /// <summary>The nodes of the test server.</summary>
    public int Nodes { get; init; } = 3;
}
