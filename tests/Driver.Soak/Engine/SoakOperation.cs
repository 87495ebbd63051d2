namespace Driver.Soak;

/// <summary>The kinds of call a soak worker makes, each one pool rent → work → return.</summary>
internal enum SoakOperation
{
    /// <summary>Prepared single-row SELECT by key, row checked.</summary>
    PointSelect,
    /// <summary>A few hundred rows over several FETCHNEXT pages (FetchSize 64), every row checked.</summary>
    PageFetch,
    /// <summary>A multi-page reader read a few rows and disposed (CLOSERESULTSET queued for the next request).</summary>
    EarlyDispose,
    /// <summary>Prepared INSERTs and an UPDATE in a transaction, committed or rolled back, the outcome checked.</summary>
    Transaction,
    /// <summary>A DbBatch of INSERTs (one batch EXECUTE), the count checked.</summary>
    Batch,
    /// <summary>A BLOB of a few hundred KB written and read back (whole or streamed), bytes compared.</summary>
    Lob,
    /// <summary>A multi-page fetch whose token fires a few milliseconds in (Driver.Sync: DbCommand.Cancel).</summary>
    CancelToken,
    /// <summary>A statement that runs longer than its 1 s Command Timeout.</summary>
    ShortTimeout,
}
