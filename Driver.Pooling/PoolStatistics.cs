namespace Driver.Pooling;

/// <summary>A snapshot of a pool's counters (the same figures the metrics instruments publish).</summary>
public sealed class PoolStatistics
{
    /// <summary>Sessions in the pool, ready to rent.</summary>
    public int Idle { get; internal set; }
    /// <summary>Sessions rented out or being opened.</summary>
    public int InUse { get; internal set; }
    /// <summary>Callers waiting for a session.</summary>
    public int Waiting { get; internal set; }
    /// <summary>Sessions that exist or are being opened (idle + in use).</summary>
    public int Total => Idle + InUse;
    /// <summary>The pool's cap (Max Pool Size).</summary>
    public int MaxPoolSize { get; internal set; }
    /// <summary>Sessions opened since the pool was created.</summary>
    public long Created { get; internal set; }
    /// <summary>Sessions closed since the pool was created.</summary>
    public long Destroyed { get; internal set; }
    /// <summary>Callers that gave up waiting for a session since the pool was created.</summary>
    public long Timeouts { get; internal set; }
    /// <summary>Time callers spent waiting for a session, summed over every wait that had to queue.</summary>
    public TimeSpan TotalWaitTime { get; internal set; }

    /// <summary>The counters on one line, for logs.</summary>
    public override string ToString() =>
        $"idle {Idle}, in use {InUse}, waiting {Waiting}, max {MaxPoolSize}, created {Created}, destroyed {Destroyed}, timeouts {Timeouts}";
}
