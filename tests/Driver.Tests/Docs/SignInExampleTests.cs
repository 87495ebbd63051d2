using Driver.Tests.SignIn;
using Driver.Tests.Support;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.Docs;

/// <summary>docs/sign-in.md quotes <c>SignInExamples.cs</c> region by region, and every example runs.</summary>
public class SignInExampleTests
{
    private static readonly QuotedExamples Doc = new("SignInExamples.cs", "sign-in.md");

    public static TheoryData<string> Regions() => Doc.Regions();

    [Theory]
    [MemberData(nameof(Regions))]
    public void TheMarkdownQuotesEachRegionVerbatim(string region) => Doc.AssertQuoted(region);

    [Fact]
    public async Task TheExamplesRun()
    {
        await using var server = await Server.StartAsync();
        JwtTokens.Configure(server);
        var endpoint = $"{server.Host}:{server.Port}";
        Assert.Equal("SYSTEM", SignInExamples.Password(endpoint, Server.DefaultPassword));
        Assert.Equal(JwtTokens.DatabaseUser, await SignInExamples.Jwt(endpoint, JwtTokens.Issue()));
        SamlAssertions.Configure(server);
        Assert.Equal(SamlAssertions.DatabaseUser, await SignInExamples.Saml(endpoint, SamlAssertions.Issue()));
        Assert.Equal(JwtTokens.DatabaseUser, SignInExamples.TokenProviderSync(endpoint, () => JwtTokens.Issue()));
        Assert.Equal(JwtTokens.DatabaseUser, await SignInExamples.TokenProviderAsync(endpoint, _ => Task.FromResult(JwtTokens.Issue())));
        Assert.Equal("SYSTEM", await SignInExamples.PeriodicPasswordProvider(endpoint, _ => Task.FromResult(Server.DefaultPassword)));
    }

    [Fact]
    public async Task TheClientCertificateExampleRuns()
    {
        using var authority = MutualTlsTests.CreateAuthority("CN=Docs CA");
        var clients = new global::Driver.TestServer.SignIn.ClientCertificateAuthority(authority);
        var options = new global::Driver.TestServer.TestServerOptions { Certificate = global::Driver.TestServer.SelfSignedCertificate.Create(), ClientCertificates = clients };
        await using var server = await Server.StartAsync(options);
        var pfx = Path.Combine(Path.GetTempPath(), $"docs-client-{Guid.NewGuid():N}.pfx");
        try
        {
            using (var client = MutualTlsTests.Issue(authority, "CN=docs"))
            {
                await File.WriteAllBytesAsync(pfx, client.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "pfx-pw"));
            }
            Assert.Equal("SYSTEM", SignInExamples.ClientCertificate($"{server.Host}:{server.Port}", Server.DefaultPassword, pfx, "pfx-pw"));
            Assert.Equal(["CN=docs"], clients.AcceptedSubjects);
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [Fact]
    public async Task TheX509AndLdapExamplesRun()
    {
        using var authority = MutualTlsTests.CreateAuthority("CN=Docs Sign-in CA");
        var x509 = new global::Driver.TestServer.SignIn.X509SignInOptions(authority);
        x509.Users["CN=docs-file"] = "FILEUSER";
        x509.Users["CN=docs-object"] = "OBJECTUSER";
        using var ldap = new global::Driver.TestServer.SignIn.LdapSignInOptions();
        ldap.Directory["dirk"] = "directory-pw";
        var options = new global::Driver.TestServer.TestServerOptions { Certificate = global::Driver.TestServer.SelfSignedCertificate.Create(), X509 = x509 };
        await using var tls = await Server.StartAsync(options);
        await using var plain = await Server.StartAsync(new global::Driver.TestServer.TestServerOptions { X509 = x509, Ldap = ldap });
        var pfx = Path.Combine(Path.GetTempPath(), $"docs-x509-{Guid.NewGuid():N}.pfx");
        try
        {
            using (var client = SignInCertificates.Client(authority, "CN=docs-file"))
            {
                await File.WriteAllBytesAsync(pfx, client.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "pfx-pw"));
            }
            Assert.Equal("FILEUSER", SignInExamples.X509File($"{plain.Host}:{plain.Port}", pfx, "pfx-pw"));
        }
        finally
        {
            File.Delete(pfx);
        }
        using var intermediate = SignInCertificates.Intermediate(authority, "CN=Docs Intermediate");
        using var certificate = SignInCertificates.Client(intermediate, "CN=docs-object");
        Assert.Equal("OBJECTUSER", await SignInExamples.X509Object($"{tls.Host}:{tls.Port}", certificate, [intermediate]));
        Assert.Equal(["CN=docs-file", "CN=docs-object"], x509.AcceptedSubjects);
        Assert.Equal("DIRK", await SignInExamples.Ldap($"{plain.Host}:{plain.Port}", "dirk", "directory-pw"));
        Assert.Equal(["dirk"], ldap.Accepted);
    }
}
