using System.Security.Cryptography.X509Certificates;
using Driver.Sync;
using Driver.TestServer;
using Driver.Tests.Support;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.TestServer;

/// <summary>TLS from the first byte (§1.2) with a throw-away self-signed certificate.</summary>
public class ServerTlsTests
{
    [Fact]
    public async Task ClientTrustingTheCertificateConnects()
    {
        using var certificate = SelfSignedCertificate.Create();
        await using var server = await Server.StartAsync(new TestServerOptions { Certificate = certificate });
        using var client = ProtocolClient.Connect(server, settings =>
        {
            settings.Encrypt = true;
            settings.TrustedRoots = new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(certificate.RawData));
        });
        Assert.Equal("X", client.Query("SELECT * FROM DUMMY")[0][0]);
        Assert.Equal(20000, client.Query("SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 20000)").Count);
    }

    [Fact]
    public async Task ClientWithoutTheRootIsRefused()
    {
        using var certificate = SelfSignedCertificate.Create();
        await using var server = await Server.StartAsync(new TestServerOptions { Certificate = certificate });
        Assert.Throws<HanaConnectionException>(() => ProtocolClient.Connect(server, settings => settings.Encrypt = true));
        using var other = SelfSignedCertificate.Create();
        Assert.Throws<HanaConnectionException>(() => ProtocolClient.Connect(server, settings =>
        {
            settings.Encrypt = true;
            settings.TrustedRoots = new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(other.RawData));
        }));
    }

    [Fact]
    public async Task ClientNotValidatingConnects()
    {
        using var certificate = SelfSignedCertificate.Create();
        await using var server = await Server.StartAsync(new TestServerOptions { Certificate = certificate });
        using var client = ProtocolClient.Connect(server, settings =>
        {
            settings.Encrypt = true;
            settings.ValidateCertificate = false;
        });
        Assert.Equal("X", client.Query("SELECT * FROM DUMMY")[0][0]);
    }

    [Fact]
    public async Task PlainClientCannotTalkToATlsServer()
    {
        using var certificate = SelfSignedCertificate.Create();
        await using var server = await Server.StartAsync(new TestServerOptions { Certificate = certificate });
        var error = Record.Exception(() => ProtocolClient.Connect(server, settings => settings.ConnectTimeout = TimeSpan.FromSeconds(30)));
        Assert.True(error is HanaConnectionException or HanaProtocolException, error?.ToString());
    }
}
