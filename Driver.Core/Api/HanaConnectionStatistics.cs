using Driver.Core.Session;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// What one <see cref="HanaConnection"/> sent and received since it was opened (or since
/// <see cref="HanaConnection.ResetStatistics"/>), as hdbconnect counts it: a snapshot, it does not change afterwards.
/// With pooling the physical session lives longer than the connection; these figures cover only this connection's use
/// of it. A reset done by the pool when the connection is closed is not counted.
/// </summary>
public sealed class HanaConnectionStatistics
{
    internal HanaConnectionStatistics()
    {
    }

    /// <summary>Requests sent and answered (queued releases such as CLOSERESULTSET count as their own round trips).</summary>
    public long RoundTrips { get; private set; }

    /// <summary>Request bytes before compression (§11).</summary>
    public long BytesSentUncompressed { get; private set; }

    /// <summary>Request bytes as they went over the wire (after compression, when it was worth it).</summary>
    public long BytesSent { get; private set; }

    /// <summary>Reply bytes as they came over the wire.</summary>
    public long BytesReceived { get; private set; }

    /// <summary>Reply bytes after decompression.</summary>
    public long BytesReceivedUncompressed { get; private set; }

    /// <summary>Requests that went out LZ4-compressed (§11.2).</summary>
    public long CompressedRequests { get; private set; }

    /// <summary>Replies that came in LZ4-compressed.</summary>
    public long CompressedReplies { get; private set; }

    /// <summary>
    /// Sum of the server's ServerProcessingTime reports (STATEMENTCONTEXT, §6.9), taken as microseconds; zero when
    /// the server does not report it.
    /// </summary>
    public TimeSpan ServerProcessingTime { get; private set; }

    /// <summary>
    /// Commands that found their statement in the session's statement cache and ran without PREPARE
    /// (<see cref="HanaConnectionStringBuilder.StatementCacheSize"/>).
    /// </summary>
    public long StatementCacheHits { get; private set; }

    /// <summary>Commands that looked in the session's statement cache, found nothing and prepared.</summary>
    public long StatementCacheMisses { get; private set; }

    internal static HanaConnectionStatistics From(in StatisticsSnapshot counters) => new()
    {
        StatementCacheHits = counters.StatementCacheHits,
        StatementCacheMisses = counters.StatementCacheMisses,
        RoundTrips = counters.RoundTrips,
        BytesSentUncompressed = counters.BytesSentUncompressed,
        BytesSent = counters.BytesSent,
        BytesReceived = counters.BytesReceived,
        BytesReceivedUncompressed = counters.BytesReceivedUncompressed,
        CompressedRequests = counters.CompressedRequests,
        CompressedReplies = counters.CompressedReplies,
        // TimeSpan ticks are 100 ns
        ServerProcessingTime = TimeSpan.FromTicks(counters.ServerProcessingTime * 10),
    };

    /// <inheritdoc />
    public override string ToString() =>
        $"{RoundTrips} round trips, sent {BytesSent} B ({BytesSentUncompressed} B uncompressed, {CompressedRequests} compressed), " +
        $"received {BytesReceived} B ({BytesReceivedUncompressed} B uncompressed, {CompressedReplies} compressed), server time {ServerProcessingTime.TotalMilliseconds:0.###} ms";
}
