using System.Data.Common;
using System.Globalization;
using Driver.Core.Api;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// Builds and validates HANA connection strings, with the keys spelled as SAP's .NET provider spells them.
/// Unknown keys and bad values throw an <see cref="ArgumentException"/> that names the key.
/// <see cref="ToString"/> never shows the password.
/// </summary>
public sealed partial class HanaConnectionStringBuilder : DbConnectionStringBuilder
{
    private static readonly Dictionary<string, string> s_synonyms = WithSignInKeys(new(StringComparer.OrdinalIgnoreCase)
    {
        ["Server"] = HanaConnectionStringKeys.Server,
        ["Host"] = HanaConnectionStringKeys.Server,
        ["UserName"] = HanaConnectionStringKeys.UserName,
        ["User ID"] = HanaConnectionStringKeys.UserName,
        ["UserID"] = HanaConnectionStringKeys.UserName,
        ["UID"] = HanaConnectionStringKeys.UserName,
        ["User"] = HanaConnectionStringKeys.UserName,
        ["Password"] = HanaConnectionStringKeys.Password,
        ["PWD"] = HanaConnectionStringKeys.Password,
        ["CurrentSchema"] = HanaConnectionStringKeys.CurrentSchema,
        ["Current Schema"] = HanaConnectionStringKeys.CurrentSchema,
        ["Encrypt"] = HanaConnectionStringKeys.Encrypt,
        ["SSLValidateCertificate"] = HanaConnectionStringKeys.SslValidateCertificate,
        ["SSLHostNameInCertificate"] = HanaConnectionStringKeys.SslHostNameInCertificate,
        ["SSLTrustedRootCertificate"] = HanaConnectionStringKeys.SslTrustedRootCertificate,
        ["Compress"] = HanaConnectionStringKeys.Compress,
        ["FetchSize"] = HanaConnectionStringKeys.FetchSize,
        ["Fetch Size"] = HanaConnectionStringKeys.FetchSize,
        ["Connect Timeout"] = HanaConnectionStringKeys.ConnectTimeout,
        ["ConnectTimeout"] = HanaConnectionStringKeys.ConnectTimeout,
        ["Connection Timeout"] = HanaConnectionStringKeys.ConnectTimeout,
        ["Command Timeout"] = HanaConnectionStringKeys.CommandTimeout,
        ["CommandTimeout"] = HanaConnectionStringKeys.CommandTimeout,
        ["Pooling"] = HanaConnectionStringKeys.Pooling,
        ["Min Pool Size"] = HanaConnectionStringKeys.MinPoolSize,
        ["MinPoolSize"] = HanaConnectionStringKeys.MinPoolSize,
        ["Max Pool Size"] = HanaConnectionStringKeys.MaxPoolSize,
        ["MaxPoolSize"] = HanaConnectionStringKeys.MaxPoolSize,
        ["Connection Lifetime"] = HanaConnectionStringKeys.ConnectionLifetime,
        ["ConnectionLifetime"] = HanaConnectionStringKeys.ConnectionLifetime,
        ["Connection Idle Timeout"] = HanaConnectionStringKeys.ConnectionIdleTimeout,
        ["Connection Idle Ping Time"] = HanaConnectionStringKeys.ConnectionIdlePingTime,
        ["ConnectionIdlePingTime"] = HanaConnectionStringKeys.ConnectionIdlePingTime,
        // SQLDBC's spellings (keys are matched without regard to case)
        ["tcpKeepAlive"] = HanaConnectionStringKeys.TcpKeepAlive,
        ["tcpKeepAliveIdle"] = HanaConnectionStringKeys.TcpKeepAliveIdle,
        ["tcpKeepAliveInterval"] = HanaConnectionStringKeys.TcpKeepAliveInterval,
        ["tcpKeepAliveCount"] = HanaConnectionStringKeys.TcpKeepAliveCount,
        ["Application Name"] = HanaConnectionStringKeys.ApplicationName,
        ["ApplicationName"] = HanaConnectionStringKeys.ApplicationName,
        ["Data Format Version"] = HanaConnectionStringKeys.DataFormatVersion,
        ["Cancel Grace Period"] = HanaConnectionStringKeys.CancelGracePeriod,
        ["CancelGracePeriod"] = HanaConnectionStringKeys.CancelGracePeriod,
        ["Enlist"] = HanaConnectionStringKeys.Enlist,
        ["DataFormatVersion"] = HanaConnectionStringKeys.DataFormatVersion,
    });

    /// <summary>Creates an empty builder.</summary>
    public HanaConnectionStringBuilder()
    {
    }

