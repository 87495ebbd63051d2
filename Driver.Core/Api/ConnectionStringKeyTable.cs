#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Api;

/// <summary>
/// The connection string keys SAP documents for its ADO.NET provider (Sap.Data.Hana) and for SQLDBC, beyond the
/// builder's own spellings: which of them this driver applies (and to which builder key), which it accepts without
/// effect (with the reason the one-time warning gives), and the typo check for everything else.
/// <para>
/// Kept apart from <see cref="HanaConnectionStringBuilder"/>'s own synonym table on purpose: the builder consults its
/// own table first, so a key that becomes implemented there (sign-in keys, say) wins over an entry here.
/// docs/connection-string.md is the table of every key; ConnectionStringDocsTests checks the two agree.
/// </para>
/// </summary>
internal static class ConnectionStringKeyTable
{
    /// <summary>SQLDBC's per-session variable keys: <c>sessionVariable:NAME=value</c>.</summary>
    public const string SessionVariablePrefix = "sessionVariable:";

    /// <summary>The tenant database (SQLDBC and Sap.Data.Hana <c>databaseName</c>); stored under this spelling.</summary>
    public const string DatabaseName = "databaseName";

    /// <summary>Statement routing (SQLDBC and Sap.Data.Hana <c>distribution</c>, docs/scale-out.md); stored under this spelling.</summary>
    public const string Distribution = "distribution";

    /// <summary>The per-session prepared-statement cache's size (SQLDBC's <c>statementCacheSize</c>, StatementCache); stored under this spelling.</summary>
    public const string StatementCacheSize = "statementCacheSize";

