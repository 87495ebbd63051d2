using Microsoft.Extensions.ObjectPool;

namespace Driver.Pooling;

/// <summary>One endpoint of a pool: its idle sessions (retained by an ObjectPool) and whether it is in the rotation.</summary>
internal sealed class EndpointState<TSession>
    where TSession : class, IPooledSession
{
    public EndpointState(string name, int maxRetained)
    {
        Name = name;
        // PoolEntry is not IDisposable, so this is a DefaultObjectPool: it never disposes what it drops, and the
        // cap (a pool never has more sessions than it retains) means it never drops anything
        Idle = new DefaultObjectPoolProvider { MaximumRetained = maxRetained }.Create(IdleEntryPolicy<TSession>.Instance);
    }

    public string Name { get; }

    /// <summary>Idle sessions of this endpoint. Get returns null when empty (see <see cref="IdleEntryPolicy{TSession}"/>).</summary>
    public ObjectPool<PoolEntry<TSession>> Idle { get; }

    // all fields below are guarded by the pool's lock
    public int IdleCount;

    /// <summary>Sessions of this endpoint that exist (idle or in use).</summary>
    public int Open;

    /// <summary>Bumped when the endpoint goes down or is removed: sessions of an older generation are not pooled again.</summary>
    public int Generation;

    public bool Removed;

    /// <summary>Clock time until which the endpoint stays out of the rotation; 0 when it is up.</summary>
    public long DownUntil;

    public bool IsUp(long now) => !Removed && (DownUntil == 0 || now >= DownUntil);
}
