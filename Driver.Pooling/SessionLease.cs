namespace Driver.Pooling;

/// <summary>
/// A rented session. Disposing the lease returns the session to its pool (reset first, or discarded when it is
/// broken, expired or the reset fails). A struct so that renting allocates nothing; the lease id makes a second
/// return of the same lease, or of a copy, a no-op instead of a double return.
/// </summary>
public readonly struct SessionLease<TSession> : IDisposable, IAsyncDisposable
    where TSession : class, IPooledSession
{
    internal SessionLease(SessionPool<TSession> pool, PoolEntry<TSession> entry, int id)
    {
        Pool = pool;
        Entry = entry;
        Id = id;
    }

    internal SessionPool<TSession>? Pool { get; }
    internal PoolEntry<TSession>? Entry { get; }
    internal int Id { get; }

    /// <summary>The session; valid until the lease is returned.</summary>
    public TSession Session => Entry?.Session ?? throw new InvalidOperationException("This lease holds no session.");

    /// <summary>True for <c>default(SessionLease)</c>.</summary>
    public bool IsEmpty => Entry is null;

    /// <summary>Returns the session, resetting it synchronously.</summary>
    public void Dispose() => Pool?.Return(this);

    /// <summary>Returns the session, resetting it asynchronously.</summary>
    public ValueTask DisposeAsync() => Pool?.ReturnAsync(this) ?? default;
}
