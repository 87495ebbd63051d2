#if ASYNC
using Driver.Core.Net;
using Driver.Core.Protocol;

namespace Driver.Core.Session;

// The async flavor fetches the next page of a result set while the caller reads the current one. The prefetch
// has request and reply buffers of its own, so a request being built meanwhile cannot disturb it; every other
// round trip on the connection first awaits it, so the wire still carries one request at a time (§1.3).
internal sealed partial class ConnectionCore
{
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
        if (_inflight is not { } inflight)
        {
            return;
        }
        await inflight.ConfigureAwait(false);
        if (ReferenceEquals(_inflight, inflight))
        {
            _inflight = null;
        }
    }

    /// <summary>
    /// One FETCHNEXT round trip in the prefetch buffers; <paramref name="onReply"/> takes the page out. The same
    /// Command Timeout and cancellation as any round trip: cancelled on the server, the reply drained.
    /// </summary>
    public async Task PrefetchAsync(long resultSetId, int fetchSize, TimeSpan timeout, Action<ParsedMessage> onReply, CancellationToken cancellationToken)
    {
        EnterBusy(SessionState.Prefetching);
        // the same FETCHNEXT as the reader's own fetch (StatementRunner.BuildFetchNext)
        var request = StatementRunner.BuildFetchNext(this, resultSetId, fetchSize);
        try
        {
            ThrowIfUnusable();
            // queued releases stay for the caller's next request: the prefetch touches no buffer but its own
            onReply(await SendAndReceiveAsync(request, _prefetchReply, _prefetchInflated, _prefetchParsed, flushReleases: false, timeout, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            request.Return();
            ExitBusy();
        }
    }
}
#endif
