namespace Driver.Pooling;

/// <summary>A snapshot of a pool's counters (the same figures the metrics instruments publish).</summary>
public sealed class PoolStatistics
{
    public int Idle { get; internal set; }
    public int InUse { get; internal set; }
    public int Waiting { get; internal set; }
    /// <summary>Sessions that exist or are being opened (idle + in use).</summary>
    public int Total => Idle + InUse;
    public int MaxPoolSize { get; internal set; }
    public long Created { get; internal set; }
    public long Destroyed { get; internal set; }
    public long Timeouts { get; internal set; }
    /// <summary>Time callers spent waiting for a session, summed over every wait that had to queue.</summary>
    public TimeSpan TotalWaitTime { get; internal set; }

    public override string ToString() =>
        $"idle {Idle}, in use {InUse}, waiting {Waiting}, max {MaxPoolSize}, created {Created}, destroyed {Destroyed}, timeouts {Timeouts}";
}
