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
    /// <summary>
    /// DbCommand.Cancel / DbBatch.Cancel from another thread: cancels the statement of <paramref name="owner"/> (a
    /// command; null: whatever runs) running on this session, if any. The session starts no new request until this
    /// cancel is done (see ConnectionCore.State.cs). Driver.Sync blocks for the side connection's round trip, at most
    /// the Cancel Grace Period; Driver.Async never blocks: the side connection's request goes out in the background.
    /// A reader's background prefetch of its next page is left alone: it is bounded by FetchSize and no statement of
    /// the caller, and a cancel sent now would reach the server after that page and strike the caller's next
    /// statement (Dapper calls Cancel before disposing every reader it leaves unfinished).
    /// </summary>
    public void CancelRunningStatement(object? owner)
    {
        var requestId = BeginCancel(owner);
        if (requestId != 0)
        {
#if SYNC
            CancelOnServerSync(Deadline.After(_settings.CancelGracePeriod), requestId, ending: true);
#else
            InFlight(Task.Run(() => CancelOnServerAsync(CancellationToken.None, requestId, ending: true).AsTask()));
#endif
        }
    }

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
