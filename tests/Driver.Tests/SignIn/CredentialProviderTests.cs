using System.Data;
using System.Data.Common;
using Driver.Tests.PublicApi;

namespace Driver.Tests.SignIn;

/// <summary>
/// Credential providers of HanaDataSourceBuilder: a fresh token or password before each physical connection (Driver.Sync
/// calls the synchronous callback, Driver.Async awaits the asynchronous one), optionally refreshed on a timer.
/// </summary>
public class CredentialProviderTests : DriverTestBase
{
    private int _issued;

    private string TokenOnly => $"Server={Server.Host}:{Server.Port};Max Pool Size=10";

    /// <summary>Each call issues the next token, t1, t2, ...; lifetime as given.</summary>
    private string NextToken(TimeSpan lifetime) => JwtTokens.Issue("t" + Interlocked.Increment(ref _issued), lifetime: lifetime);

    private static DbDataSource TokenSource(string flavor, string connectionString, Func<string> next, TimeSpan refresh = default)
    {
        if (flavor == "Sync")
        {
            var builder = new global::Driver.Sync.HanaDataSourceBuilder(connectionString);
            return (refresh == default
                ? builder.UseTokenProvider(_ => next(), null)
                : builder.UsePeriodicTokenProvider(_ => next(), null, refresh, refresh)).Build();
        }
        var asyncBuilder = new global::Driver.Async.HanaDataSourceBuilder(connectionString);
        // only the asynchronous callback: Driver.Async awaits it
        Func<global::Driver.Async.HanaConnectionStringBuilder, CancellationToken, ValueTask<string>> provide = async (_, cancellationToken) =>
        {
            await Task.Delay(1, cancellationToken);
            return next();
        };
        return (refresh == default
            ? asyncBuilder.UseTokenProvider(null, provide)
            : asyncBuilder.UsePeriodicTokenProvider(null, provide, refresh, refresh)).Build();
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task EachPhysicalConnectionGetsAFreshTokenAndExpiredTokensDoNotStopThePool(string name)
    {
        var flavor = Flavor.Get(name);
        var jwt = JwtTokens.Configure(Server);
        // long enough that a sign-in on a loaded machine still finds its fresh token valid (2 s failed once under load)
        var lifetime = TimeSpan.FromSeconds(4);
        await using var dataSource = TokenSource(name, TokenOnly, () => NextToken(lifetime));
        Assert.DoesNotContain("Token", dataSource.ConnectionString, StringComparison.OrdinalIgnoreCase);

        var held = new List<DbConnection>();
        for (var i = 0; i < 3; i++)
        {
            held.Add(await dataSource.OpenConnectionAsync());
        }
        Assert.Equal(["t1", "t2", "t3"], jwt.AcceptedTokenIds);
        foreach (var connection in held)
        {
            Assert.Equal(JwtTokens.DatabaseUser, await flavor.Scalar(connection, "SELECT CURRENT_USER FROM DUMMY"));
            await flavor.Close(connection);
        }

        // from the pool: no new sign-in, no new token
        var pooled = await dataSource.OpenConnectionAsync();
        Assert.Equal(3, Volatile.Read(ref _issued));
        await flavor.Close(pooled);

        // every token issued so far has expired (the first one is refused now); the pooled sessions stay usable and
        // a new physical connection signs in with a fresh token
        await Task.Delay(lifetime + TimeSpan.FromMilliseconds(500));
        var expired = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Open(TokenOnly + ";Pooling=false;Token=" + JwtTokens.Issue("old", lifetime: TimeSpan.FromSeconds(-1))));
        Assert.Equal(10, flavor.ErrorCode(expired));
        held.Clear();
        for (var i = 0; i < 4; i++)
        {
            held.Add(await dataSource.OpenConnectionAsync());
        }
        Assert.Equal(["t1", "t2", "t3", "t4"], jwt.AcceptedTokenIds);
        foreach (var connection in held)
        {
            Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
            await flavor.Close(connection);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task APeriodicProviderRefreshesInTheBackgroundUntilTheDataSourceIsDisposed(string name)
    {
        var flavor = Flavor.Get(name);
        var jwt = JwtTokens.Configure(Server);
        var dataSource = TokenSource(name, TokenOnly, () => NextToken(TimeSpan.FromMinutes(5)), refresh: TimeSpan.FromMilliseconds(100));
        var first = await dataSource.OpenConnectionAsync();
        Assert.Equal(["t1"], jwt.AcceptedTokenIds);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref _issued) < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.True(Volatile.Read(ref _issued) >= 3, "the timer did not refresh the token");
        var issuedBefore = Volatile.Read(ref _issued);
        var second = await dataSource.OpenConnectionAsync();
        // the second physical connection took a refreshed token in hand
        var secondId = jwt.AcceptedTokenIds.Last();
        Assert.NotEqual("t1", secondId);
        Assert.True(int.Parse(secondId.Substring(1)) <= issuedBefore + 1);
        await flavor.Close(first);
        await flavor.Close(second);

        await dataSource.DisposeAsync();
        await Task.Delay(200);
        var afterDispose = Volatile.Read(ref _issued);
        await Task.Delay(400);
        Assert.Equal(afterDispose, Volatile.Read(ref _issued));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task APasswordProviderSuppliesThePassword(string name)
    {
        var flavor = Flavor.Get(name);
        var calls = 0;
        var connectionString = $"Server={Server.Host}:{Server.Port};UserName=SYSTEM";
        DbDataSource dataSource = name == "Sync"
            ? new global::Driver.Sync.HanaDataSourceBuilder(connectionString).UsePasswordProvider(_ => { calls++; return DefaultPassword; }, null).Build()
            : new global::Driver.Async.HanaDataSourceBuilder(connectionString).UsePasswordProvider(null, (_, _) => { calls++; return new ValueTask<string>(DefaultPassword); }).Build();
        await using (dataSource)
        {
            var connection = await dataSource.OpenConnectionAsync();
            Assert.Equal(ConnectionState.Open, connection.State);
            Assert.Equal(1, calls);
            JwtSignInTests.AssertNoSecret(DefaultPassword, dataSource.ConnectionString, dataSource.ToString()!, connection.ToString()!);
            await flavor.Close(connection);
        }
        // without the provider the same connection string has no password
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Open(connectionString + ";Pooling=false"));
        Assert.Equal(10, flavor.ErrorCode(refused));
    }

    [Fact]
    public void DriverSyncNeedsTheSynchronousProvider()
    {
        var builder = new global::Driver.Sync.HanaDataSourceBuilder(TokenOnly);
        var error = Assert.Throws<ArgumentException>(() => builder.UseTokenProvider(null, (_, _) => new ValueTask<string>("x")));
        Assert.Contains("synchronous", error.Message);
    }
}
