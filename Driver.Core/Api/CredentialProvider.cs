using Driver.Core.Session;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Api;

/// <summary>
/// A data source's password or token provider (HanaDataSourceBuilder.UsePasswordProvider, UseTokenProvider and their
/// periodic variants): asked for a fresh secret before each physical connection, so expiring tokens work with a pool.
/// Driver.Sync calls the synchronous callback; Driver.Async awaits the asynchronous one (or calls the synchronous one
/// when only that was given). With a refresh interval the value is kept and renewed in the background on a timer, and
/// a physical connection takes the value in hand; a failed refresh is retried after the failure interval, the last
/// good value staying in use meanwhile. The secret is never rendered.
/// </summary>
internal sealed class CredentialProvider : IDisposable
{
    private readonly bool _isToken;
    private readonly Func<HanaConnectionStringBuilder, string>? _provide;
    private readonly Func<HanaConnectionStringBuilder, CancellationToken, ValueTask<string>>? _provideAsync;
    private readonly HanaConnectionStringBuilder _connectionString;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeSpan _failureRefreshInterval;
    private readonly object _lock = new();
    private string? _current;
    private Timer? _timer;
    private bool _disposed;

    /// <param name="isToken">A JWT provider (else a password provider).</param>
    /// <param name="provide">The caller's blocking callback.</param>
    /// <param name="provideAsync">The caller's async callback (Driver.Async prefers it).</param>
    /// <param name="connectionString">Given to the callbacks, without secrets.</param>
    /// <param name="refreshInterval">Zero: no caching, the callback runs for each physical connection.</param>
    /// <param name="failureRefreshInterval">How soon a periodic refresh that failed is retried.</param>
    public CredentialProvider(bool isToken, Func<HanaConnectionStringBuilder, string>? provide,
        Func<HanaConnectionStringBuilder, CancellationToken, ValueTask<string>>? provideAsync,
        HanaConnectionStringBuilder connectionString, TimeSpan refreshInterval, TimeSpan failureRefreshInterval)
    {
        _isToken = isToken;
        _provide = provide;
        _provideAsync = provideAsync;
        _connectionString = connectionString;
        _refreshInterval = refreshInterval;
        _failureRefreshInterval = failureRefreshInterval;
    }

    /// <summary>Identifies the provider in the pool key: connections of another provider never share its sessions.</summary>
    public string Id { get; } = Guid.NewGuid().ToString("N");

    private bool Periodic => _refreshInterval > TimeSpan.Zero;

    private SignInCredential Wrap(string secret)
    {
        if (secret is null)
        {
            throw new InvalidOperationException($"The {Kind} provider returned null.");
        }
        return _isToken ? new SignInCredential(null, secret) : new SignInCredential(secret, null);
    }

    private string Kind => _isToken ? "token" : "password";

    private bool TryCurrent(out string secret)
    {
        lock (_lock)
        {
            secret = _current!;
            return Periodic && !_disposed && _current is not null;
        }
    }

    /// <summary>Keeps <paramref name="secret"/> and (re)arms the refresh timer.</summary>
    private void Keep(string? secret, bool succeeded)
    {
        lock (_lock)
        {
            if (!Periodic || _disposed)
            {
                return;
            }
            if (secret is not null)
            {
                _current = secret;
            }
            var due = succeeded ? _refreshInterval : _failureRefreshInterval;
            if (_timer is null)
            {
                _timer = new Timer(static state => ((CredentialProvider)state!).Refresh(), this, due, Timeout.InfiniteTimeSpan);
            }
            else
            {
                _timer.Change(due, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>The kept secret of a periodic provider, or null when the provider has to be asked.</summary>
    public SignInCredential? Kept() => TryCurrent(out var current) ? Wrap(current) : null;

    /// <summary>What the provider returned for the next physical connection (kept when periodic).</summary>
    public SignInCredential Provided(string? secret)
    {
        // a null from the caller's code despite the signature: not kept, and Wrap says so
        Keep(secret, succeeded: secret is not null);
        return Wrap(secret!);
    }

    /// <summary>A periodic refresh (timer thread): a failed call keeps the last good value, retried after the failure interval.</summary>
    private void Refresh() => Provide(CancellationToken.None).ContinueWith(
        static (call, state) => ((CredentialProvider)state!).Keep(call.Status == TaskStatus.RanToCompletion ? call.Result : null, call.Status == TaskStatus.RanToCompletion && call.Result is not null),
        this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    // the one flavored leaf: calling the caller's code (Driver.Sync its blocking callback; Driver.Async its async one
    // when given, else the blocking one); on the refresh timer either way, the result as a task
#if SYNC
    /// <summary>Calls the caller's blocking provider.</summary>
    public string Call() => _provide!(_connectionString);

    private Task<string> Provide(CancellationToken cancellationToken) => Task.Run(Call, cancellationToken);
#else
    /// <summary>Calls the caller's provider without blocking when it has an async one.</summary>
    public ValueTask<string> CallAsync(CancellationToken cancellationToken) =>
        _provideAsync is { } provideAsync ? provideAsync(_connectionString, cancellationToken) : new(_provide!(_connectionString));

    private Task<string> Provide(CancellationToken cancellationToken) => CallAsync(cancellationToken).AsTask();
#endif

    public override string ToString() => $"{Kind} provider" + (Periodic ? $" refreshed every {_refreshInterval}" : "");

    /// <summary>Stops the refresh; later physical connections call the provider each time.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _current = null;
            _timer?.Dispose();
            _timer = null;
        }
    }
}
