using System.Security.Cryptography.X509Certificates;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

/// <summary>Everything a <see cref="ConnectionCore"/> needs to open and run a session; built from a connection string.</summary>
internal sealed class ConnectionSettings
{
    public List<(string Host, int Port)> Endpoints { get; } = new();
    public string UserName { get; set; } = string.Empty;
    public string Password { get; set; } = string.Empty;
    /// <summary>A JWT to sign in with (§8.4), offered before SCRAM; null: none.</summary>
    public string? Token { get; set; }
    /// <summary>A SAML assertion to sign in with (§8.4), offered before a JWT; null: none.</summary>
    public string? Assertion { get; set; }
    /// <summary>The Authentication key: which sign-in methods may be offered (docs/sign-in.md).</summary>
    public Driver.Core.Auth.SignInMethods SignInMethods { get; set; }
    /// <summary>The certificate for sign-in method X509 (§8.4.2); null: none.</summary>
    public Driver.Core.Auth.X509Credential? X509 { get; set; }
    /// <summary>A data source's password or token provider, asked before each physical connection; null: none.</summary>
    public Driver.Core.Api.CredentialProvider? Credentials { get; set; }
    /// <summary>Cookies of sessions whose socket broke, for the next sign-in (SessionCookie, §8.4).</summary>
    public SessionCookieJar SessionCookies { get; } = new();
    public string? CurrentSchema { get; set; }
    /// <summary>The data source's topology, fed by each open (docs/scale-out.md); null outside a data source.</summary>
    public TopologyTracker? Topology { get; set; }
    /// <summary>Orders the nodes a new session tries (unpooled: SessionOpening; pooled: the pool's order); null: the endpoints in order.</summary>
    public IHanaHostSelectionPolicy? HostSelection { get; set; }
    /// <summary>Decides the retries of a new session's open and of a statement on a broken connection; null: HanaRetry.Default.</summary>
    public IHanaRetryPolicy? RetryPolicy { get; set; }
    /// <summary>The distribution key: ClientDistributionMode at CONNECT (§8.6) and statement routing (docs/scale-out.md).</summary>
    public HanaDistribution Distribution { get; set; }
    /// <summary>The tenant database to look up at the Server endpoint before signing in (§13.3); null: none.</summary>
    public string? DatabaseName { get; set; }
    /// <summary>TCP keep-alive of the session's socket (tcpKeepAlive keys, docs/scale-out.md); null: off.</summary>
    public Driver.Core.Net.KeepAlive? KeepAlive { get; set; }
    public bool Encrypt { get; set; }
    public bool ValidateCertificate { get; set; } = true;
    public string? HostNameInCertificate { get; set; }
    public X509Certificate2Collection? TrustedRoots { get; set; }
    /// <summary>The TLS client certificate (mutual TLS), loaded from the connection string; null: none.</summary>
    public X509Certificate2? ClientCertificate { get; set; }
    /// <summary>Ask for LZ4 compression (option 49 = 0x300, §11.1): Compress=true.</summary>
    public bool Compress { get; set; }
    /// <summary>
    /// CLIENTINFO pairs of every session (§6.8): APPLICATION from Application Name, and each sessionVariable:NAME key;
    /// the pool's reset sets a session back to these.
    /// </summary>
    public Dictionary<string, string> ClientInfo { get; } = new(StringComparer.Ordinal);
    /// <summary>
    /// Offer LZ4 and let the server decide (option 49 = 0x100, §11.1), as node-hdb does by default; false (Compress=false)
    /// sends no option 49 at all, so the session never compresses.
    /// </summary>
    public bool OfferCompression { get; set; } = true;
    public int FetchSize { get; set; } = 1000;
    /// <summary>
    /// Prepared statements each session keeps for reuse (StatementCache); 0: none. A connection string's sessions get
    /// its statementCacheSize (default 32, HanaConnection); sessions made from settings alone (tests, tools) cache nothing.
    /// </summary>
    public int StatementCacheSize { get; set; }
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>
    /// After a Command Timeout or a cancelled token the server is asked to cancel over a side connection; this
    /// long the driver then waits for the cancelled statement's reply before it gives the connection up.
    /// </summary>
    public TimeSpan CancelGracePeriod { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>The data format version the client asks for (§7.2; the server may grant less).</summary>
    public int DataFormatVersion { get; set; } = 8;
    public int MaxMessageSize { get; set; } = 1 << 30;
    /// <summary>SCRAM methods offered at AUTHENTICATE, in order; all supported methods when null (§15.1 item 4).</summary>
    public IReadOnlyList<Driver.Core.Auth.ScramMethod>? AuthenticationMethods { get; set; }
    public string ApplicationName { get; set; } = AppDomain.CurrentDomain.FriendlyName;

    public override string ToString() =>
        $"{string.Join(",", Endpoints.Select(e => $"{e.Host}:{e.Port}"))} as {UserName}";
}
