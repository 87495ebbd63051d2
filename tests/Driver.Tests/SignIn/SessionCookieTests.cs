using System.Data;
using Driver.Tests.PublicApi;
using Driver.TestServer;

namespace Driver.Tests.SignIn;

/// <summary>
/// SessionCookie (§8.4): the cookie of a JWT session whose socket the server dropped signs the next physical
/// connection in, although the token has expired since; the server accepts each cookie once.
/// </summary>
public class SessionCookieTests : DriverTestBase
{
    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ADroppedSessionSignsInAgainWithItsCookieOnce(string name)
    {
        var flavor = Flavor.Get(name);
        var jwt = JwtTokens.Configure(Server);
        var cookies = Server.Options.SessionCookies;
        var connectionString = $"Server={Server.Host}:{Server.Port};Token={JwtTokens.Issue()};Application Name=cookie-{name}";

        var first = await flavor.Open(connectionString);
        Assert.Equal(1, cookies.Issued);
        Server.Faults.ForConnection(flavor.ConnectionId(first), new SessionFaults { DropAfterFurtherBytes = 0 });
        var dropped = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Scalar(first, "SELECT * FROM DUMMY"));
        Assert.IsAssignableFrom(flavor.ConnectionExceptionType, dropped);
        first.Dispose();

        // the token no longer signs in (the server's key changed, as good as an expiry, without a race against the clock
        // on a loaded machine): only the cookie can sign in now
        jwt.SigningKey = JwtTokens.OtherKey;
        var second = await flavor.Open(connectionString);
        Assert.Equal(1, cookies.Redeemed);
        Assert.Equal(JwtTokens.DatabaseUser, await flavor.Scalar(second, "SELECT CURRENT_USER FROM DUMMY"));

        // the cookie was used up and a SessionCookie sign-in hands out none: a second drop leaves only the refused token
        Server.Faults.ForConnection(flavor.ConnectionId(second), new SessionFaults { DropAfterFurtherBytes = 0 });
        await Assert.ThrowsAnyAsync<Exception>(() => flavor.Scalar(second, "SELECT * FROM DUMMY"));
        second.Dispose();
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Open(connectionString));
        Assert.Equal(10, flavor.ErrorCode(refused));
        Assert.Contains("JWT", refused.Message);
        Assert.Equal(1, cookies.Redeemed);
    }
}
