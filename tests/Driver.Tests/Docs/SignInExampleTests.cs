using System.Text.RegularExpressions;
using Driver.Tests.SignIn;
using Driver.Tests.Support;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.Docs;

/// <summary>docs/sign-in.md quotes <c>SignInExamples.cs</c> region by region, and every example runs.</summary>
public class SignInExampleTests
{
    private static string Examples => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "Driver.Tests", "Docs", "SignInExamples.cs"));
    private static string Markdown => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "sign-in.md"));

    public static TheoryData<string> Regions()
    {
        var data = new TheoryData<string>();
        foreach (Match match in Regex.Matches(Examples, @"#region (\S+)"))
        {
            data.Add(match.Groups[1].Value);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Regions))]
    public void TheMarkdownQuotesEachRegionVerbatim(string region)
    {
        var match = Regex.Match(Examples, $@"#region {Regex.Escape(region)}\r?\n(.*?)\r?\n\s*#endregion", RegexOptions.Singleline);
        Assert.True(match.Success, $"region {region} not found");
        Assert.Contains(Normalize(match.Groups[1].Value), Normalize(Markdown));
    }

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

    private static string Normalize(string text) =>
        string.Join("\n", text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));
}
