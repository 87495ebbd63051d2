#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// Decides whether a failed attempt is tried again, and where (docs/scale-out.md, "Retry policy"). Each operation
/// gets a decider of its own from <see cref="NewDecider"/>, asks it after every failed attempt and then discards it,
/// so a decider may count attempts without locking. An operation is the open of a session of a data source (unpooled,
/// or a pool's new session; <see cref="HanaDataSourceBuilder.UseRetryPolicy"/>) or the execution of a statement whose
/// connection broke outside a transaction (docs/scale-out.md, "Statement retries"). Built in: <see cref="HanaRetry"/>.
/// </summary>
public interface IHanaRetryPolicy
{
    /// <summary>A fresh decider for one operation; called on the opening thread, so it must be thread-safe.</summary>
    IHanaRetryDecider NewDecider();
}
