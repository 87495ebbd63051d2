namespace Driver.Pooling;

// Returning sessions: the reset, then the hand-off to the first waiter or back to idle; closing a session and
// passing its slot on.
public sealed partial class SessionPool<TSession>
    where TSession : class, IPooledSession
{
    // ------------------------------------------------------------------ returning

    /// <summary>Returns a rented session, resetting it synchronously. A second return of the same lease does nothing.</summary>
    public void Return(SessionLease<TSession> lease)
    {
        var entry = TakeBack(lease);
        if (entry is null)
        {
            return;
        }
        var reset = false;
        if (IsReusable(entry))
        {
            try
            {
                reset = _factory.TryResetSync(entry.Session);
            }
            catch
            {
                // a reset that throws is a failed reset: the session is discarded below
            }
        }
        FinishReturn(entry, reset);
    }

    /// <summary>Returns a rented session, resetting it asynchronously. A second return of the same lease does nothing.</summary>
    public ValueTask ReturnAsync(SessionLease<TSession> lease, CancellationToken cancellationToken = default)
    {
        var entry = TakeBack(lease);
        if (entry is null)
        {
            return default;
        }
        if (!IsReusable(entry))
        {
            FinishReturn(entry, false);
            return default;
        }
        ValueTask<bool> reset;
        try
        {
            reset = _factory.TryResetAsync(entry.Session, cancellationToken);
        }
        catch
        {
            FinishReturn(entry, false);
            return default;
        }
        if (reset.IsCompletedSuccessfully)
        {
            FinishReturn(entry, reset.Result);
            return default;
        }
        return AwaitResetAsync(entry, reset);
    }

    private async ValueTask AwaitResetAsync(PoolEntry<TSession> entry, ValueTask<bool> reset)
    {
        var ok = false;
        try
        {
            ok = await reset.ConfigureAwait(false);
        }
        catch
        {
            // a reset that throws is a failed reset: the session is discarded
        }
        FinishReturn(entry, ok);
    }

    private PoolEntry<TSession>? TakeBack(SessionLease<TSession> lease)
    {
        var entry = lease.Entry;
        if (entry is null)
        {
            return null;
        }
        if (!ReferenceEquals(lease.Pool, this))
        {
            throw new ArgumentException("The lease belongs to another pool.", nameof(lease));
        }
        if (Interlocked.CompareExchange(ref entry.ActiveLease, 0, lease.Id) != lease.Id)
        {
            return null; // returned before
        }
        entry.RentedFrom = null;
        return entry;
    }

    private void FinishReturn(PoolEntry<TSession> entry, bool reset)
    {
        if (reset && IsReusable(entry))
        {
            MakeAvailable(entry);
        }
        else
        {
            Destroy(entry, keepSlot: false);
        }
    }

    /// <summary>Hands a healthy session to the first waiter, or keeps it idle.</summary>
    private void MakeAvailable(PoolEntry<TSession> entry)
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                if (!TryGrantLocked(entry))
                {
                    entry.Endpoint.Idle.Return(entry);
                    entry.Endpoint.IdleCount++;
                    _idle++;
                }
                return;
            }
        }
        Destroy(entry, keepSlot: false);
    }

    private bool IsReusable(PoolEntry<TSession> entry)
    {
        if (_disposed || entry.Session.IsBroken || entry.PoolGeneration != Volatile.Read(ref _generation)
            || entry.EndpointGeneration != Volatile.Read(ref entry.Endpoint.Generation))
        {
            return false;
        }
        return _maxLifetimeMs == 0 || _clock() - entry.CreatedAt < _maxLifetimeMs;
    }

    /// <summary>
    /// Closes a session. The session is disposed BEFORE its slot is released, so the number of sessions that
    /// exist never goes above Max Pool Size, not even for a moment. With <paramref name="keepSlot"/> the caller
    /// keeps the slot to open a replacement.
    /// </summary>
    private void Destroy(PoolEntry<TSession> entry, bool keepSlot)
    {
        try
        {
            entry.Session.Dispose();
        }
        catch
        {
            // a session that fails to close is gone all the same; the server ends it with the socket
        }
        lock (_lock)
        {
            _slots[entry.Slot] = null;
            entry.Endpoint.Open--;
            _destroyed++;
            if (!keepSlot)
            {
                ReleaseSlotLocked();
            }
        }
        PoolMetrics.RecordDestroyed(_name);
    }

    private void ReleaseSlot()
    {
        lock (_lock)
        {
            ReleaseSlotLocked();
        }
    }

    /// <summary>A slot came free: it passes to the first waiter (who opens a session in it), or the count drops.</summary>
    private void ReleaseSlotLocked()
    {
        if (!_disposed && TryGrantLocked(null))
        {
            return;
        }
        _total--;
    }

    private bool TryGrantLocked(PoolEntry<TSession>? entry)
    {
        while (_waiters.First is { } node)
        {
            _waiters.RemoveFirst();
            if (node.Value.TryGrant(entry))
            {
                return true;
            }
        }
        return false;
    }
}
