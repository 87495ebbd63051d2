using System.Data.Common;
using Driver.Tests.PublicApi;

namespace Driver.Tests.SignIn;

/// <summary>The <c>Authentication</c> key: which sign-in methods are offered (docs/sign-in.md).</summary>
public class AuthenticationKeyTests : DriverTestBase
{
    private static DbConnectionStringBuilder Builder(string name, string connectionString) => name == "Sync"
        ? new global::Driver.Sync.HanaConnectionStringBuilder(connectionString)
        : new global::Driver.Async.HanaConnectionStringBuilder(connectionString);

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public void AnUnknownMethodIsRefusedWithTheAcceptedSpellings(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => Builder(name, "Server=h:1;Authentication=Password,Kerberos"));
        Assert.Equal("Authentication names the unknown method 'Kerberos'; accepted: Password, SCRAM, SCRAMSHA256, SCRAMPBKDF2SHA256, LDAP, X509, JWT, SAML.", error.Message);
        // SAP's spelling is a synonym, and any case is accepted
        Assert.Equal("ldap,X509", Builder(name, "Server=h:1;authenticationMethods=ldap,X509")["Authentication"]);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task PasswordOnlyLeavesTheTokenUnoffered(string name)
    {
        var flavor = Flavor.Get(name);
        var jwt = JwtTokens.Configure(Server);
        var token = JwtTokens.Issue();
        // the server prefers JWT, but it is not offered
        var connection = await flavor.Open($"{ConnectionString};Token={token};Authentication=Password;Pooling=false");
        Assert.Equal("SYSTEM", await flavor.Scalar(connection, "SELECT CURRENT_USER FROM DUMMY"));
        await flavor.Close(connection);
        Assert.Empty(jwt.AcceptedTokenIds);
        // named: JWT again
        connection = await flavor.Open($"{ConnectionString};Token={token};Authentication=JWT,Password;Pooling=false");
        Assert.Equal(JwtTokens.DatabaseUser, await flavor.Scalar(connection, "SELECT CURRENT_USER FROM DUMMY"));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task OneScramMethodAlone(string name)
    {
        var flavor = Flavor.Get(name);
        // a server without SCRAMSHA256 refuses a client offering only SCRAMSHA256, and accepts one offering only PBKDF2
        Server.Options.AuthenticationMethods.Remove("SCRAMSHA256");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Open($"{ConnectionString};Authentication=SCRAMSHA256;Pooling=false"));
        Assert.Equal(10, flavor.ErrorCode(error));
        Assert.StartsWith("Sign-in with SCRAMSHA256 failed", error.Message);
        var connection = await flavor.Open($"{ConnectionString};Authentication=scrampbkdf2sha256;Pooling=false");
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ANamedMethodWithoutItsCredentialSaysWhatIsMissing(string name)
    {
        var flavor = Flavor.Get(name);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => flavor.Open($"{ConnectionString};Authentication=JWT;Pooling=false"));
        Assert.Equal("Authentication names JWT, which needs Token.", error.Message);
        error = await Assert.ThrowsAsync<InvalidOperationException>(() => flavor.Open($"Server={Server.Host}:{Server.Port};Authentication=LDAP;UserName=u;Pooling=false"));
        Assert.Equal("Authentication names LDAP, which needs UserName and Password.", error.Message);
    }
}