    /// <summary>SAP spellings this driver applies: spelling to the builder's canonical key.</summary>
    public static readonly IReadOnlyDictionary<string, string> Mapped = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        // SQLDBC names the endpoint list serverNode; host:port[,host:port...] as Server
        ["serverNode"] = HanaConnectionStringKeys.Server,
        // applied since the tenant redirect (§13.3, docs/scale-out.md): stored under SAP's spelling
        [DatabaseName] = DatabaseName,
        // applied since statement routing (§8.6 ClientDistributionMode, docs/scale-out.md): stored under SAP's spelling
        [Distribution] = Distribution,
        ["sslTrustStore"] = HanaConnectionStringKeys.SslTrustedRootCertificate,
        // milliseconds in SQLDBC: converted to whole seconds (rounded up) of Command Timeout, see MillisecondKeys
        ["communicationTimeout"] = HanaConnectionStringKeys.CommandTimeout,
        // applied since the per-session statement cache (docs/connection-string.md); the spaced form is the builder's
        // pattern for friendly names (Fetch Size, Connect Timeout)
        [StatementCacheSize] = StatementCacheSize,
        ["Statement Cache Size"] = StatementCacheSize,
        // the short name go-hdb's DSN uses for the data format version (dataFormatVersion is the builder's own spelling)
        ["DFV"] = HanaConnectionStringKeys.DataFormatVersion,
    };

    /// <summary>Mapped spellings whose SAP unit is milliseconds while the builder's key is in seconds.</summary>
    public static readonly ISet<string> MillisecondKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "communicationTimeout" };

    /// <summary>
    /// Documented keys that have no effect here (yet): the documented spelling and why. Accepted, kept in the
    /// connection string, and named once in a warning log when a connection of a data source with a logger opens.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Accepted = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Persist Security Info"] = "ConnectionString always returns what was set; ToString never shows the password",
        ["Connection Reset"] = "a pooled session is always reset when it is given back",
        ["isolationLevel"] = "not applied at open; use BeginTransaction(IsolationLevel) (HANA's default is READ COMMITTED)",
        ["autocommit"] = "statements commit by themselves unless a transaction is running (BeginTransaction)",
        ["reconnect"] = "a statement outside a transaction is retried on a new session by the data source's retry policy; a broken transaction stays broken",
        ["ignoreTopology"] = "not applied: distribution=Off is what keeps statements off the topology",
        ["routeDirectExecute"] = "EXECUTEDIRECT is never routed; only prepared statements are (see distribution)",
        ["packetSize"] = "the message size follows the server's limit",
        ["packetSizeLimit"] = "the message size follows the server's limit",
        ["prefetch"] = "Driver.Async prefetches the next page by itself; Driver.Sync fetches on demand",
        ["nodeConnectTimeout"] = "Connect Timeout bounds the whole open",
        ["splitBatchCommands"] = "a batch is always one EXECUTE",
        ["chopBlanks"] = "values are returned as the server sends them",
        ["chopBlanksInput"] = "values are sent as given",
        ["abapVarcharMode"] = "not supported",
        ["emptyTimestampIsNull"] = "not supported",
        ["locale"] = "not sent",
        ["siteType"] = "system replication site selection is not implemented",
        ["secondarySessionFallback"] = "system replication is not implemented",
        ["spatialTypes"] = "spatial values are read as the server sends them",
        ["vectorOutputType"] = "vectors are read as the server sends them",
        ["sslCryptoProvider"] = ".NET's TLS (SslStream) is always used",
        ["sslKeyStore"] = "client certificates are not supported by this key",
        ["sslKeyStorePassword"] = "client certificates are not supported by this key",
        ["sslTrustStorePassword"] = "the trust store is a PEM or DER file, without password",
        ["sslUseDefaultTrustStore"] = "the system trust store is used unless sslTrustStore names a file",
        ["sslSNIHostname"] = "the TLS server name is the Server host",
        ["sslSNIRequest"] = "the TLS server name is the Server host",
        ["cseKeyStorePassword"] = "client-side encryption is not supported",
        ["key"] = "the hdbuserstore is not read: give Server, UserName and Password",
        ["traceFile"] = "use the data source's ILoggerFactory and the ActivitySource",
        ["traceOptions"] = "use the data source's ILoggerFactory and the ActivitySource",
        ["proxyHostname"] = "proxies are not supported",
        ["proxyPort"] = "proxies are not supported",
        ["proxyUserName"] = "proxies are not supported",
        ["proxyPassword"] = "proxies are not supported",
        ["proxyHttp"] = "proxies are not supported",
        ["proxyScpAccount"] = "proxies are not supported",
        ["webSocketURL"] = "WebSocket transport is not supported",
    };

    /// <summary>What a session variable key does (it is applied, so no warning names it).</summary>
    public const string SessionVariableReason = "session variables are sent as CLIENTINFO (HanaConnection.ClientInfo)";

    /// <summary>The documented spelling of an accepted key, or the sessionVariable:NAME key as given; null if neither.</summary>
    public static string? AcceptedSpelling(string keyword)
    {
        if (IsSessionVariable(keyword))
        {
            return SessionVariablePrefix + keyword.Substring(SessionVariablePrefix.Length);
        }
        foreach (var spelling in Accepted.Keys)
        {
            if (string.Equals(spelling, keyword, StringComparison.OrdinalIgnoreCase))
            {
                return spelling;
            }
        }
        return null;
    }

    /// <summary>A <c>sessionVariable:NAME</c> key with a non-empty NAME.</summary>
    public static bool IsSessionVariable(string keyword) =>
        keyword.Length > SessionVariablePrefix.Length && keyword.StartsWith(SessionVariablePrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Why an accepted key has no effect.</summary>
    public static string Reason(string spelling) =>
        IsSessionVariable(spelling) ? SessionVariableReason : Accepted.TryGetValue(spelling, out var reason) ? reason : string.Empty;

    /// <summary>
    /// The known spelling nearest to <paramref name="keyword"/> (case-insensitive edit distance, spaces ignored),
    /// or null when nothing is close enough to be a typo: at most a third of the key's length, and at least 1.
    /// </summary>
    public static string? Nearest(string keyword, IEnumerable<string> spellings)
    {
        var typed = Squeeze(keyword);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var spelling in spellings)
        {
            var distance = Distance(typed, Squeeze(spelling));
            if (distance < bestDistance)
            {
                best = spelling;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.Max(1, typed.Length / 3) ? best : null;
    }

    private static string Squeeze(string text) => text.Replace(" ", string.Empty).ToLowerInvariant();

    // Levenshtein with two rows: keys are short, and this runs only when a key is refused
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
