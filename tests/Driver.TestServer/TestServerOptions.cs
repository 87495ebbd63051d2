using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Driver.TestServer;

/// <summary>How a <see cref="TestServer"/> listens and whom it lets in.</summary>
public sealed class TestServerOptions
{
    /// <summary>TCP port; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Address to bind: loopback unless told otherwise.</summary>
    public IPAddress BindAddress { get; set; } = IPAddress.Loopback;

    /// <summary>User store: name → password. Names are case-insensitive, as unquoted HANA user names.</summary>
    public Dictionary<string, string> Users { get; } = new(StringComparer.OrdinalIgnoreCase) { ["SYSTEM"] = TestServer.DefaultPassword };

    /// <summary>When set, every connection speaks TLS from the first byte (§1.2).</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>
    /// Highest data format version the server grants (1, 4-9; §7.2). 9 only adds the REAL_VECTOR type code, which no
    /// engine column has (the DuckDB engine stores no vectors), so every other type is reported as under 8.
    /// </summary>
    public int MaxDataFormatVersion { get; set; } = 9;

    /// <summary>Whether LZ4 compression may be negotiated (§11.1).</summary>
    public bool AllowCompression { get; set; } = true;

    /// <summary>
    /// The server's own compression setting (indexserver.ini [session] compression, §11.1): whether a client that only
    /// offers LZ4 (option 49 = LZ4Supported) gets it. False by default, as on-premise; a client asking for it
    /// (LZ4Supported | LZ4Enabled) gets it whenever <see cref="AllowCompression"/> is set.
    /// </summary>
    public bool CompressByDefault { get; set; }

    /// <summary>Rows in the first result-set part when the client sent no FETCHSIZE (32 in a real capture, §3.5).</summary>
    public int DefaultFetchSize { get; set; } = 32;

    /// <summary>
    /// The methods the server accepts, in order of preference (§8.1: the server picks one of the client's
    /// offers). SessionCookie, X509, SAML, JWT and LDAP (when <see cref="X509"/>, <see cref="Saml"/>, <see cref="Jwt"/>,
    /// <see cref="Ldap"/> are set), then both SCRAM methods, SCRAMPBKDF2SHA256 first, by default; restrict it to test each method.
    /// </summary>
    public List<string> AuthenticationMethods { get; } = ["SessionCookie", "X509", "SAML", "JWT", "LDAP", "SCRAMPBKDF2SHA256", "SCRAMSHA256"];

    /// <summary>When set, the server accepts X509 sign-ins checked this way (SignIn/X509SignInOptions.cs).</summary>
    public SignIn.X509SignInOptions? X509 { get; set; }

    /// <summary>When set, the server accepts LDAP sign-ins against its directory table (SignIn/LdapSignInOptions.cs).</summary>
    public SignIn.LdapSignInOptions? Ldap { get; set; }

    /// <summary>When set, the server accepts JWT sign-ins validated this way (SignIn/JwtSignInOptions.cs).</summary>
    public SignIn.JwtSignInOptions? Jwt { get; set; }

    /// <summary>When set, the server accepts SAML sign-ins validated this way (SignIn/SamlSignInOptions.cs).</summary>
    public SignIn.SamlSignInOptions? Saml { get; set; }

    /// <summary>The session cookies handed out at a JWT CONNECT and accepted once at a SessionCookie sign-in (§8.4).</summary>
    public SignIn.SessionCookies SessionCookies { get; } = new();

    /// <summary>When set (with <see cref="Certificate"/>), the TLS handshake requires a client certificate chained to it (mutual TLS).</summary>
    public SignIn.ClientCertificateAuthority? ClientCertificates { get; set; }

    /// <summary>PBKDF2 iterations announced for SCRAMPBKDF2SHA256 (§8.3: clients refuse fewer than 15000).</summary>
    public int Pbkdf2Iterations { get; set; } = 15000;

    /// <summary>Largest request accepted from a client.</summary>
    public int MaxMessageSize { get; set; } = 1 << 30;

    /// <summary>Whether to log each request to standard error.</summary>
    public bool Trace { get; set; }

    /// <summary>
    /// Every reply of a session with a connection id (from CONNECT on) is held this long before it is sent (zero by default): what a database on
    /// another machine adds (the network's round trip, the statement's own time) without using CPU here, so a client
    /// or an application's thread model can be measured against a remote server's latency (the HTTP benchmark's
    /// --server-latency-ms) rather than against this process's CPU on the same cores.
    /// </summary>
    public TimeSpan ReplyLatency { get; set; }

    /// <summary>
    /// Index-server nodes of a scale-out system (docs/scale-out.md): node 1 listens on <see cref="Port"/>, the others on
    /// free ports, all over the one engine; each has its own volume id (its number) and host name. 1 by default.
    /// </summary>
    public int Nodes { get; set; } = 1;

    /// <summary>
    /// When set (with more than one node and the loopback bind address), node K binds 127.0.0.K, so each node has an
    /// address of its own; otherwise all nodes share <see cref="BindAddress"/> on different ports.
    /// </summary>
    public bool DistinctNodeAddresses { get; set; }

    /// <summary>
    /// Tenant databases (docs/scale-out.md): when any are named, a system-database port (SYSTEMDB) answers DBCONNECTINFO
    /// with a tenant's port (§13.3); the first tenant is the one the nodes serve, every further tenant gets a port of
    /// its own. All tenants share the one engine: they differ in the name SYS.M_DATABASE shows, not in their tables.
    /// </summary>
    public List<string> Tenants { get; } = [];

    /// <summary>
    /// With <see cref="Tenants"/>: the system-database port answers the first AUTHENTICATE with ERROR + DBCONNECTINFO
    /// naming the first tenant's port (the implicit redirect of HANA Cloud, §13.3) instead of signing in.
    /// </summary>
    public bool RedirectAtAuthenticate { get; set; }
}
