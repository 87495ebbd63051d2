#if NET6_0_OR_GREATER
using System.Data.Common;

namespace Driver.Core.Api;

/// <summary>
/// The …Async members ADO.NET makes Driver.Sync declare (DbBatch's are abstract): they run the blocking member and
/// return a completed task, as DbCommand's base implementations do for a command, with no async state machine. A
/// cancellable token cancels the running statement on the server. Flavor-free; only Driver.Sync's HanaBatch uses it.
/// </summary>
internal static class SynchronousTask
{
    public static Task<T> Run<T>(DbBatch batch, Func<T> run, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }
        using var registration = cancellationToken.CanBeCanceled ? cancellationToken.Register(static state => CancelQuietly((DbBatch)state!), batch) : default;
        try
        {
            return Task.FromResult(run());
        }
        catch (Exception exception)
        {
            return Task.FromException<T>(exception);
        }
    }

    /// <summary>Cancel from a token's callback: a failure to cancel must not surface in whoever cancelled the token.</summary>
    private static void CancelQuietly(DbBatch batch)
    {
        try
        {
            batch.Cancel();
        }
        catch (Exception)
        {
            // the running statement then simply completes
        }
    }
}
#endif
