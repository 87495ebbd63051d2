using Driver.Core.Net;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

// Cancelling a statement on the server (ALTER SYSTEM CANCEL SESSION over a side connection; docs/reliability.md):
// DbCommand.Cancel from another thread, and the round trip's own Command Timeout (ConnectionCore.Io.cs). Part of the
// round-trip pump: the side connection's open and close are the flavor's pairs.
internal sealed partial class ConnectionCore
{
#if SYNC
    /// <summary>
    /// DbCommand.Cancel / DbBatch.Cancel from another thread: cancels the statement of <paramref name="owner"/> (a
    /// command; null: whatever runs) running on this session, if any (blocks for the side connection's round trip, at most the Cancel Grace Period, as the Sync flavor does). The
    /// session starts no new request until this cancel is done (see ConnectionCore.State.cs).
    /// </summary>
    public void CancelRunningStatement(object? owner)
    {
        var requestId = BeginCancel(owner);
        if (requestId == 0)
        {
            return;
        }
        try
        {
            CancelOnServerSync(Deadline.After(_settings.CancelGracePeriod), requestId);
        }
        finally
        {
            EndCancel();
        }
    }

    /// <summary>Waits (at most the grace period and a second) until no cancel of an earlier request is in flight.</summary>
    private void WaitForCancelsSync()
    {
        if (_cancelsInFlight == 0)
        {
            return;
        }
        var deadline = Deadline.After(_settings.CancelGracePeriod + TimeSpan.FromSeconds(1));
        lock (_stateLock)
        {
            while (_cancelsInFlight > 0 && !Deadline.HasPassed(deadline))
            {
                Monitor.Wait(_stateLock, Deadline.Remaining(deadline));
            }
        }
    }

    /// <summary>
    /// Asks the server to cancel request <paramref name="requestId"/> over a side connection, all before
    /// <paramref name="deadline"/> (best effort; safe from another thread: it touches nothing of this session but
    /// its settings, connection id and state). Returns why the cancel did not go out (for the timeout message), or
    /// an empty string.
    /// </summary>
    private string CancelOnServerSync(long deadline, long requestId)
    {
        try
        {
            using var side = CreateSideConnection();
            using var scope = side.EnterHardDeadline(Deadline.Remaining(deadline), CancelGraceReason);
            side.OpenSync(setSchema: false);
            if (IsRunning(requestId))
            {
                side.Run(new DirectExecution(CancelStatement, autoCommit: true, fetchSize: 1, TimeSpan.Zero));
            }
            side.CloseSync();
            return string.Empty;
        }
        catch (HanaException exception)
        {
            // the grace period decides: a reply still arrives, or the connection is given up (and says why)
            return CancelFailed(exception);
        }
    }
#endif

#if ASYNC
    /// <summary>
    /// DbCommand.Cancel / DbBatch.Cancel from another thread: cancels the statement of <paramref name="owner"/> (a
    /// command; null: whatever runs) running on this session, if any, without blocking (the side connection's request goes out in the background). A reader's background
    /// prefetch of its next page is left alone: it is bounded by FetchSize and no statement of the caller, and a
    /// cancel sent now would reach the server after that page and strike the caller's next statement (Dapper calls
    /// Cancel before disposing every reader it leaves unfinished).
    /// </summary>
    public void CancelRunningStatement(object? owner)
    {
        var requestId = BeginCancel(owner);
        if (requestId == 0)
        {
            return;
        }
        var cancel = Task.Run(async () =>
        {
            try
            {
                await CancelOnServerAsync(CancellationToken.None, requestId).ConfigureAwait(false);
            }
            finally
            {
                EndCancel();
            }
        });
        lock (_stateLock)
        {
            _cancelsDone = _cancelsDone.IsCompleted ? cancel : Task.WhenAll(_cancelsDone, cancel);
        }
    }

    // the cancels in flight (never faulted: CancelOnServerAsync reports instead of throwing)
    private Task _cancelsDone = Task.CompletedTask;

    /// <summary>
    /// Asks the server to cancel request <paramref name="requestId"/> over a side connection, within the Cancel Grace
    /// Period and <paramref name="limit"/> (best effort; safe from another thread: it touches nothing of this session
    /// but its settings, connection id and state). Returns why the cancel did not go out (for the timeout message),
    /// or an empty string.
    /// </summary>
    private async ValueTask<string> CancelOnServerAsync(CancellationToken limit, long requestId)
    {
        try
        {
            using var side = CreateSideConnection();
            using var scope = side.EnterHardDeadline(_settings.CancelGracePeriod, CancelGraceReason, limit);
            await side.OpenAsync(scope.Token, setSchema: false).ConfigureAwait(false);
            if (IsRunning(requestId))
            {
                await side.RunAsync(new DirectExecution(CancelStatement, autoCommit: true, fetchSize: 1, TimeSpan.Zero), scope.Token).ConfigureAwait(false);
            }
            await side.CloseAsync().ConfigureAwait(false);
            return string.Empty;
        }
        catch (Exception exception) when (exception is HanaException or OperationCanceledException)
        {
            // the grace period decides: a reply still arrives, or the connection is given up (and says why)
            return CancelFailed(exception);
        }
    }
#endif

    /// <summary>HANA's "current operation cancelled by request".</summary>
    private const int CancelledCode = 139;

    private string CancelStatement => $"ALTER SYSTEM CANCEL SESSION '{ConnectionId}'";

    /// <summary>Why a cancel did not reach the server, for the message of the timeout that follows (refused for lack of privilege, say).</summary>
    private static string CancelFailed(Exception exception) =>
        exception is HanaException { Code: not HanaConnectionException.ConnectionErrorCode } refused
            ? $" (the server refused the cancel: {refused.Code} {refused.Message})"
            : $" (the cancel could not be sent: {exception.Message})";

    /// <summary>A connection to the same endpoint with the same credentials, for the cancel request.</summary>
    private ConnectionCore CreateSideConnection() => new(_settings, _host, _port);

    private static HanaException CommandTimeoutExpired(TimeSpan timeout, HanaException cancelled) =>
        new($"Command Timeout of {timeout.TotalSeconds:0.###} s expired; the statement was cancelled on the server and the connection remains usable.",
            cancelled.Code, cancelled.SqlState, cancelled.Position, cancelled.Level, cancelled);
}
