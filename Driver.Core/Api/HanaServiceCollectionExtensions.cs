using System.Data.Common;
using Driver.Core.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// Dependency injection for ASP.NET and generic hosts: <c>services.AddHanaDataSource(connectionString)</c>.
/// Lives in the package's own namespace (not Microsoft.Extensions.DependencyInjection) so that an application
/// referencing both Driver.Sync and Driver.Async can say which one it registers.
/// </summary>
public static class HanaServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="HanaDataSource"/> for <paramref name="connectionString"/> (a singleton by default:
    /// one per application, as the pool behind it is) and <see cref="HanaConnection"/> (transient by default: each
    /// injection gets its own closed connection, which the scope disposes, returning it to the pool). On .NET 7
    /// and later the data source is also registered as <c>DbDataSource</c>, and the connection as
    /// <see cref="DbConnection"/>. The data source logs to the container's <see cref="ILoggerFactory"/> when there
    /// is one, unless <paramref name="configure"/> sets another. Registrations already present are kept (TryAdd),
    /// so the first data source registered for a key wins; pass <paramref name="serviceKey"/> for several.
    /// </summary>
    public static IServiceCollection AddHanaDataSource(
        this IServiceCollection services,
        string connectionString,
        Action<HanaDataSourceBuilder>? configure = null,
        ServiceLifetime connectionLifetime = ServiceLifetime.Transient,
        ServiceLifetime dataSourceLifetime = ServiceLifetime.Singleton,
        object? serviceKey = null)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }
        // validated now, so a bad connection string fails at startup rather than at the first request
        _ = new HanaConnectionStringBuilder(connectionString ?? throw new ArgumentNullException(nameof(connectionString)));
        object CreateDataSource(IServiceProvider provider, object? key)
        {
            var builder = new HanaDataSourceBuilder(connectionString);
            builder.UseLoggerFactory(provider.GetService<ILoggerFactory>());
            configure?.Invoke(builder);
            return builder.Build();
        }
        static object CreateConnection(IServiceProvider provider, object? key) => Resolve<HanaDataSource>(provider, key).CreateConnection();

        services.TryAdd(Describe(typeof(HanaDataSource), serviceKey, CreateDataSource, dataSourceLifetime));
        services.TryAdd(Describe(typeof(HanaConnection), serviceKey, CreateConnection, connectionLifetime));
#if NET7_0_OR_GREATER
        services.TryAdd(Describe(typeof(DbDataSource), serviceKey, Resolve<HanaDataSource>, dataSourceLifetime));
#endif
        services.TryAdd(Describe(typeof(DbConnection), serviceKey, Resolve<HanaConnection>, connectionLifetime));
        return services;
    }

    /// <summary>The registration of <typeparamref name="T"/> under the same key (or unkeyed), for the aliases.</summary>
    private static T Resolve<T>(IServiceProvider provider, object? key)
        where T : notnull =>
        key is null ? provider.GetRequiredService<T>() : provider.GetRequiredKeyedService<T>(key);

    private static ServiceDescriptor Describe(Type serviceType, object? serviceKey, Func<IServiceProvider, object?, object> factory, ServiceLifetime lifetime) =>
        serviceKey is null
            ? new ServiceDescriptor(serviceType, provider => factory(provider, null), lifetime)
            : new ServiceDescriptor(serviceType, serviceKey, factory, lifetime);
}
