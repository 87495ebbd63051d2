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
            return new CredentialProvider(isToken, provide, provideAsync, snapshot, refresh, failureRefresh);
        };
        return this;
    }

    private CredentialProvider? BuildCredentialProvider() => _credentials?.Invoke();
}
