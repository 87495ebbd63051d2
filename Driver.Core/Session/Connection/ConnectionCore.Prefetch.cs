using Driver.Core.Net;
using Driver.Core.Protocol;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

// Both flavors fetch the next page of a result set while the caller reads the current one (ResultSetCore's
// PageFetch), and the wire still carries one request at a time (§1.3).
// Driver.Async: a background task sends the FETCHNEXT and reads its reply, in request and reply buffers of its own, so
// a request being built meanwhile cannot disturb it; every other round trip on the connection first awaits it.
// Driver.Sync, with no thread or task: the FETCHNEXT is sent ahead once a page is in (the previous reply fully read)
// and its reply read later, at the reader's next fetch, or before any other request, DISCONNECT or release goes out
// (DrainAheadSync); the server encodes the next page while the caller decodes this one.
internal sealed partial class ConnectionCore
{
    /// <summary>What a prefetch needs besides its workflow: where a failure goes that its reader is to see later.</summary>
    internal interface IReplyAhead
    {
        /// <summary>
        /// Kept for the reader's next fetch: the prefetch failed in the background (Driver.Async), or its reply was read
        /// because another request needed the wire, or its send broke the connection (Driver.Sync).
        /// </summary>
        void FailedMeanwhile(Exception exception);
    }

#if SYNC
    // the workflow (a PageFetch) whose request went out ahead and whose reply is not read yet
    private Workflow? _ahead;
    private MessageType _aheadType;

    /// <summary>
    /// Sends <paramref name="fetch"/>'s one request without reading its reply (that is <see cref="ReceiveAheadSync"/>'s),
    /// only when the session is idle and nothing else is waiting: no request on the wire or sent ahead, no release
    /// queued, no cancel in flight, no hard deadline running. False: nothing was sent; true: sent, or the send failed and
    /// the failure is the fetch's (the connection is broken then). The session stays busy
    /// (Prefetching) until the reply is read: a Cancel from another thread leaves it alone, as it does Driver.Async's
    /// prefetch, and the pool neither resets nor probes it.
    /// </summary>
    public bool TrySendAheadSync<T>(T fetch)
        where T : Workflow, IReplyAhead
    {
        if (_ahead is not null || IsBusy || IsBroken || UnderHardDeadline || _cancelsInFlight > 0 || PendingReleaseCount > 0
            || Volatile.Read(ref _references) <= 0)
        {
            return false;
        }
        Request? request = null;
        try
        {
            // a session closing meanwhile refuses (ObjectDisposedException): the reader sees it at its next fetch, as before
            EnterBusy(SessionState.Prefetching);
            request = fetch.SingleRequest(this);
            if (request is null)
            {
                ExitBusy();
                return false;
            }
            _aheadType = request.Type;
            SendSync(request, fetch.Timeout);
            _ahead = fetch;
            return true;
        }
        catch (Exception exception) when (exception is HanaException or ObjectDisposedException)
        {
            // the send broke the connection (or it is closing): the row the caller landed on is still good, its next
            // fetch throws this
            ExitBusy();
            fetch.FailedMeanwhile(exception);
            return true;
        }
        finally
        {
            request?.Return();
        }
    }

    /// <summary>
    /// Reads the reply of <paramref name="owner"/>'s request sent ahead and hands it to it (its SingleReplied); nothing
    /// when that reply was read already. The wait is the round trip's: the Command Timeout counts from now (the caller
    /// may have spent longer on the page than that), an expired one is cancelled on the server and the reply drained;
    /// a Cancel from another thread strikes the request while the caller waits here.
    /// </summary>
    public void ReceiveAheadSync(Workflow owner)
    {
        lock (_stateLock)
        {
            // taken once, under the lock: a notification on another thread (System.Transactions) may need the wire too
            if (!ReferenceEquals(_ahead, owner))
            {
                return;
            }
            _ahead = null;
            // the caller waits for it now: from here on it is the caller's request, which a Cancel may strike
            _state = SessionState.Executing;
            ++_requestId;
        }
        try
        {
            var timeout = UnderHardDeadline ? TimeSpan.Zero : owner.Timeout;
            ArmDeadlineSync(_aheadType, timeout);
            owner.Reply = ReceiveSync(_aheadType, timeout);
            owner.SingleReplied(this);
        }
        finally
        {
            ExitBusy();
        }
    }

    /// <summary>
    /// Before any other use of the wire: reads the reply of a request sent ahead into its owner, whose failure is
    /// kept for it (a broken session then fails the request that follows on its own).
    /// </summary>
    private void DrainAheadSync()
    {
        if (_ahead is not { } ahead)
        {
            return;
        }
        try
        {
            ReceiveAheadSync(ahead);
        }
        catch (Exception exception)
        {
            ((IReplyAhead)ahead).FailedMeanwhile(exception);
        }
    }
#endif

#if ASYNC
    private readonly MessageBuffer _prefetchReply = new(16 * 1024);
    private readonly MessageBuffer _prefetchInflated = new(1024);
    private readonly ParsedMessage _prefetchParsed = new();
    private Task? _inflight;

    /// <summary>Registers the background work that owns the wire until it completes.</summary>
    public void TrackPrefetch(Task prefetch) => _inflight = prefetch;

    /// <summary>
    /// Waits, without blocking, for a prefetch still on the wire. The prefetch task never faults: its failure is
    /// kept for the reader that started it (ResultSetCore), which throws it when it asks for the page.
    /// </summary>
    public async ValueTask WaitForPrefetchAsync()
    {
        if (_inflight is { } inflight)
        {
            await inflight.ConfigureAwait(false);
            // only this one: a prefetch started meanwhile stays tracked
            _ = Interlocked.CompareExchange(ref _inflight, null, inflight);
        }
    }

    /// <summary>
    /// Runs a one-request workflow (a page's FETCHNEXT) in the prefetch buffers: the same request, Command Timeout and
    /// cancellation as the pump's round trip (cancelled on the server, the reply drained), but the queued releases
    /// stay for the caller's next request, and the reply is read before the connection is idle again.
    /// </summary>
    public async Task PrefetchAsync(Workflow fetch, CancellationToken cancellationToken)
    {
        EnterBusy(SessionState.Prefetching);
        Request? request = null;
        try
        {
            ThrowIfUnusable();
            request = fetch.SingleRequest(this) ?? throw new InvalidOperationException("A prefetch was started with nothing to fetch.");
            fetch.Reply = await SendAndReceiveAsync(request, _prefetchReply, _prefetchInflated, _prefetchParsed, flushReleases: false, fetch.Timeout, cancellationToken).ConfigureAwait(false);
            fetch.SingleReplied(this);
        }
        finally
        {
            request?.Return();
            ExitBusy();
        }
    }
#endif
}
