using Driver.Core.Net;
using Driver.Core.Protocol;

namespace Driver.Core.Session;

// The async flavor fetches the next page of a result set while the caller reads the current one (ResultSetCore's
// PageFetch). The prefetch has request and reply buffers of its own, so a request being built meanwhile cannot
// disturb it; every other round trip on the connection first awaits it, so the wire still carries one request at a
// time (§1.3). Driver.Sync has no prefetch.
internal sealed partial class ConnectionCore
{
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
