namespace Driver.Core.Session;

/// <summary>Per-connection counters, as hdbconnect keeps them.</summary>
internal sealed class ConnectionStatistics
{
    public long RoundTrips;
    /// <summary>Request bytes before compression.</summary>
    public long BytesSentUncompressed;
    /// <summary>Request bytes as they went over the wire.</summary>
    public long BytesSent;
    /// <summary>Reply bytes as they came over the wire.</summary>
    public long BytesReceived;
    /// <summary>Reply bytes after decompression.</summary>
    public long BytesReceivedUncompressed;
    public long CompressedRequests;
    public long CompressedReplies;
    /// <summary>Sum of STATEMENTCONTEXT ServerProcessingTime values (§6.9, microseconds per hdbconnect).</summary>
    public long ServerProcessingTime;
    /// <summary>Statement cache look-ups that found a statement (StatementCache).</summary>
    public long StatementCacheHits;
    /// <summary>Statement cache look-ups that found none (the command prepared).</summary>
    public long StatementCacheMisses;

    public void Reset()
    {
        RoundTrips = BytesSentUncompressed = BytesSent = BytesReceived = BytesReceivedUncompressed = 0;
        CompressedRequests = CompressedReplies = ServerProcessingTime = 0;
        StatementCacheHits = StatementCacheMisses = 0;
    }
}

/// <summary>
/// The counters of <see cref="ConnectionStatistics"/> at one moment, or the difference of two moments, as plain values:
/// a connection keeps its baseline and its final figures in these, so an open and a close allocate nothing.
/// </summary>
internal readonly struct StatisticsSnapshot
{
    public readonly long RoundTrips;
    public readonly long BytesSentUncompressed;
    public readonly long BytesSent;
    public readonly long BytesReceived;
    public readonly long BytesReceivedUncompressed;
    public readonly long CompressedRequests;
    public readonly long CompressedReplies;
    public readonly long ServerProcessingTime;
    public readonly long StatementCacheHits;
    public readonly long StatementCacheMisses;

    private StatisticsSnapshot(long roundTrips, long bytesSentUncompressed, long bytesSent, long bytesReceived, long bytesReceivedUncompressed,
        long compressedRequests, long compressedReplies, long serverProcessingTime, long statementCacheHits, long statementCacheMisses)
    {
        StatementCacheHits = statementCacheHits;
        StatementCacheMisses = statementCacheMisses;
        RoundTrips = roundTrips;
        BytesSentUncompressed = bytesSentUncompressed;
        BytesSent = bytesSent;
        BytesReceived = bytesReceived;
        BytesReceivedUncompressed = bytesReceivedUncompressed;
        CompressedRequests = compressedRequests;
        CompressedReplies = compressedReplies;
        ServerProcessingTime = serverProcessingTime;
    }

    public static StatisticsSnapshot Take(ConnectionStatistics counters) => new(counters.RoundTrips, counters.BytesSentUncompressed,
        counters.BytesSent, counters.BytesReceived, counters.BytesReceivedUncompressed, counters.CompressedRequests, counters.CompressedReplies,
        counters.ServerProcessingTime, counters.StatementCacheHits, counters.StatementCacheMisses);

    /// <summary>This moment minus an earlier one of the same session.</summary>
    public StatisticsSnapshot Since(in StatisticsSnapshot baseline) => new(RoundTrips - baseline.RoundTrips,
        BytesSentUncompressed - baseline.BytesSentUncompressed, BytesSent - baseline.BytesSent, BytesReceived - baseline.BytesReceived,
        BytesReceivedUncompressed - baseline.BytesReceivedUncompressed, CompressedRequests - baseline.CompressedRequests,
        CompressedReplies - baseline.CompressedReplies, ServerProcessingTime - baseline.ServerProcessingTime,
        StatementCacheHits - baseline.StatementCacheHits, StatementCacheMisses - baseline.StatementCacheMisses);
}