    /// <summary>Parses and validates <paramref name="connectionString"/>.</summary>
    public HanaConnectionStringBuilder(string? connectionString)
    {
        ConnectionString = connectionString ?? string.Empty;
    }

    /// <inheritdoc />
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override object this[string keyword]
    {
        get => TryGetValue(keyword, out var value) ? value : throw new ArgumentException($"Unknown connection string key '{keyword}'.", nameof(keyword));
        set
        {
            var key = Canonical(keyword);
            if (value is null)
            {
                base.Remove(key);
                return;
            }
            base[key] = Validate(key, ConvertUnit(keyword, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty));
        }
    }

    /// <inheritdoc />
    public override bool TryGetValue(string keyword, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out object? value)
    {
        if (!TryCanonical(keyword, out var key))
        {
            value = null;
            return false;
        }
        return base.TryGetValue(key, out value!);
    }

    /// <inheritdoc />
    public override bool ContainsKey(string keyword) => TryCanonical(keyword, out var key) && base.ContainsKey(key);

    /// <inheritdoc />
    public override bool Remove(string keyword) => TryCanonical(keyword, out var key) && base.Remove(key);

    private static string Canonical(string keyword) =>
        TryCanonical(keyword?.Trim() ?? string.Empty, out var key)
            ? key
            : throw UnknownKey(keyword ?? string.Empty);

    private static string Validate(string key, string value)
    {
        switch (key)
        {
            case HanaConnectionStringKeys.Server:
                foreach (var endpoint in value.Split(','))
                {
                    ParseEndpoint(endpoint);
                }
                return value;
            case HanaConnectionStringKeys.Encrypt:
            case HanaConnectionStringKeys.SslValidateCertificate:
            case HanaConnectionStringKeys.Compress:
            case HanaConnectionStringKeys.Pooling:
            case HanaConnectionStringKeys.Enlist:
            case HanaConnectionStringKeys.TcpKeepAlive:
                ParseBoolean(key, value);
                return value;
            case HanaConnectionStringKeys.FetchSize:
                ParseInt(key, value, 1, int.MaxValue);
                return value;
            case HanaConnectionStringKeys.Authentication:
                Driver.Core.Auth.SignInMethodList.Parse(value);
                return value;
            case HanaConnectionStringKeys.ConnectTimeout:
            case HanaConnectionStringKeys.CommandTimeout:
            case HanaConnectionStringKeys.ConnectionLifetime:
            case HanaConnectionStringKeys.ConnectionIdleTimeout:
            case HanaConnectionStringKeys.CancelGracePeriod:
            case HanaConnectionStringKeys.ConnectionIdlePingTime:
                ParseInt(key, value, 0, int.MaxValue / 1000);
                return value;
            case HanaConnectionStringKeys.TcpKeepAliveIdle:
            case HanaConnectionStringKeys.TcpKeepAliveInterval:
                ParseInt(key, value, 1, 32767);
                return value;
            case HanaConnectionStringKeys.TcpKeepAliveCount:
                ParseInt(key, value, 1, 127);
                return value;
            case HanaConnectionStringKeys.MinPoolSize:
                ParseInt(key, value, 0, 10000);
                return value;
            case HanaConnectionStringKeys.MaxPoolSize:
                ParseInt(key, value, 1, 10000);
                return value;
            case HanaConnectionStringKeys.DataFormatVersion:
                var version = ParseInt(key, value, 1, Driver.Core.Types.DataFormatVersion.Latest);
                if (version is 2 or 3)
                {
                    throw new ArgumentException($"Connection string key '{key}': data format version {version} is not supported; use 1 or 4 to 9.", key);
                }
                return value;
            case ConnectionStringKeyTable.Distribution:
                ParseDistribution(value);
                return value;
            case ConnectionStringKeyTable.StatementCacheSize:
                ParseInt(key, value, 0, MaxStatementCacheSize);
                return value;
            default:
                return value;
        }
    }

