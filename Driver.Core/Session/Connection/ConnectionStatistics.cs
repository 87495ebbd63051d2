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
