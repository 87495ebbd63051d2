using Microsoft.Extensions.Logging;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Api;

/// <summary>
/// What a data source (built by HanaDataSourceBuilder) gives every connection it creates, beyond the connection
/// string: where the driver logs, and whether the statement text may go into traces. Immutable once built, shared
/// by all connections of the data source.
/// </summary>
internal sealed class DataSourceSettings
{
    public static readonly DataSourceSettings Default = new(null, includeStatementText: false);

    public DataSourceSettings(ILoggerFactory? loggerFactory, bool includeStatementText, CredentialProvider? credentials = null, Driver.Core.Auth.X509Credential? x509 = null)
    {
        LoggerFactory = loggerFactory;
        IncludeStatementText = includeStatementText;
        Credentials = credentials;
        X509 = x509;
    }

    /// <summary>The certificate for sign-in method X509 given to the builder (HanaDataSourceBuilder.UseX509Certificate); null: the connection string's.</summary>
    public Driver.Core.Auth.X509Credential? X509 { get; }

    /// <summary>The password or token provider asked before each physical connection; null: the connection string's.</summary>
    public CredentialProvider? Credentials { get; }

    /// <summary>The nodes the data source's connections learned of (HanaDataSource.Topology, docs/scale-out.md).</summary>
    public Driver.Core.Session.TopologyTracker Topology { get; } = new();

    /// <summary>Orders the nodes a new session tries (docs/scale-out.md); null: the Server endpoints in order.</summary>
    public IHanaHostSelectionPolicy? HostSelection { get; set; }

    /// <summary>Decides the retries of an open and of a statement on a broken connection (docs/scale-out.md); null: HanaRetry.Default.</summary>
    public IHanaRetryPolicy? RetryPolicy { get; set; }

    private static int s_nextId;
    private readonly int _id = Interlocked.Increment(ref s_nextId);

    /// <summary>
    /// 0 without policies; otherwise a number of this data source's own, which goes into the pool key: pools are shared
    /// by the connection string, and a pool's sessions are chosen and opened by its policies, so a data source with
    /// policies has pools of its own (docs/scale-out.md, "Pooled sessions").
    /// </summary>
    public int PolicyId => HostSelection is null && RetryPolicy is null ? 0 : _id;

    // ---------------------------------------------------------------- the close hierarchy (docs/scale-out.md, "Disposing a data source")

    private int _disposed;

    // the data source's open connections (removed on close) and the keys of its own pools; ConcurrentDictionary as a
    // set: opens and closes on many threads take no common lock. The connections are held weakly: one the application
    // never closes must stay collectable (its socket's finalizer then closes it), as it would without a data source
    private readonly System.Collections.Concurrent.ConcurrentDictionary<WeakReference<HanaConnection>, byte> _open = new();
    private int _pruneAt = 64;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _ownPools = new(StringComparer.Ordinal);

    /// <summary>The data source was disposed: its connections open no more (ObjectDisposedException).</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Throws ObjectDisposedException once the data source was disposed.</summary>
    public void ThrowIfDisposed()
    {
        if (IsDisposed)
        {
            throw new ObjectDisposedException(nameof(HanaDataSource), "The data source was disposed; it opens no more connections.");
        }
    }

    /// <summary>A connection of this data source opened (the shared default settings track nothing).</summary>
    public void Opened(HanaConnection connection)
    {
        if (!ReferenceEquals(this, Default))
        {
            var entry = connection.DataSourceEntry ??= new WeakReference<HanaConnection>(connection);
            _open.TryAdd(entry, 0);
            if (_open.Count >= Volatile.Read(ref _pruneAt))
            {
                PruneCollected();
            }
        }
    }

    // drops the entries of connections collected without a close; the next prune waits until the set doubles, so opens
    // pay for it in amortised constant time
    private void PruneCollected()
    {
        foreach (var entry in _open.Keys)
        {
            if (!entry.TryGetTarget(out _))
            {
                _open.TryRemove(entry, out _);
            }
        }
        Volatile.Write(ref _pruneAt, Math.Max(64, _open.Count * 2));
    }

    /// <summary>A connection of this data source closed.</summary>
    public void Closed(HanaConnection connection)
    {
        if (!ReferenceEquals(this, Default) && connection.DataSourceEntry is { } entry)
        {
            _open.TryRemove(entry, out _);
        }
    }

    /// <summary>
    /// A pool keyed by this data source's identity (its policies, credential provider or certificate) was used: it is
    /// disposed with the data source. One created while the data source was being disposed is disposed at once.
    /// </summary>
    public void OwnPool(string key)
    {
        if (_ownPools.TryAdd(key, 0) && IsDisposed)
        {
            Driver.Core.Session.ConnectionPoolRegistry.Remove(key);
        }
    }

    /// <summary>
    /// HanaDataSource.Dispose: once only. Stops the credential refresh, cancels the statements running on the data
    /// source's open connections (as HanaCommand.Cancel does: ALTER SYSTEM CANCEL SESSION over a side connection; the
    /// calls fail with HANA's error 139 and the connections stay open), and disposes its own pools (idle sessions
    /// closed now, busy ones discarded when given back). Shared pools are left alone.
    /// </summary>
    public void Dispose()
    {
        if (ReferenceEquals(this, Default) || Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        Credentials?.Dispose();
        foreach (var entry in _open.Keys)
        {
            if (!entry.TryGetTarget(out var connection))
            {
                continue;
            }
            try
            {
                connection.CancelEverything();
            }
            catch (Exception exception) when (exception is HanaException or InvalidOperationException or ObjectDisposedException)
            {
                // closing at this moment, or the side connection failed: the call ends on its own (Command Timeout)
            }
        }
        foreach (var key in _ownPools.Keys)
        {
            Driver.Core.Session.ConnectionPoolRegistry.Remove(key);
        }
    }

    /// <summary>Null: the driver does not log (no global logger is assumed).</summary>
    public ILoggerFactory? LoggerFactory { get; }

    /// <summary>
    /// Statement text in spans (db.query.text): off unless enabled, because a statement may carry literals the
    /// application would not want exported.
    /// </summary>
    public bool IncludeStatementText { get; }

    // created on first use and shared by the data source's connections (a benign race creates one twice at most)
    private ILogger? _connectionLogger;
    private ILogger? _commandLogger;

    /// <summary>Null when there is no logger factory: nothing is created then.</summary>
    public ILogger? ConnectionLogger => LoggerFactory is { } factory ? _connectionLogger ??= factory.CreateLogger(HanaTelemetry.ConnectionLogCategory) : null;

    // the keys already named by a warning: each once per data source, however many connections open
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _warnedKeys = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Logs, once per data source and key, that a documented connection string key has no effect here
    /// (<see cref="ConnectionStringKeyTable"/>). Without a logger factory there is nowhere to say it.
    /// </summary>
    public void WarnIgnoredKeys(IReadOnlyList<string> keys)
    {
        if (keys.Count == 0 || ConnectionLogger is not { } logger)
        {
            return;
        }
        foreach (var key in keys)
        {
            if (_warnedKeys.TryAdd(key, true))
            {
                Driver.Core.Telemetry.Log.ConnectionStringKeyIgnored(logger, key, ConnectionStringKeyTable.Reason(key));
            }
        }
    }

    /// <summary>Null when there is no logger factory: nothing is created then.</summary>
    public ILogger? CommandLogger => LoggerFactory is { } factory ? _commandLogger ??= factory.CreateLogger(HanaTelemetry.CommandLogCategory) : null;
}
