namespace Driver.Pooling;

// Life cycle: warm-up to Min Pool Size, pruning on the timer (idle timeout, Max Lifetime, broken sessions) and
// Clear.
public sealed partial class SessionPool<TSession>
    where TSession : class, IPooledSession
{
    // ------------------------------------------------------------------ life cycle

    /// <summary>Opens sessions until Min Pool Size exist.</summary>
    public void Warmup(CancellationToken cancellationToken = default)
    {
        while (TryReserveForMinimum())
        {
            MakeAvailable(OpenSync(cancellationToken));
        }
    }

    /// <inheritdoc cref="Warmup"/>
    public async Task WarmupAsync(CancellationToken cancellationToken = default)
    {
        while (TryReserveForMinimum())
        {
            MakeAvailable(await OpenAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    private bool TryReserveForMinimum()
    {
        lock (_lock)
        {
            if (_disposed || _total >= _minPoolSize)
            {
                return false;
            }
            _total++;
            return true;
        }
    }

    /// <summary>
    /// One pruning tick. Every tick records the fewest idle sessions seen since the last one; sessions that stayed
    /// idle through every tick of the idle timeout were not needed and are closed, down to Min Pool Size. Counting
    /// the low-water mark rather than each session's idle time keeps a lightly loaded pool from cycling all its
    /// sessions just enough to keep every one of them "recently used". Broken and expired idle sessions go at once.
    /// </summary>
    internal void Prune()
    {
        var doomed = new List<PoolEntry<TSession>>();
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _idleLowWater[_tick++ % _idleLowWater.Length] = _lowWaterSinceTick;
            var all = new List<PoolEntry<TSession>>(_idle);
            foreach (var endpoint in _endpoints)
            {
                DrainIdleLocked(endpoint, all);
            }
            var healthy = new List<PoolEntry<TSession>>(all.Count);
            foreach (var entry in all)
            {
                (IsReusable(entry) ? healthy : doomed).Add(entry);
            }
            var surplus = Math.Min(_idleLowWater.Min(), Math.Min(healthy.Count, _total - doomed.Count - _minPoolSize));
            surplus = Math.Max(0, surplus);
            // the oldest go first
            healthy.Sort(static (a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
            doomed.AddRange(healthy.Take(surplus));
            foreach (var entry in healthy.Skip(surplus))
            {
                entry.Endpoint.Idle.Return(entry);
                entry.Endpoint.IdleCount++;
                _idle++;
            }
            for (var i = 0; i < _idleLowWater.Length; i++)
            {
                _idleLowWater[i] = Math.Max(0, _idleLowWater[i] - surplus);
            }
            _lowWaterSinceTick = _idle;
        }
        foreach (var entry in doomed)
        {
            Destroy(entry, keepSlot: false);
        }
    }

    private void OnTimer()
    {
        if (Interlocked.Exchange(ref _maintaining, 1) == 0)
        {
            _ = MaintainAsync();
        }
    }

    private async Task MaintainAsync()
    {
        try
        {
            Prune();
            await WarmupAsync().ConfigureAwait(false);
        }
        catch
        {
            // an endpoint may be down; the next tick tries again, and renters see the error themselves
        }
        finally
        {
            Volatile.Write(ref _maintaining, 0);
        }
    }

    /// <inheritdoc/>
    public override void Clear()
    {
        var doomed = new List<PoolEntry<TSession>>();
        lock (_lock)
        {
            _generation++;
            foreach (var endpoint in _endpoints)
            {
                DrainIdleLocked(endpoint, doomed);
            }
        }
        foreach (var entry in doomed)
        {
            Destroy(entry, keepSlot: false);
        }
    }

    private void DrainIdleLocked(EndpointState<TSession> endpoint, List<PoolEntry<TSession>> into)
    {
        while (endpoint.IdleCount > 0)
        {
            var entry = endpoint.Idle.Get();
            if (entry is null)
            {
                break;
            }
            endpoint.IdleCount--;
            _idle--;
            into.Add(entry);
        }
        if (_idle < _lowWaterSinceTick)
        {
            _lowWaterSinceTick = _idle;
        }
    }
}
