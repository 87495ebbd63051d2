using System.Collections.Concurrent;

namespace Driver.Pooling;

/// <summary>
/// The part of every session pool that does not depend on the session type: the process-wide registry behind
/// <see cref="ClearAllPools"/> and the metrics instruments.
/// </summary>
public abstract class SessionPool : IDisposable
{
    private static readonly ConcurrentDictionary<SessionPool, byte> s_pools = new();

    private protected SessionPool()
    {
    }

    /// <summary>Every live pool of the process (for ClearAllPools and the observable metrics).</summary>
    internal static ICollection<SessionPool> All => s_pools.Keys;

    /// <summary>The pool's name in metrics and messages (<see cref="SessionPoolOptions.Name"/>).</summary>
    public abstract string Name { get; }

    /// <summary>
    /// ClearPool: closes the idle sessions now; sessions in use at the time are closed when they come back
    /// (they belong to an older generation).
    /// </summary>
    public abstract void Clear();

    /// <summary>ClearAllPools: <see cref="Clear"/> on every pool of the process.</summary>
    public static void ClearAllPools()
    {
        foreach (var pool in s_pools.Keys)
        {
            pool.Clear();
        }
    }

    /// <summary>A snapshot of the pool's counters.</summary>
    public abstract PoolStatistics GetStatistics();

    /// <summary>Closes the idle sessions and refuses new rentals; sessions in use are closed when they come back.</summary>
    public abstract void Dispose();

    /// <summary>Cheap, lock-free reads for the observable instruments.</summary>
    internal abstract void ReadCounts(out int idle, out int inUse, out int waiting, out int max, out int min);

    private protected void Register()
    {
        s_pools.TryAdd(this, 0);
        PoolMetrics.EnsureInitialized();
    }

    private protected void Unregister() => s_pools.TryRemove(this, out _);
}
