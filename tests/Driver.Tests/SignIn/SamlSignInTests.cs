using System.Data;
using Driver.Tests.PublicApi;

namespace Driver.Tests.SignIn;

/// <summary>
/// The SAML sign-in (§8.4) through the public API of both flavors; the test server checks each assertion's XML
/// signature, issuer, validity and NameID.
/// </summary>
public class SamlSignInTests : DriverTestBase
{
    private string AssertionConnectionString(string assertion) =>
        new global::Driver.Sync.HanaConnectionStringBuilder { Server = $"{Server.Host}:{Server.Port}", Assertion = assertion, Pooling = false }.ConnectionString;

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AnAssertionSignsInAsTheUserItMapsTo(string name)
    {
        var flavor = Flavor.Get(name);
        var saml = SamlAssertions.Configure(Server);
        var assertion = SamlAssertions.Issue("_ok");
        var connection = await flavor.Open(AssertionConnectionString(assertion));
        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal(SamlAssertions.DatabaseUser, await flavor.Scalar(connection, "SELECT CURRENT_USER FROM DUMMY"));
        Assert.Equal(["_ok"], saml.AcceptedAssertionIds);
        Assert.DoesNotContain("Assertion", connection.ToString()!.Replace("Assertion=********", ""));
        Assert.DoesNotContain("SignatureValue", connection.ToString());
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ABadAssertionIsRefused(string name)
    {
        var flavor = Flavor.Get(name);
        var saml = SamlAssertions.Configure(Server);
        var cases = new[]
        {
            (SamlAssertions.Issue(signer: SamlAssertions.OtherSigner), "invalid signature"),
            (SamlAssertions.Issue(lifetime: TimeSpan.FromMinutes(-1)), "expired"),
            (SamlAssertions.Issue(user: "mallory@example.test"), "unknown user"),
            // the signed assertion altered afterwards
            (SamlAssertions.Issue().Replace(SamlAssertions.ExternalUser, "eve@example.test"), "invalid signature"),
        };
        foreach (var (assertion, _) in cases)
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Open(AssertionConnectionString(assertion)));
            Assert.Equal(10, flavor.ErrorCode(error));
            Assert.Contains("Sign-in with SAML failed", error.Message);
            Assert.DoesNotContain("SignatureValue", error.ToString());
        }
        Assert.Equal(cases.Select(c => c.Item2), saml.Refusals);
        Assert.Empty(saml.AcceptedAssertionIds);
    }
}