    /// <summary>Parses <c>host:port</c>; the port defaults to 30015. IPv6 literals go in brackets.</summary>
    internal static (string Host, int Port) ParseEndpoint(string endpoint)
    {
        var text = endpoint.Trim();
        if (text.Length == 0)
        {
            throw new ArgumentException($"Connection string key '{HanaConnectionStringKeys.Server}': empty host in '{endpoint}'.", HanaConnectionStringKeys.Server);
        }
        string host;
        string? port = null;
        if (text.StartsWith("[", StringComparison.Ordinal))
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                throw new ArgumentException($"Connection string key '{HanaConnectionStringKeys.Server}': unclosed '[' in '{endpoint}'.", HanaConnectionStringKeys.Server);
            }
            host = text.Substring(1, close - 1);
            var rest = text.Substring(close + 1);
            if (rest.StartsWith(":", StringComparison.Ordinal))
            {
                port = rest.Substring(1);
            }
            else if (rest.Length > 0)
            {
                throw new ArgumentException($"Connection string key '{HanaConnectionStringKeys.Server}': unexpected '{rest}' in '{endpoint}'.", HanaConnectionStringKeys.Server);
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            host = colon < 0 ? text : text.Substring(0, colon);
            port = colon < 0 ? null : text.Substring(colon + 1);
        }
        if (host.Length == 0)
        {
            throw new ArgumentException($"Connection string key '{HanaConnectionStringKeys.Server}': empty host in '{endpoint}'.", HanaConnectionStringKeys.Server);
        }
        var portNumber = port is null ? 30015 : ParseInt(HanaConnectionStringKeys.Server, port, 1, 65535);
        return (host, portNumber);
    }

    private static bool ParseBoolean(string key, string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "1" or "on" => true,
        "false" or "no" or "0" or "off" => false,
        _ => throw new ArgumentException($"Connection string key '{key}': '{value}' is not a boolean (true/false).", key),
    };

    private static int ParseInt(string key, string value, int min, int max)
    {
        if (!int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw new ArgumentException($"Connection string key '{key}': '{value}' is not a whole number from {min} to {max}.", key);
        }
        return number;
    }

    private string? GetString(string key) => base.TryGetValue(key, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
    private bool GetBoolean(string key, bool defaultValue) => GetString(key) is { } text ? ParseBoolean(key, text) : defaultValue;
    private int GetInt(string key, int defaultValue) => GetString(key) is { } text ? ParseInt(key, text, int.MinValue, int.MaxValue) : defaultValue;

    /// <summary><c>host:port</c>, or a comma-separated list for failover.</summary>
    public string Server { get => GetString(HanaConnectionStringKeys.Server) ?? string.Empty; set => this[HanaConnectionStringKeys.Server] = value; }
    /// <summary>The database user.</summary>
    public string UserName { get => GetString(HanaConnectionStringKeys.UserName) ?? string.Empty; set => this[HanaConnectionStringKeys.UserName] = value; }
    /// <summary>The password.</summary>
    public string Password { get => GetString(HanaConnectionStringKeys.Password) ?? string.Empty; set => this[HanaConnectionStringKeys.Password] = value; }
    /// <summary>Schema set after connecting, or null.</summary>
    public string? CurrentSchema { get => GetString(HanaConnectionStringKeys.CurrentSchema); set => this[HanaConnectionStringKeys.CurrentSchema] = value; }
    /// <summary>TLS from the first byte.</summary>
    public bool Encrypt { get => GetBoolean(HanaConnectionStringKeys.Encrypt, false); set => this[HanaConnectionStringKeys.Encrypt] = value; }
    /// <summary>Validate the server certificate (default true).</summary>
    public bool SslValidateCertificate { get => GetBoolean(HanaConnectionStringKeys.SslValidateCertificate, true); set => this[HanaConnectionStringKeys.SslValidateCertificate] = value; }
    /// <summary>Host name expected in the server certificate.</summary>
    public string? SslHostNameInCertificate { get => GetString(HanaConnectionStringKeys.SslHostNameInCertificate); set => this[HanaConnectionStringKeys.SslHostNameInCertificate] = value; }
    /// <summary>Path of a certificate file to trust as root.</summary>
    public string? SslTrustedRootCertificate { get => GetString(HanaConnectionStringKeys.SslTrustedRootCertificate); set => this[HanaConnectionStringKeys.SslTrustedRootCertificate] = value; }
    /// <summary>
    /// LZ4 compression (§11; see <see cref="HanaConnectionStringKeys.Compress"/>): not set (reads true), offered and the
    /// server decides; set true, asked for; set false, never offered.
    /// </summary>
    public bool Compress { get => GetBoolean(HanaConnectionStringKeys.Compress, true); set => this[HanaConnectionStringKeys.Compress] = value; }
    /// <summary>Rows per fetch (default 1000).</summary>
    public int FetchSize { get => GetInt(HanaConnectionStringKeys.FetchSize, 1000); set => this[HanaConnectionStringKeys.FetchSize] = value; }
    /// <summary>Seconds to connect (default 15).</summary>
    public int ConnectTimeout { get => GetInt(HanaConnectionStringKeys.ConnectTimeout, 15); set => this[HanaConnectionStringKeys.ConnectTimeout] = value; }
    /// <summary>Seconds a command may run; 0 = no limit (default 30).</summary>
    public int CommandTimeout { get => GetInt(HanaConnectionStringKeys.CommandTimeout, 30); set => this[HanaConnectionStringKeys.CommandTimeout] = value; }
    /// <summary>Seconds to wait for a cancelled statement's reply after a timeout or cancel (default 10); see <see cref="HanaConnectionStringKeys.CancelGracePeriod"/>.</summary>
    public int CancelGracePeriod { get => GetInt(HanaConnectionStringKeys.CancelGracePeriod, 10); set => this[HanaConnectionStringKeys.CancelGracePeriod] = value; }
    /// <summary>Join the ambient transaction on Open (default true; see <see cref="HanaConnectionStringKeys.Enlist"/>).</summary>
    public bool Enlist { get => GetBoolean(HanaConnectionStringKeys.Enlist, true); set => this[HanaConnectionStringKeys.Enlist] = value; }
    /// <summary>Use the connection pool (default true).</summary>
    public bool Pooling { get => GetBoolean(HanaConnectionStringKeys.Pooling, true); set => this[HanaConnectionStringKeys.Pooling] = value; }
    /// <summary>Connections the pool keeps open (default 0).</summary>
    public int MinPoolSize { get => GetInt(HanaConnectionStringKeys.MinPoolSize, 0); set => this[HanaConnectionStringKeys.MinPoolSize] = value; }
    /// <summary>Connections the pool opens at most (default 100).</summary>
    public int MaxPoolSize { get => GetInt(HanaConnectionStringKeys.MaxPoolSize, 100); set => this[HanaConnectionStringKeys.MaxPoolSize] = value; }
    /// <summary>Seconds a pooled connection may live; 0 = no limit.</summary>
    public int ConnectionLifetime { get => GetInt(HanaConnectionStringKeys.ConnectionLifetime, 0); set => this[HanaConnectionStringKeys.ConnectionLifetime] = value; }
    /// <summary>Seconds an idle pooled connection is kept (default 300).</summary>
    public int ConnectionIdleTimeout { get => GetInt(HanaConnectionStringKeys.ConnectionIdleTimeout, 300); set => this[HanaConnectionStringKeys.ConnectionIdleTimeout] = value; }
    /// <summary>
    /// Seconds a pooled connection may sit idle before the pool's next rent checks it with a round trip (default 60;
    /// 0 = never): a dead one is closed and another handed out (docs/scale-out.md, "Session recovery").
    /// </summary>
    public int ConnectionIdlePingTime { get => GetInt(HanaConnectionStringKeys.ConnectionIdlePingTime, 60); set => this[HanaConnectionStringKeys.ConnectionIdlePingTime] = value; }
    /// <summary>TCP keep-alive on the connection's socket (default true; docs/scale-out.md, "Keep-alive").</summary>
    public bool TcpKeepAlive { get => GetBoolean(HanaConnectionStringKeys.TcpKeepAlive, true); set => this[HanaConnectionStringKeys.TcpKeepAlive] = value; }
    /// <summary>Seconds a socket is idle before the first keep-alive probe (default 30; where the platform allows).</summary>
    public int TcpKeepAliveIdle { get => GetInt(HanaConnectionStringKeys.TcpKeepAliveIdle, 30); set => this[HanaConnectionStringKeys.TcpKeepAliveIdle] = value; }
    /// <summary>Seconds between keep-alive probes (default 10; where the platform allows).</summary>
    public int TcpKeepAliveInterval { get => GetInt(HanaConnectionStringKeys.TcpKeepAliveInterval, 10); set => this[HanaConnectionStringKeys.TcpKeepAliveInterval] = value; }
    /// <summary>Unanswered probes before the socket is declared dead (default 3; .NET Core 3.0+ only).</summary>
    public int TcpKeepAliveCount { get => GetInt(HanaConnectionStringKeys.TcpKeepAliveCount, 3); set => this[HanaConnectionStringKeys.TcpKeepAliveCount] = value; }
    /// <summary>Application name reported to the server.</summary>
    public string? ApplicationName { get => GetString(HanaConnectionStringKeys.ApplicationName); set => this[HanaConnectionStringKeys.ApplicationName] = value; }
    /// <summary>Data format version asked for (default 8; 9 adds REAL_VECTOR; a server grants at most what it knows).</summary>
    public int DataFormatVersion { get => GetInt(HanaConnectionStringKeys.DataFormatVersion, 8); set => this[HanaConnectionStringKeys.DataFormatVersion] = value; }

    /// <summary>The connection string with the password masked.</summary>
    public override string ToString()
    {
        var copy = new DbConnectionStringBuilder();
        foreach (string key in base.Keys)
        {
            copy[key] = IsSecret(key) ? "********" : base[key];
        }
        return copy.ConnectionString;
    }
}
