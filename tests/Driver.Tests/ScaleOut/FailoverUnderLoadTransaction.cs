namespace Driver.Tests.ScaleOut;

/// <summary>
/// One transaction of a failover-under-load worker as the worker saw it: which worker, its number, how many rows it
/// meant to insert, how far it got, and how it ended (docs/scale-out.md, "Failover under load").
/// </summary>
internal sealed class FailoverUnderLoadTransaction(string flavor, int worker, int number, int rows)
{
    /// <summary>"Sync" or "Async".</summary>
    public string Flavor { get; } = flavor;

    /// <summary>The worker's id, unique across both flavors (the WORKER column).</summary>
    public int Worker { get; } = worker;

    /// <summary>The transaction's number within its worker, from 1 (the TXN column).</summary>
    public int Number { get; } = number;

    /// <summary>The rows it inserts, K = 0 .. Rows - 1 (the N column).</summary>
    public int Rows { get; } = rows;

    /// <summary>The COMMIT was sent (the call was made); its outcome is known only when it returned.</summary>
    public bool CommitSent { get; set; }

    /// <summary>Commit returned: the transaction must be wholly in the table.</summary>
    public bool Committed { get; set; }

    /// <summary>The call that failed (open, begin, insert, commit); null when none did.</summary>
    public string? FailedAt { get; set; }

    /// <summary>The failed call's exception type (full name).</summary>
    public string? Exception { get; set; }

    /// <summary>The failure was a HanaConnectionException with OutcomeUnknown = true.</summary>
    public bool OutcomeUnknown { get; set; }

    /// <summary>When Commit returned, in ticks of the run's clock (0 when it did not).</summary>
    public long CommittedAt { get; set; }
}
