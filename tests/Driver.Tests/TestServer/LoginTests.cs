using Driver.Core.Auth;
using Driver.Core.Session;
using Driver.Sync;

namespace Driver.Tests.TestServer;

/// <summary>AUTHENTICATE and CONNECT against the test server over real sockets, with the protocol core's client.</summary>
public class LoginTests
{
    private static ConnectionSettings Settings(Driver.TestServer.TestServer server, string password, params ScramMethod[] methods)
    {
        var settings = new ConnectionSettings { UserName = "SYSTEM", Password = password, AuthenticationMethods = methods.Length == 0 ? null : methods };
        settings.Endpoints.Add((server.Host, server.Port));
        return settings;
    }

    [Theory]
    [InlineData("SCRAMSHA256")]
    [InlineData("SCRAMPBKDF2SHA256")]
    public async Task LogsInWithEachScramMethod(string methodName)
    {
        var method = methodName == AuthMethodNames.ScramSha256 ? ScramMethod.ScramSha256 : ScramMethod.ScramPbkdf2Sha256;
        await using var server = await Driver.TestServer.TestServer.StartAsync();
        var settings = Settings(server, Driver.TestServer.TestServer.DefaultPassword, method);
        using var core = new ConnectionCore(settings, server.Host, server.Port);
        core.OpenSync();
        Assert.True(core.SessionId > 0);
        Assert.True(core.ConnectionId > 0);
        Assert.Equal(8, core.DataFormatVersion);
        Assert.Single(core.Topology);
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task WrongPasswordGetsError10()
    {
        await using var server = await Driver.TestServer.TestServer.StartAsync();
        using var core = new ConnectionCore(Settings(server, "wrong password"), server.Host, server.Port);
        var error = Assert.Throws<HanaException>(() => core.OpenSync());
        Assert.Equal(10, error.Code);
        Assert.DoesNotContain("wrong password", error.ToString());
    }

    [Fact]
    public async Task UnknownUserGetsError10()
    {
        await using var server = await Driver.TestServer.TestServer.StartAsync();
        var settings = Settings(server, Driver.TestServer.TestServer.DefaultPassword);
        settings.UserName = "NOBODY";
        using var core = new ConnectionCore(settings, server.Host, server.Port);
        Assert.Equal(10, Assert.Throws<HanaException>(() => core.OpenSync()).Code);
    }
}
