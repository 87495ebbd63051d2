#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>Canonical connection string key names, as SAP's provider spells them.</summary>
public static class HanaConnectionStringKeys
{
    /// <summary><c>host:port</c>, or a comma-separated list of them for failover.</summary>
    public const string Server = "Server";
    /// <summary>The database user.</summary>
    public const string UserName = "UserName";
    /// <summary>The password (never shown by <see cref="HanaConnectionStringBuilder.ToString"/>).</summary>
    public const string Password = "Password";
    /// <summary>Schema set after connecting.</summary>
    public const string CurrentSchema = "CurrentSchema";
    /// <summary>TLS from the first byte.</summary>
    public const string Encrypt = "Encrypt";
    /// <summary>Validate the server certificate (default true).</summary>
    public const string SslValidateCertificate = "SSLValidateCertificate";
    /// <summary>Host name expected in the server certificate.</summary>
    public const string SslHostNameInCertificate = "SSLHostNameInCertificate";
    /// <summary>Path of a PEM or DER certificate to trust as root, or the PEM text itself (SAP's sslTrustStore).</summary>
    public const string SslTrustedRootCertificate = "SSLTrustedRootCertificate";
    /// <summary>
    /// LZ4 compression (§11.1). Not set: offered (connect option 49 = LZ4Supported) and the server's own setting decides,
    /// as node-hdb does; true: asked for (LZ4Supported | LZ4Enabled), the server compresses if it can; false: never
    /// offered, the session never compresses.
    /// </summary>
    public const string Compress = "Compress";
    /// <summary>Rows per fetch.</summary>
    public const string FetchSize = "FetchSize";
    /// <summary>Seconds to connect (and to wait for a pooled connection).</summary>
    public const string ConnectTimeout = "Connect Timeout";
    /// <summary>Seconds a command may run; 0 = no limit.</summary>
    public const string CommandTimeout = "Command Timeout";
    /// <summary>Use the connection pool (default true).</summary>
    public const string Pooling = "Pooling";
    /// <summary>Connections the pool keeps open.</summary>
    public const string MinPoolSize = "Min Pool Size";
    /// <summary>Connections the pool opens at most.</summary>
    public const string MaxPoolSize = "Max Pool Size";
    /// <summary>Seconds a pooled connection may live; 0 = no limit.</summary>
    public const string ConnectionLifetime = "Connection Lifetime";
    /// <summary>Seconds an idle pooled connection is kept.</summary>
    public const string ConnectionIdleTimeout = "Connection Idle Timeout";
    /// <summary>Seconds a pooled connection may sit idle before a rent checks it with a round trip; 0 = never.</summary>
    public const string ConnectionIdlePingTime = "Connection Idle Ping Time";
    /// <summary>TCP keep-alive on the socket (SQLDBC's tcpKeepAlive).</summary>
    public const string TcpKeepAlive = "tcpKeepAlive";
    /// <summary>Seconds idle before the first keep-alive probe (SQLDBC's tcpKeepAliveIdle).</summary>
    public const string TcpKeepAliveIdle = "tcpKeepAliveIdle";
    /// <summary>Seconds between keep-alive probes (SQLDBC's tcpKeepAliveInterval).</summary>
    public const string TcpKeepAliveInterval = "tcpKeepAliveInterval";
    /// <summary>Unanswered keep-alive probes before the socket is dead (SQLDBC's tcpKeepAliveCount).</summary>
    public const string TcpKeepAliveCount = "tcpKeepAliveCount";
    /// <summary>Application name reported to the server.</summary>
    public const string ApplicationName = "Application Name";
    /// <summary>
    /// Seconds the driver waits, after a Command Timeout or a cancelled token, for the server to cancel the statement
    /// and answer (default 10): the longest a timed-out call can overshoot its timeout. 0 gives the connection up at once.
    /// </summary>
    public const string CancelGracePeriod = "Cancel Grace Period";
    /// <summary>
    /// Whether Open joins the ambient System.Transactions transaction (default true): inside a TransactionScope the
    /// connection's work commits or rolls back with the scope (docs/transactions.md); false opens outside the scope.
    /// </summary>
    public const string Enlist = "Enlist";
    /// <summary>Data format version asked for (1, 4-8).</summary>
    public const string DataFormatVersion = "Data Format Version";

    // sign-in beyond passwords (docs/sign-in.md)

    /// <summary>A JSON Web Token to sign in with (method JWT); never shown by <see cref="HanaConnectionStringBuilder.ToString"/>.</summary>
    public const string Token = "Token";
    /// <summary>A TLS client certificate file with its key, PKCS#12 or PEM (mutual TLS).</summary>
    public const string SslClientCertificate = "SSLClientCertificate";
    /// <summary>The password of the client certificate file; never shown.</summary>
    public const string SslClientCertificatePassword = "SSLClientCertificatePassword";
    /// <summary>A SAML assertion to sign in with (method SAML); never shown.</summary>
    public const string Assertion = "Assertion";
    /// <summary>The sign-in methods to offer: <c>Password</c>, <c>LDAP</c>, <c>X509</c>, <c>JWT</c>, <c>SAML</c> (comma-separated; docs/sign-in.md).</summary>
    public const string Authentication = "Authentication";
    /// <summary>The certificate and key for sign-in method X509: a PKCS#12 or PEM file, or PEM text.</summary>
    public const string AuthenticationX509 = "AuthenticationX509";
    /// <summary>The password of <see cref="AuthenticationX509"/>'s PKCS#12 file or encrypted PEM key; never shown.</summary>
    public const string AuthenticationX509Password = "AuthenticationX509Password";
}
