using System.Data;

namespace Driver.Tests.PublicApi;

/// <summary>Each SCRAM method through the public API: the server is told to accept only that one.</summary>
public class AuthenticationMethodTests : DriverTestBase
{
    public static TheoryData<string, string> FlavorsAndMethods()
    {
        var data = new TheoryData<string, string>();
        foreach (var flavor in new[] { "Sync", "Async" })
        {
            data.Add(flavor, "SCRAMSHA256");
            data.Add(flavor, "SCRAMPBKDF2SHA256");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FlavorsAndMethods))]
    public async Task ConnectsWithEachScramMethod(string name, string method)
    {
        var flavor = Flavor.Get(name);
        Server.Options.AuthenticationMethods.Clear();
        Server.Options.AuthenticationMethods.Add(method);
        var connection = await Open(flavor);
        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AServerWithNoCommonMethodRefusesWithError10(string name)
    {
        var flavor = Flavor.Get(name);
        Server.Options.AuthenticationMethods.Clear();
        Server.Options.AuthenticationMethods.Add("LDAP");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Open(ConnectionString));
        Assert.Equal(10, flavor.ErrorCode(error));
    }
}
