#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>What an <see cref="IHanaRetryDecider"/> answers after a failed attempt (docs/scale-out.md).</summary>
public enum HanaRetryDecision
{
    /// <summary>Give up: the operation fails with the attempt's exception.</summary>
    DontRetry = 0,

    /// <summary>Try the same node again, at once.</summary>
    RetrySameNode = 1,

    /// <summary>Try the next node; when there is none, the operation fails with the attempt's exception.</summary>
    RetryNextNode = 2,
}
