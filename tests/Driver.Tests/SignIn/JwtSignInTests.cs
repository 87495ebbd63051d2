using System.Data;
using System.Data.Common;
using Driver.Tests.PublicApi;

namespace Driver.Tests.SignIn;

/// <summary>
/// The JWT sign-in (§8.4) through the public API of both flavors, against the test server, which validates each token
/// for real (signature, expiry, issuer, user claim mapped to a database user).
/// </summary>
public class JwtSignInTests : DriverTestBase
{
    private string TokenConnectionString(string token) => $"Server={Server.Host}:{Server.Port};Token={token}";

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ATokenSignsInAsTheUserItMapsTo(string name)
    {
        var flavor = Flavor.Get(name);
        var jwt = JwtTokens.Configure(Server);
        var token = JwtTokens.Issue("first");
        var connection = await flavor.Open(TokenConnectionString(token) + ";Pooling=false");
        try
        {
            Assert.Equal(ConnectionState.Open, connection.State);
            Assert.Equal(JwtTokens.DatabaseUser, await flavor.Scalar(connection, "SELECT CURRENT_USER FROM DUMMY"));
            Assert.Equal(["first"], jwt.AcceptedTokenIds);
            AssertNoSecret(token, connection.ToString()!);
        }
        finally
        {
            await flavor.Close(connection);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ATokenSignedWithAnotherKeyIsRefused(string name)
    {
        var jwt = JwtTokens.Configure(Server);
        var token = JwtTokens.Issue(key: JwtTokens.OtherKey);
        await AssertRefused(Flavor.Get(name), token);
        Assert.Contains("Signature", Assert.Single(jwt.Refusals));
        Assert.Empty(jwt.AcceptedTokenIds);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AnExpiredTokenIsRefused(string name)
    {
        var jwt = JwtTokens.Configure(Server);
        var token = JwtTokens.Issue(lifetime: TimeSpan.FromMinutes(-1));
        await AssertRefused(Flavor.Get(name), token);
        Assert.Contains("Expired", Assert.Single(jwt.Refusals));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ATokenFromAnotherIssuerIsRefused(string name)
    {
        var jwt = JwtTokens.Configure(Server);
        var token = JwtTokens.Issue(issuer: "https://elsewhere.test");
        await AssertRefused(Flavor.Get(name), token);
        Assert.Contains("Issuer", Assert.Single(jwt.Refusals));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ATokenOfAnUnknownUserIsRefused(string name)
    {
        var jwt = JwtTokens.Configure(Server);
        var token = JwtTokens.Issue(user: "mallory@example.test");
        await AssertRefused(Flavor.Get(name), token);
        Assert.Equal("unknown user", Assert.Single(jwt.Refusals));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task WithATokenAndAPasswordTheServersChoiceIsHonoured(string name)
    {
        var flavor = Flavor.Get(name);
        // no JWT configured: the server picks SCRAM from the same AUTHENTICATE
        var token = JwtTokens.Issue();
        var connection = await flavor.Open($"{ConnectionString};Token={token};Pooling=false");
        Assert.Equal("SYSTEM", await flavor.Scalar(connection, "SELECT CURRENT_USER FROM DUMMY"));
        await flavor.Close(connection);
        // configured: JWT comes first
        JwtTokens.Configure(Server);
        connection = await flavor.Open($"{ConnectionString};Token={token};Pooling=false");
        Assert.Equal(JwtTokens.DatabaseUser, await flavor.Scalar(connection, "SELECT CURRENT_USER FROM DUMMY"));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public void TheTokenIsNeverShownBack(string name)
    {
        var token = JwtTokens.Issue();
        var connectionString = $"Server=h:1;Token={token}";
        var builder = name == "Sync"
            ? (DbConnectionStringBuilder)new global::Driver.Sync.HanaConnectionStringBuilder(connectionString)
            : new global::Driver.Async.HanaConnectionStringBuilder(connectionString);
        Assert.Equal(token, builder["JWT"]);
        DbDataSource dataSource = name == "Sync"
            ? new global::Driver.Sync.HanaDataSource(connectionString)
            : new global::Driver.Async.HanaDataSource(connectionString);
        using var connection = Flavor.Get(name).Create(connectionString);
        AssertNoSecret(token, builder.ToString(), dataSource.ToString()!, dataSource.ConnectionString, connection.ToString()!);
        Assert.Contains("Token=********", builder.ToString());
        dataSource.Dispose();
    }

    private async Task AssertRefused(Flavor flavor, string token)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Open(TokenConnectionString(token)));
        Assert.IsAssignableFrom(flavor.HanaExceptionType, error);
        Assert.Equal(10, flavor.ErrorCode(error));
        Assert.Contains("Sign-in with JWT failed", error.Message);
        AssertNoSecret(token, error.ToString());
    }

    /// <summary>Neither the token nor any of its three parts appears in what the driver renders.</summary>
    internal static void AssertNoSecret(string token, params string[] rendered)
    {
        foreach (var text in rendered)
        {
            Assert.DoesNotContain(token, text);
            foreach (var segment in token.Split('.'))
            {
                Assert.DoesNotContain(segment, text);
            }
        }
    }
}
