namespace Driver.Pooling;

/// <summary>No session came free within the connect timeout while the pool was at its cap.</summary>
public sealed class PoolExhaustedException : TimeoutException
{
    /// <summary>Creates the exception with the pool's counts at the moment the wait gave up.</summary>
    public PoolExhaustedException(string message, int inUse, int waiting, int maxPoolSize, TimeSpan timeout, IReadOnlyList<SessionHolder> holders)
        : base(message)
    {
        InUse = inUse;
        Waiting = waiting;
        MaxPoolSize = maxPoolSize;
        Timeout = timeout;
        Holders = holders;
    }

    /// <summary>Sessions in use (or being opened) when the wait gave up.</summary>
    public int InUse { get; }

    /// <summary>Other callers still waiting, this one not counted.</summary>
    public int Waiting { get; }

    /// <summary>The pool's cap (Max Pool Size).</summary>
    public int MaxPoolSize { get; }

    /// <summary>How long the caller waited (the connect timeout).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The sessions in use, with where they were rented when leak tracking is on; empty otherwise.</summary>
    public IReadOnlyList<SessionHolder> Holders { get; }
}
