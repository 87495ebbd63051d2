using Driver.Core.Api;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// The statement cache's key (SQLDBC's statementCacheSize, docs/connection-string.md): apart from the builder's own
// file so other key work merges cleanly.
public sealed partial class HanaConnectionStringBuilder
{
    /// <summary>The largest <see cref="StatementCacheSize"/> accepted (HANA allows 100,000 prepared statements per session).</summary>
    private const int MaxStatementCacheSize = 10000;

    /// <summary>
    /// Prepared statements each session keeps for reuse (SAP's <c>statementCacheSize</c>, also <c>Statement Cache
    /// Size</c>; default 32, 0 turns the cache off, at most 10,000). A parameterized command whose text a disposed command
    /// of the same session prepared runs without PREPARE, also after the pool handed the session to the next connection;
    /// the least recently used statement beyond the size is dropped (DROPSTATEMENTID), and a DDL statement on the
    /// session empties the cache (docs/connection-string.md).
    /// </summary>
    public int StatementCacheSize
    {
        get => GetInt(ConnectionStringKeyTable.StatementCacheSize, Driver.Core.Session.StatementCache.DefaultSize);
        set => this[ConnectionStringKeyTable.StatementCacheSize] = value;
    }
}
