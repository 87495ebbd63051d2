using System.Collections.Concurrent;
using Driver.Pooling;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

/// <summary>
/// The pools of this driver flavor: one <see cref="SessionPool{TSession}"/> per distinct connection string. The
/// key is the connection string normalized (canonical key names, sorted, password included, so two users never
/// share sessions); the pool's name, shown in messages and metrics, is the masked form. HanaConnection.PoolKey adds
/// the data source's credential provider, certificate and policies (a data source with a host-selection or retry
/// policy has pools of its own, docs/scale-out.md).
/// </summary>
internal static class ConnectionPoolRegistry
{
    private static readonly ConcurrentDictionary<string, SessionPool<PooledSession>> s_pools = new(StringComparer.Ordinal);
    private static readonly object s_createLock = new();

    public static string Key(HanaConnectionStringBuilder builder) =>
        string.Join("\u0001", builder.Keys.Cast<string>()
            .OrderBy(key => key, StringComparer.OrdinalIgnoreCase)
            .Select(key => key + "=" + Convert.ToString(builder[key], System.Globalization.CultureInfo.InvariantCulture)));

    public static SessionPool<PooledSession> GetOrCreate(string key, HanaConnectionStringBuilder builder, Func<ConnectionSettings> settings)
    {
        if (s_pools.TryGetValue(key, out var pool))
        {
            return pool;
        }
        // created under a lock: a pool owns a timer and registers itself, so a losing duplicate must never exist
        lock (s_createLock)
        {
            if (s_pools.TryGetValue(key, out pool))
            {
                return pool;
            }
            var factory = new PooledSessionFactory(settings());
            pool = new SessionPool<PooledSession>(factory, new SessionPoolOptions
            {
                // a data source's host-selection policy picks the node of each new session (docs/scale-out.md)
                EndpointOrder = factory.Settings.HostSelection is not null ? factory.Order : null,
                Name = builder.ToString(),
                Endpoints = factory.Endpoints.ToList(),
                MinPoolSize = builder.MinPoolSize,
                MaxPoolSize = builder.MaxPoolSize,
                ConnectionTimeout = TimeSpan.FromSeconds(builder.ConnectTimeout),
                MaxLifetime = TimeSpan.FromSeconds(builder.ConnectionLifetime),
                IdleTimeout = TimeSpan.FromSeconds(builder.ConnectionIdleTimeout),
            });
            s_pools[key] = pool;
            if (factory.Settings.Topology is { } topology)
            {
                PoolTopology.Follow(pool, factory, topology);
            }
            return pool;
        }
    }

    public static SessionPool<PooledSession>? Find(string key) => s_pools.TryGetValue(key, out var pool) ? pool : null;

    /// <summary>
    /// A disposed data source's own pool leaves the registry and is disposed: idle sessions closed now, busy ones
    /// discarded when given back, waiters fail with ObjectDisposedException.
    /// </summary>
    public static void Remove(string key)
    {
        if (s_pools.TryRemove(key, out var pool))
        {
            pool.Dispose();
        }
    }

    /// <summary>Closes the idle sessions of every pool of this flavor; sessions in use are closed when they come back.</summary>
    public static void ClearAll()
    {
        foreach (var pool in s_pools.Values)
        {
            pool.Clear();
        }
    }
}
