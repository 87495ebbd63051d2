using System.Security.Cryptography.X509Certificates;
using Driver.TestServer;
using Server = Driver.TestServer.TestServer;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>TLS set up through the connection string (§1.2): trusted root file, validation switch, host name override.</summary>
public class TlsTests : IAsyncLifetime
{
    private X509Certificate2 _certificate = null!;
    private Server _server = null!;
    private string _pemFile = null!;
    private string _derFile = null!;

    public async Task InitializeAsync()
    {
        _certificate = SelfSignedCertificate.Create();
        _server = await Server.StartAsync(new TestServerOptions { Certificate = _certificate });
        _pemFile = Path.Combine(Path.GetTempPath(), $"tls-root-{Guid.NewGuid():N}.pem");
        _derFile = Path.Combine(Path.GetTempPath(), $"tls-root-{Guid.NewGuid():N}.cer");
        await File.WriteAllTextAsync(_pemFile, _certificate.ExportCertificatePem());
        await File.WriteAllBytesAsync(_derFile, _certificate.Export(X509ContentType.Cert));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificate.Dispose();
        File.Delete(_pemFile);
        File.Delete(_derFile);
    }

    private string Base => $"Server=127.0.0.1:{_server.Port};UserName=SYSTEM;Password={Server.DefaultPassword};Encrypt=true";

    private static async Task AssertConnects(Flavor flavor, string connectionString)
    {
        var connection = await flavor.Open(connectionString);
        Assert.Equal(1, Convert.ToInt32(await flavor.Scalar(connection, "SELECT 1 FROM DUMMY")));
        await flavor.Close(connection);
    }

    private static async Task AssertRefused(Flavor flavor, string connectionString)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Open(connectionString));
        Assert.IsType(flavor.ConnectionExceptionType, error);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ATrustedRootFileInPemOrDerLetsTheSelfSignedServerIn(string name)
    {
        var flavor = Flavor.Get(name);
        await AssertConnects(flavor, $"{Base};SSLTrustedRootCertificate={_pemFile}");
        await AssertConnects(flavor, $"{Base};SSLTrustedRootCertificate={_derFile}");
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task SapsSslTrustStoreTakesAFileOrThePemTextItself(string name)
    {
        var flavor = Flavor.Get(name);
        await AssertConnects(flavor, $"{Base};sslTrustStore={_pemFile}");
        var withText = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = Base };
        withText["sslTrustStore"] = await File.ReadAllTextAsync(_pemFile);
        await AssertConnects(flavor, withText.ConnectionString);
        var wrongRoot = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = Base };
        using var other = System.Security.Cryptography.RSA.Create(2048);
        var otherRequest = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=other", other, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var otherRoot = otherRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        wrongRoot["sslTrustStore"] = otherRoot.ExportCertificatePem();
        await AssertRefused(flavor, wrongRoot.ConnectionString);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task WithoutTheRootTheServerIsRefused(string name) => await AssertRefused(Flavor.Get(name), Base);

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task SslValidateCertificateFalseConnectsWithoutARoot(string name) =>
        await AssertConnects(Flavor.Get(name), $"{Base};SSLValidateCertificate=false");

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task TheHostNameInCertificateIsCheckedInsteadOfTheAddressConnectedTo(string name)
    {
        var flavor = Flavor.Get(name);
        await AssertConnects(flavor, $"{Base};SSLTrustedRootCertificate={_pemFile};SSLHostNameInCertificate=localhost");
        // a name the certificate does not carry is refused although 127.0.0.1 is in it: the key is used
        await AssertRefused(flavor, $"{Base};SSLTrustedRootCertificate={_pemFile};SSLHostNameInCertificate=other.example");
    }
}
