#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// The decisions of one operation (made by <see cref="IHanaRetryPolicy.NewDecider"/>, used for one operation only and
/// then discarded): asked once after each failed attempt, with no lock held.
/// </summary>
public interface IHanaRetryDecider
{
    /// <summary>What to do after the attempt <paramref name="info"/> describes failed.</summary>
    HanaRetryDecision Decide(HanaRetryInfo info);
}
