using Driver.Core.Protocol;

namespace Driver.Core.Session;

// The session's prepared-statement cache (StatementCache; statementCacheSize): what a command asks before PREPARE,
// where a statement's last release parks it, and the session events that empty it.
internal sealed partial class ConnectionCore
{
    private StatementCache? _statementCache;

    /// <summary>The session's statement cache, or null when statementCacheSize is 0.</summary>
    public StatementCache? StatementCache
    {
        get
        {
            if (_statementCache is null && _settings.StatementCacheSize > 0)
            {
                // a reader disposed on another thread may park while a command looks: one cache, whoever makes it first
                Interlocked.CompareExchange(ref _statementCache, new StatementCache(_settings.StatementCacheSize), null);
            }
            return _statementCache;
        }
    }

    /// <summary>The cache's generation for a statement prepared now (0 without a cache).</summary>
    public int StatementCacheGeneration => _statementCache?.Generation ?? 0;

    /// <summary>
    /// A statement this session prepared for exactly <paramref name="sql"/> and nobody uses, revived for the caller (one
    /// reference), or null: then the caller prepares.
    /// </summary>
    public PreparedStatementCore? CachedStatement(string sql)
    {
        if (!IsOpen || StatementCache is not { } cache)
        {
            return null;
        }
        var statement = cache.Take(sql)?.Revive();
        // counted on the session (HanaConnectionStatistics): a command runs on one thread at a time
        if (statement is null)
        {
            Statistics.StatementCacheMisses++;
        }
        else
        {
            Statistics.StatementCacheHits++;
        }
        return statement;
    }

    /// <summary>
    /// Called by a statement whose last reference went: true when the cache keeps it (no DROPSTATEMENTID). One it pushes
    /// out over the size is dropped here.
    /// </summary>
    public bool TryParkStatement(PreparedStatementCore statement)
    {
        if (!statement.IsCacheable || !IsOpen || _state == SessionState.Closing || StatementCache is not { } cache)
        {
            return false;
        }
        if (!cache.TryPark(statement, out var evicted))
        {
            return false;
        }
        if (evicted is not null)
        {
            QueueRelease(MessageType.DropStatementId, evicted.Id);
        }
        return true;
    }

    /// <summary>
    /// A DDL reply (function code 1, §4.4: CREATE, ALTER, DROP, RENAME, GRANT, COMMENT ON, SET SCHEMA ...) may have
    /// changed what a cached text means: every parked statement is dropped, and statements in use now are not parked
    /// when they are released (the cache's generation moved on).
    /// </summary>
    private void ClearStatementCache()
    {
        if (_statementCache is not { } cache)
        {
            return;
        }
        foreach (var statement in cache.Clear())
        {
            QueueRelease(MessageType.DropStatementId, statement.Id);
        }
    }

    /// <summary>The session ends: the server drops its statements itself (§9.3), so the cache is only forgotten.</summary>
    private void ForgetStatementCache() => _statementCache?.Clear();
}
