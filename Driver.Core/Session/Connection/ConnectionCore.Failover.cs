#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

// What a broken session tells the rest of the driver (docs/scale-out.md, "The topology snapshot" and
// "Statement retries"): its node is marked down in the data source's snapshot, and whether the request under way was
// written at all.
internal sealed partial class ConnectionCore
{
    /// <summary>
    /// False while the request of the round trip under way has not been handed to the socket whole (set by the
    /// round-trip pair before and after the send): a failure then means nothing of it can have run on the server
    /// (HanaRetryFailure.Send); true once it was sent (Receive: it may have).
    /// </summary>
    public bool RequestWritten { get; private set; }

    /// <summary>
    /// The session broke with <paramref name="failure"/>: unless a deadline or a cancel ended it (the node is alive,
    /// the statement was slow), the node is marked down in the data source's topology, which drains its pooled
    /// sessions; a new session that reaches it brings it back. Always true (it sits inside a condition).
    /// </summary>
    public bool NoteBroken(HanaConnectionException failure)
    {
        if (_settings.Topology is { } topology && failure.InnerException is not (TimeoutException or OperationCanceledException)
            && failure.InnerException?.InnerException is not TimeoutException)
        {
            topology.Seen(_host, _port, isUp: false);
        }
        return true;
    }
}
