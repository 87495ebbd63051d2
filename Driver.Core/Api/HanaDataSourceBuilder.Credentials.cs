using Driver.Core.Api;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// Credential providers (docs/sign-in.md): a fresh password or token before each physical connection.
public sealed partial class HanaDataSourceBuilder
{
    private Func<CredentialProvider>? _credentials;

    /// <summary>
    /// Asks <paramref name="passwordProvider"/> (Driver.Sync) or <paramref name="passwordProviderAsync"/>
    /// (Driver.Async, awaited; the synchronous one is called when only it is given) for the password before each
    /// physical connection the data source's pool opens. The callback gets the connection string without its secrets.
    /// </summary>
    public HanaDataSourceBuilder UsePasswordProvider(
        Func<HanaConnectionStringBuilder, string>? passwordProvider,
        Func<HanaConnectionStringBuilder, CancellationToken, ValueTask<string>>? passwordProviderAsync) =>
        UseProvider(isToken: false, passwordProvider, passwordProviderAsync, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>
    /// Asks for a JSON Web Token (sign-in method JWT) before each physical connection, as
    /// <see cref="UsePasswordProvider"/> does for passwords: short-lived tokens work with a pool.
    /// </summary>
    public HanaDataSourceBuilder UseTokenProvider(
        Func<HanaConnectionStringBuilder, string>? tokenProvider,
        Func<HanaConnectionStringBuilder, CancellationToken, ValueTask<string>>? tokenProviderAsync) =>
        UseProvider(isToken: true, tokenProvider, tokenProviderAsync, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>
    /// Like <see cref="UsePasswordProvider"/>, but the password is kept and renewed in the background every
    /// <paramref name="successRefreshInterval"/> (after a failed call: <paramref name="failureRefreshInterval"/>, the
    /// last good password staying in use), as Npgsql's UsePeriodicPasswordProvider. The first physical connection
    /// waits for the first value; disposing the data source stops the refresh.
    /// </summary>
    public HanaDataSourceBuilder UsePeriodicPasswordProvider(
        Func<HanaConnectionStringBuilder, string>? passwordProvider,
        Func<HanaConnectionStringBuilder, CancellationToken, ValueTask<string>>? passwordProviderAsync,
        TimeSpan successRefreshInterval, TimeSpan failureRefreshInterval) =>
        UseProvider(isToken: false, passwordProvider, passwordProviderAsync, successRefreshInterval, failureRefreshInterval);

    /// <summary>The periodic variant of <see cref="UseTokenProvider"/>: see <see cref="UsePeriodicPasswordProvider"/>.</summary>
    public HanaDataSourceBuilder UsePeriodicTokenProvider(
        Func<HanaConnectionStringBuilder, string>? tokenProvider,
        Func<HanaConnectionStringBuilder, CancellationToken, ValueTask<string>>? tokenProviderAsync,
        TimeSpan successRefreshInterval, TimeSpan failureRefreshInterval) =>
        UseProvider(isToken: true, tokenProvider, tokenProviderAsync, successRefreshInterval, failureRefreshInterval);

    private HanaDataSourceBuilder UseProvider(bool isToken, Func<HanaConnectionStringBuilder, string>? provide,
        Func<HanaConnectionStringBuilder, CancellationToken, ValueTask<string>>? provideAsync, TimeSpan refresh, TimeSpan failureRefresh)
    {
#if SYNC
        if (provide is null)
        {
            throw new ArgumentException("Driver.Sync calls the synchronous provider: give it (the asynchronous one is Driver.Async's).", nameof(provide));
        }
#else
        if (provide is null && provideAsync is null)
        {
            throw new ArgumentException("Give a synchronous or an asynchronous provider.", nameof(provideAsync));
        }
#endif
        if (refresh < TimeSpan.Zero || failureRefresh < TimeSpan.Zero || (refresh > TimeSpan.Zero && failureRefresh == TimeSpan.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(refresh), "Refresh intervals must be positive.");
        }
        _credentials = () =>
        {
            // the callback sees the connection string as it is at Build, without its secrets
            var snapshot = new HanaConnectionStringBuilder(ConnectionStringBuilder.ConnectionString);
            snapshot.Remove(HanaConnectionStringKeys.Password);
            snapshot.Remove(HanaConnectionStringKeys.Token);
            snapshot.Remove(HanaConnectionStringKeys.Assertion);
            snapshot.Remove(HanaConnectionStringKeys.SslClientCertificatePassword);
            snapshot.Remove(HanaConnectionStringKeys.AuthenticationX509);
            snapshot.Remove(HanaConnectionStringKeys.AuthenticationX509Password);
            return new CredentialProvider(isToken, provide, provideAsync, snapshot, refresh, failureRefresh);
        };
        return this;
    }

    private CredentialProvider? BuildCredentialProvider() => _credentials?.Invoke();

    private Driver.Core.Auth.X509Credential? _x509;

    /// <summary>
    /// Signs in with method X509 (docs/sign-in.md, §8.4.2): <paramref name="certificate"/> (which must hold its private
    /// key) signs the server's challenge, and travels with <paramref name="issuers"/> (intermediate certificates, if
    /// the server needs them to reach its trusted CA) as the chain. Takes precedence over the AuthenticationX509 key.
    /// The data source's connections pool apart from others. The certificates stay the caller's to dispose (after the
    /// data source).
    /// </summary>
    /// <exception cref="ArgumentException">The certificate has no private key.</exception>
    public HanaDataSourceBuilder UseX509Certificate(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate,
        System.Security.Cryptography.X509Certificates.X509Certificate2Collection? issuers = null)
    {
        if (certificate is null)
        {
            throw new ArgumentNullException(nameof(certificate));
        }
        _x509 = new Driver.Core.Auth.X509Credential(certificate, issuers?.Cast<System.Security.Cryptography.X509Certificates.X509Certificate2>(), owned: false);
        return this;
    }

    private Driver.Core.Auth.X509Credential? BuildX509Credential() => _x509;
}
