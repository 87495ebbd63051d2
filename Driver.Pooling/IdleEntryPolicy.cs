using Microsoft.Extensions.ObjectPool;

namespace Driver.Pooling;

/// <summary>
/// The ObjectPool policy for idle sessions. Opening a session needs an endpoint, a cancellation token and
/// (in the async flavor) awaiting, which <c>Create()</c> cannot offer, so it returns null: an empty ObjectPool
/// answers <c>Get()</c> with null and the SessionPool opens the session itself. Health is judged by the
/// SessionPool before it returns an entry, so <c>Return</c> keeps everything.
/// </summary>
internal sealed class IdleEntryPolicy<TSession> : PooledObjectPolicy<PoolEntry<TSession>>
    where TSession : class, IPooledSession
{
    public static readonly IdleEntryPolicy<TSession> Instance = new();

    public override PoolEntry<TSession> Create() => null!;

    public override bool Return(PoolEntry<TSession> obj) => true;
}
