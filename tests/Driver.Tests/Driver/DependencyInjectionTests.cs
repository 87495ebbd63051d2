using System.Data;
using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using AsyncDriver = Driver.Async;
using SyncDriver = Driver.Sync;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>AddHanaDataSource of both packages, resolved from a real container and used against the test server.</summary>
public class DependencyInjectionTests : DriverTestBase
{
    private static void Add(string flavor, IServiceCollection services, string connectionString, ServiceLifetime connectionLifetime = ServiceLifetime.Transient, object? key = null)
    {
        if (flavor == "Sync")
        {
            SyncDriver.HanaServiceCollectionExtensions.AddHanaDataSource(services, connectionString, connectionLifetime: connectionLifetime, serviceKey: key);
        }
        else
        {
            AsyncDriver.HanaServiceCollectionExtensions.AddHanaDataSource(services, connectionString, connectionLifetime: connectionLifetime, serviceKey: key);
        }
    }

    private static Type DataSourceType(string flavor) => flavor == "Sync" ? typeof(SyncDriver.HanaDataSource) : typeof(AsyncDriver.HanaDataSource);

    private static Type ConnectionType(string flavor) => flavor == "Sync" ? typeof(SyncDriver.HanaConnection) : typeof(AsyncDriver.HanaConnection);

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task DataSourceIsOneSingletonAndConnectionsAreTransient(string name)
    {
        var services = new ServiceCollection();
        Add(name, services, ConnectionString);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        var dataSource = provider.GetRequiredService(DataSourceType(name));
        Assert.Same(dataSource, provider.GetRequiredService<DbDataSource>());
        await using (var scope = provider.CreateAsyncScope())
        {
            Assert.Same(dataSource, scope.ServiceProvider.GetRequiredService(DataSourceType(name)));
            var first = scope.ServiceProvider.GetRequiredService(ConnectionType(name));
            var second = scope.ServiceProvider.GetRequiredService<DbConnection>();
            Assert.NotSame(first, second);
            Assert.IsType(ConnectionType(name), second);
            Assert.Equal(ConnectionState.Closed, ((DbConnection)first).State);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task InjectedConnectionQueriesAndGoesBackToThePoolWithItsScope(string name)
    {
        var flavor = Flavor.Get(name);
        var services = new ServiceCollection();
        Add(name, services, ConnectionString, ServiceLifetime.Scoped);
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        int firstSession;
        await using (var scope = provider.CreateAsyncScope())
        {
            var connection = scope.ServiceProvider.GetRequiredService<DbConnection>();
            Assert.Same(connection, scope.ServiceProvider.GetRequiredService(ConnectionType(name)));
            await flavor.Open(connection);
            firstSession = flavor.ConnectionId(connection);
            Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
            // the scope ends without the application closing the connection: the container disposes it
        }

        await using (var scope = provider.CreateAsyncScope())
        {
            var connection = scope.ServiceProvider.GetRequiredService<DbConnection>();
            await flavor.Open(connection);
            // the same physical session: the first scope's connection went back to the pool
            Assert.Equal(firstSession, flavor.ConnectionId(connection));
            Assert.Equal(1L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM DUMMY")));
            await flavor.Close(connection);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task KeyedDataSourcesAreSeparate(string name)
    {
        await using var other = await Driver.TestServer.TestServer.StartAsync();
        var services = new ServiceCollection();
        Add(name, services, ConnectionString, key: "main");
        Add(name, services, other.ConnectionString, key: "other");
        await using var provider = services.BuildServiceProvider();

        var main = (DbDataSource)provider.GetRequiredKeyedService(DataSourceType(name), "main");
        var second = (DbDataSource)provider.GetRequiredKeyedService(DataSourceType(name), "other");
        Assert.NotSame(main, second);
        Assert.Contains(Server.Port.ToString(), main.ConnectionString);
        Assert.Contains(other.Port.ToString(), second.ConnectionString);
        Assert.Null(provider.GetService(DataSourceType(name)));

        var flavor = Flavor.Get(name);
        var connection = (DbConnection)provider.GetRequiredKeyedService(ConnectionType(name), "other");
        await flavor.Open(connection);
        Assert.Contains(other.Port.ToString(), connection.DataSource);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public void FirstRegistrationWinsAndBadInputFailsAtRegistration(string name)
    {
        var services = new ServiceCollection();
        Add(name, services, ConnectionString);
        Add(name, services, "Server=elsewhere:1;UserName=U;Password=P");
        using var provider = services.BuildServiceProvider();
        var dataSource = (DbDataSource)provider.GetRequiredService(DataSourceType(name));
        Assert.Contains(Server.Port.ToString(), dataSource.ConnectionString);

        var error = Assert.Throws<ArgumentException>(() => Add(name, new ServiceCollection(), "Server=h:1;NoSuchKey=1"));
        Assert.Contains("nosuchkey", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<ArgumentNullException>(() => Add(name, new ServiceCollection(), null!));
    }

    [Fact]
    public void ContainerLoggerFactoryAndConfigureReachTheDataSource()
    {
        using var loggerFactory = new NullLoggerFactory();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(loggerFactory);
        SyncDriver.HanaServiceCollectionExtensions.AddHanaDataSource(services, ConnectionString, builder =>
        {
            builder.EnableStatementTextInTraces();
            builder.ConnectionStringBuilder.FetchSize = 17;
        });
        using var provider = services.BuildServiceProvider();
        var dataSource = provider.GetRequiredService<SyncDriver.HanaDataSource>();
        Assert.Same(loggerFactory, dataSource.Settings.LoggerFactory);
        Assert.True(dataSource.Settings.IncludeStatementText);
        using var connection = provider.GetRequiredService<SyncDriver.HanaConnection>();
        Assert.Same(dataSource.Settings, connection.Settings);
        Assert.Equal(17, new SyncDriver.HanaConnectionStringBuilder(connection.ConnectionString).FetchSize);
    }

    [Fact]
    public void BuilderTakesASnapshotAndNeverShowsThePassword()
    {
        var builder = SyncDriver.HanaDataSource.CreateBuilder(ConnectionString);
        var first = builder.Build();
        builder.EnableStatementTextInTraces();
        builder.ConnectionStringBuilder.Password = "changed-secret";
        var second = builder.Build();
        Assert.False(first.Settings.IncludeStatementText);
        Assert.True(second.Settings.IncludeStatementText);
        Assert.Contains(DefaultPassword, first.CreateConnection().ConnectionString);
        Assert.DoesNotContain("changed-secret", builder.ToString());
        Assert.DoesNotContain("changed-secret", second.ToString());
        Assert.DoesNotContain("changed-secret", second.ConnectionString);
        Assert.DoesNotContain(DefaultPassword, first.ToString());
    }
}
