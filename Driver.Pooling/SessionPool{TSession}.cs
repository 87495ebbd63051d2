using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Driver.Pooling;

/// <summary>
/// A pool of database sessions over one or more endpoints.
/// <list type="bullet">
/// <item>A hard cap: at most Max Pool Size sessions exist (idle, in use, being opened). A caller beyond it
/// waits in ONE first-come-first-served queue shared by sync waiters (blocked on an event, never on a task)
/// and async waiters (awaiting a task, never blocking a thread), up to the connect timeout; then
/// <see cref="PoolExhaustedException"/>.</item>
/// <item>Hand-off: a returned session goes straight to the first waiter; a closed one passes its slot on, so
/// the waiter opens a new session. A late caller never overtakes a queued one.</item>
/// <item>Health: a session is handed out only once the factory opened it; broken, expired (Max Lifetime),
/// cleared (older pool generation) or endpoint-dropped (older endpoint generation) sessions are closed instead
/// of reused; a returned session is reset, and closed when the reset fails.</item>
/// <item>Idle sessions are retained per endpoint by a Microsoft.Extensions.ObjectPool; the counts, the queue,
/// generations, pruning, lifetime, endpoints, leak tracking and metrics are this class.</item>
/// </list>
/// Renting and returning a healthy idle session allocates nothing (one short lock each way).
/// </summary>
public sealed partial class SessionPool<TSession> : SessionPool
    where TSession : class, IPooledSession
{
    private static readonly Action<object?> s_cancelWaiter = static state => ((PoolWaiter<TSession>)state!).TryCancel();

    private readonly object _lock = new();
    private readonly ISessionFactory<TSession> _factory;
    private readonly string _name;
    private readonly int _maxPoolSize;
    private readonly int _minPoolSize;
    private readonly TimeSpan _connectionTimeout;
    private readonly long _maxLifetimeMs;
    private readonly long _endpointRetryDelayMs;
    private readonly bool _leakTracking;
    private readonly Func<long> _clock;
    private readonly Timer? _timer;
    private readonly Func<IReadOnlyList<string>, IReadOnlyList<string>>? _endpointOrder;

    // guarded by _lock
    private readonly PoolEntry<TSession>?[] _slots;
    private readonly LinkedList<PoolWaiter<TSession>> _waiters = new();
    private readonly int[] _idleLowWater;
    private EndpointState<TSession>[] _endpoints;
    private int _total;
    private int _idle;
    private int _nextEndpoint;
    private int _nextIdleEndpoint;
    private int _lowWaterSinceTick;
    private int _tick;

    private int _generation;
    private long _created;
    private long _destroyed;
    private long _timeouts;
    private long _waitMs;
    private int _maintaining;
    private volatile bool _disposed;

    /// <summary>Creates a pool that opens sessions with <paramref name="factory"/> under the limits of <paramref name="options"/>.</summary>
    public SessionPool(ISessionFactory<TSession> factory, SessionPoolOptions options)
    {
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }
        if (options.MaxPoolSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxPoolSize, "Max Pool Size must be at least 1.");
        }
        if (options.MinPoolSize < 0 || options.MinPoolSize > options.MaxPoolSize)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MinPoolSize, $"Min Pool Size must be between 0 and Max Pool Size ({options.MaxPoolSize}).");
        }
        if (options.ConnectionTimeout < TimeSpan.Zero || options.ConnectionTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ConnectionTimeout, "Connect Timeout must be zero (wait forever) or a positive time below 24 days.");
        }
        var names = options.Endpoints.Where(e => !string.IsNullOrWhiteSpace(e)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (names.Length == 0)
        {
            throw new ArgumentException("A session pool needs at least one endpoint.", nameof(options));
        }
        _name = options.Name;
        _maxPoolSize = options.MaxPoolSize;
        _minPoolSize = options.MinPoolSize;
        _connectionTimeout = options.ConnectionTimeout;
        _maxLifetimeMs = (long)Math.Max(0, options.MaxLifetime.TotalMilliseconds);
        _endpointRetryDelayMs = (long)Math.Max(0, options.EndpointRetryDelay.TotalMilliseconds);
        _leakTracking = options.LeakTracking;
        _clock = options.Clock;
        _endpointOrder = options.EndpointOrder;
        _slots = new PoolEntry<TSession>?[_maxPoolSize];
        _endpoints = names.Select(n => new EndpointState<TSession>(n, _maxPoolSize)).ToArray();
        // one low-water sample per pruning tick, across the idle timeout: a session idle through all of them was not needed
        var interval = options.PruningInterval > TimeSpan.Zero ? options.PruningInterval : TimeSpan.FromSeconds(10);
        _idleLowWater = new int[Math.Max(1, (int)Math.Ceiling(options.IdleTimeout.TotalMilliseconds / interval.TotalMilliseconds))];
        Register();
        if (options.StartTimer)
        {
            // the timer must not capture the creator's execution context (AsyncLocals of whichever request came first)
            using (ExecutionContext.SuppressFlow())
            {
                _timer = new Timer(static state => ((SessionPool<TSession>)state!).OnTimer(), this, interval, interval);
            }
        }
    }

    /// <inheritdoc/>
    public override string Name => _name;
    /// <summary>The cap on sessions in use plus idle (Max Pool Size).</summary>
    public int MaxPoolSize => _maxPoolSize;
    /// <summary>Sessions the pool keeps open when idle (Min Pool Size).</summary>
    public int MinPoolSize => _minPoolSize;

    /// <summary>The endpoints in the rotation (including those currently down).</summary>
    public IReadOnlyList<string> Endpoints => Volatile.Read(ref _endpoints).Select(e => e.Name).ToArray();

    // ------------------------------------------------------------------ renting

    /// <summary>Rents a session, blocking (never on a task) while the pool is at its cap.</summary>
    /// <exception cref="PoolExhaustedException">No session came free within the connect timeout.</exception>
    public SessionLease<TSession> Rent(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = PoolMetrics.WaitTimeEnabled ? Stopwatch.GetTimestamp() : 0;
        var waiter = AcquireOrEnqueue(isAsync: false, out var entry);
        if (waiter is not null)
        {
            entry = WaitSync(waiter, cancellationToken);
        }
        if (entry is not null)
        {
            if (IsReusable(entry))
            {
                return Lease(entry, started);
            }
            Destroy(entry, keepSlot: true);
        }
        // we hold a slot: open a session in it
        return Lease(OpenSync(cancellationToken), started);
    }

    /// <summary>Rents a session, awaiting (never blocking a thread) while the pool is at its cap.</summary>
    /// <exception cref="PoolExhaustedException">No session came free within the connect timeout.</exception>
    public ValueTask<SessionLease<TSession>> RentAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return new ValueTask<SessionLease<TSession>>(Task.FromCanceled<SessionLease<TSession>>(cancellationToken));
        }
        var started = PoolMetrics.WaitTimeEnabled ? Stopwatch.GetTimestamp() : 0;
        var waiter = AcquireOrEnqueue(isAsync: true, out var entry);
        if (waiter is null && entry is not null && IsReusable(entry))
        {
            return new ValueTask<SessionLease<TSession>>(Lease(entry, started));
        }
        return RentSlowAsync(waiter, entry, started, cancellationToken);
    }

    private async ValueTask<SessionLease<TSession>> RentSlowAsync(PoolWaiter<TSession>? waiter, PoolEntry<TSession>? entry, long started, CancellationToken cancellationToken)
    {
        if (waiter is not null)
        {
            entry = await WaitAsync(waiter, cancellationToken).ConfigureAwait(false);
        }
        if (entry is not null)
        {
            if (IsReusable(entry))
            {
                return Lease(entry, started);
            }
            Destroy(entry, keepSlot: true);
        }
        return Lease(await OpenAsync(cancellationToken).ConfigureAwait(false), started);
    }

    /// <summary>
    /// Takes an idle session, or a slot for a new one (entry null), or queues the caller. Queued callers are
    /// served strictly in order: while anyone waits, newcomers queue behind them.
    /// </summary>
    private PoolWaiter<TSession>? AcquireOrEnqueue(bool isAsync, out PoolEntry<TSession>? entry)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(SessionPool<TSession>), $"The session pool '{_name}' is closed.");
            }
            if (_waiters.Count == 0)
            {
                entry = TakeIdleLocked();
                if (entry is not null)
                {
                    return null;
                }
                if (_total < _maxPoolSize)
                {
                    _total++;
                    return null;
                }
            }
            entry = null;
            var waiter = new PoolWaiter<TSession>(isAsync) { EnqueuedAt = _clock() };
            _waiters.AddLast(waiter.Node);
            return waiter;
        }
    }

    private PoolEntry<TSession>? TakeIdleLocked()
    {
        if (_idle == 0)
        {
            return null;
        }
        var endpoints = _endpoints;
        // with several endpoints, spread reuse over them as well as new sessions
        var start = endpoints.Length == 1 ? 0 : (int)((uint)_nextIdleEndpoint++ % (uint)endpoints.Length);
        for (var i = 0; i < endpoints.Length; i++)
        {
            var endpoint = endpoints[(start + i) % endpoints.Length];
            if (endpoint.IdleCount == 0)
            {
                continue;
            }
            var entry = endpoint.Idle.Get();
            if (entry is null)
            {
                continue;
            }
            endpoint.IdleCount--;
            _idle--;
            if (_idle < _lowWaterSinceTick)
            {
                _lowWaterSinceTick = _idle;
            }
            return entry;
        }
        return null;
    }

    private PoolEntry<TSession>? WaitSync(PoolWaiter<TSession> waiter, CancellationToken cancellationToken)
    {
        try
        {
            // the event is not disposed: the granting thread may still be setting it (it holds no kernel handle)
            waiter.Signal!.Wait(_connectionTimeout == TimeSpan.Zero ? Timeout.Infinite : (int)_connectionTimeout.TotalMilliseconds, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // fall through: EndWait decides whether the grant or the cancellation won
        }
        return EndWait(waiter, cancellationToken);
    }

    private async ValueTask<PoolEntry<TSession>?> WaitAsync(PoolWaiter<TSession> waiter, CancellationToken cancellationToken)
    {
        CancellationTokenSource? timeout = null;
        CancellationTokenRegistration timeoutRegistration = default;
        CancellationTokenRegistration userRegistration = default;
        try
        {
            if (_connectionTimeout > TimeSpan.Zero)
            {
                timeout = new CancellationTokenSource(_connectionTimeout);
                timeoutRegistration = timeout.Token.Register(s_cancelWaiter, waiter);
            }
            if (cancellationToken.CanBeCanceled)
            {
                userRegistration = cancellationToken.Register(s_cancelWaiter, waiter);
            }
            await waiter.Completion!.Task.ConfigureAwait(false);
        }
        finally
        {
            userRegistration.Dispose();
            timeoutRegistration.Dispose();
            timeout?.Dispose();
        }
        return EndWait(waiter, cancellationToken);
    }

    /// <summary>After a wait ended for any reason: the entry (or slot) granted, or the reason it was not.</summary>
    private PoolEntry<TSession>? EndWait(PoolWaiter<TSession> waiter, CancellationToken cancellationToken)
    {
        waiter.TryCancel(); // no-op when the pool already decided
        var waited = _clock() - waiter.EnqueuedAt;
        Interlocked.Add(ref _waitMs, Math.Max(0, waited));
        var state = waiter.State;
        if (state == PoolWaiter<TSession>.Granted)
        {
            return waiter.Entry;
        }
        lock (_lock)
        {
            if (waiter.Node.List is not null)
            {
                _waiters.Remove(waiter.Node);
            }
        }
        if (state == PoolWaiter<TSession>.PoolDisposed)
        {
            throw new ObjectDisposedException(nameof(SessionPool<TSession>), $"The session pool '{_name}' was closed while waiting for a session.");
        }
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _timeouts);
        PoolMetrics.RecordTimeout(_name);
        throw CreateExhaustedException();
    }

    private SessionLease<TSession> Lease(PoolEntry<TSession> entry, long started)
    {
        var id = entry.NextLeaseId();
        if (_leakTracking)
        {
            entry.RentedAt = _clock();
            entry.RentedFrom = CaptureRentSite();
        }
        if (started != 0)
        {
            PoolMetrics.RecordWaitTime(_name, started);
        }
        return new SessionLease<TSession>(this, entry, id);
    }

    /// <summary>The caller's stack (with the pool's own frames on top), for leak tracking.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static StackTrace CaptureRentSite() => new(1, fNeedFileInfo: true);

    private PoolExhaustedException CreateExhaustedException()
    {
        int inUse, waiting;
        var holders = new List<SessionHolder>();
        lock (_lock)
        {
            inUse = _total - _idle;
            waiting = _waiters.Count;
            if (_leakTracking)
            {
                var now = _clock();
                foreach (var entry in _slots)
                {
                    if (entry is not null && Volatile.Read(ref entry.ActiveLease) != 0)
                    {
                        holders.Add(new SessionHolder(entry.Endpoint.Name, TimeSpan.FromMilliseconds(now - entry.RentedAt), entry.RentedFrom?.ToString()));
                    }
                }
            }
        }
        holders.Sort(static (a, b) => b.HeldFor.CompareTo(a.HeldFor));
        var message = new StringBuilder()
            .Append($"The session pool '{_name}' is exhausted: {inUse} of {_maxPoolSize} connections are in use (Max Pool Size = {_maxPoolSize}) ")
            .Append($"and {waiting} other callers are waiting; none came free within the Connect Timeout of {_connectionTimeout.TotalSeconds:0.###} s. ")
            .Append("Check that every connection is closed or disposed as soon as it is done (a 'using' block), that no request holds one ")
            .Append("while waiting on something slow, then raise Max Pool Size or Connect Timeout if the load really needs it.");
        if (!_leakTracking)
        {
            message.Append(" To see where the connections in use were opened, turn on leak tracking (SessionPoolOptions.LeakTracking).");
        }
        else
        {
            message.Append(Environment.NewLine).Append("Connections in use, longest held first:");
            foreach (var holder in holders.Take(10))
            {
                message.Append(Environment.NewLine).Append("- ").Append(holder);
            }
        }
        return new PoolExhaustedException(message.ToString(), inUse, waiting, _maxPoolSize, _connectionTimeout, holders);
    }

    // ------------------------------------------------------------------ statistics and disposal

    /// <inheritdoc/>
    public override PoolStatistics GetStatistics()
    {
        lock (_lock)
        {
            return new PoolStatistics
            {
                Idle = _idle,
                InUse = _total - _idle,
                Waiting = _waiters.Count,
                MaxPoolSize = _maxPoolSize,
                Created = _created,
                Destroyed = _destroyed,
                Timeouts = Interlocked.Read(ref _timeouts),
                TotalWaitTime = TimeSpan.FromMilliseconds(Interlocked.Read(ref _waitMs)),
            };
        }
    }

    internal override void ReadCounts(out int idle, out int inUse, out int waiting, out int max, out int min)
    {
        lock (_lock)
        {
            idle = _idle;
            inUse = _total - _idle;
            waiting = _waiters.Count;
        }
        max = _maxPoolSize;
        min = _minPoolSize;
    }

    /// <summary>Closes the idle sessions and fails the waiters; sessions in use are closed when they come back.</summary>
    public override void Dispose()
    {
        var doomed = new List<PoolEntry<TSession>>();
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            foreach (var endpoint in _endpoints)
            {
                DrainIdleLocked(endpoint, doomed);
            }
            while (_waiters.First is { } node)
            {
                _waiters.RemoveFirst();
                node.Value.TryFailDisposed();
            }
        }
        _timer?.Dispose();
        Unregister();
        foreach (var entry in doomed)
        {
            Destroy(entry, keepSlot: false);
        }
    }
}
