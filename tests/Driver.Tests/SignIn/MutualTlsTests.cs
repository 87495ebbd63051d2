using System.Data;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Driver.Tests.PublicApi;
using Driver.TestServer;
using Driver.TestServer.SignIn;

namespace Driver.Tests.SignIn;

/// <summary>
/// A TLS client certificate (SSLClientCertificate, PKCS#12 or PEM) with password sign-in: the server requires one
/// chained to its client CA.
/// </summary>
public sealed class MutualTlsTests : IAsyncLifetime, IDisposable
{
    private const string FilePassword = "Pkcs12-Secret!";
    private readonly string _directory = Directory.CreateTempSubdirectory("mtls").FullName;
    private readonly X509Certificate2 _authority = CreateAuthority("CN=Test Client CA");
    private global::Driver.TestServer.TestServer _server = null!;
    private ClientCertificateAuthority _clients = null!;

    public async Task InitializeAsync()
    {
        var options = new TestServerOptions { Certificate = SelfSignedCertificate.Create() };
        _clients = new ClientCertificateAuthority(_authority);
        options.ClientCertificates = _clients;
        _server = await global::Driver.TestServer.TestServer.StartAsync(options);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _authority.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string ConnectionString(string? certificateFile, string? password = FilePassword) =>
        _server.ConnectionString + ";SSLValidateCertificate=false;Pooling=false" +
        (certificateFile is null ? "" : $";SSLClientCertificate={certificateFile}") +
        (password is null ? "" : $";SSLClientCertificatePassword={password}");

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ACertificateOfTheClientCaSignsInWithAPassword(string name)
    {
        var flavor = Flavor.Get(name);
        var pfx = Path.Combine(_directory, "client.pfx");
        using (var client = Issue(_authority, "CN=app-1"))
        {
            await File.WriteAllBytesAsync(pfx, client.Export(X509ContentType.Pfx, FilePassword));
        }
        var connection = await flavor.Open(ConnectionString(pfx));
        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        Assert.Equal(["CN=app-1"], _clients.AcceptedSubjects);
        JwtSignInTests.AssertNoSecret(FilePassword, connection.ToString()!);
        await flavor.Close(connection);

        var builder = name == "Sync"
            ? (System.Data.Common.DbConnectionStringBuilder)new global::Driver.Sync.HanaConnectionStringBuilder(ConnectionString(pfx))
            : new global::Driver.Async.HanaConnectionStringBuilder(ConnectionString(pfx));
        JwtSignInTests.AssertNoSecret(FilePassword, builder.ToString());
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task APemFileWithItsKeyWorksToo(string name)
    {
        var flavor = Flavor.Get(name);
        var pem = Path.Combine(_directory, "client.pem");
        using (var client = Issue(_authority, "CN=app-pem"))
        {
            await File.WriteAllTextAsync(pem, client.ExportCertificatePem() + "\n" + client.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        }
        var connection = await flavor.Open(ConnectionString(pem, password: null));
        Assert.Equal(["CN=app-pem"], _clients.AcceptedSubjects);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ACertificateOfAnotherCaOrNoneIsRefused(string name)
    {
        var flavor = Flavor.Get(name);
        var pfx = Path.Combine(_directory, "other.pfx");
        using (var otherAuthority = CreateAuthority("CN=Other CA"))
        using (var client = Issue(otherAuthority, "CN=intruder"))
        {
            await File.WriteAllBytesAsync(pfx, client.Export(X509ContentType.Pfx, FilePassword));
        }
        var wrong = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Open(ConnectionString(pfx)));
        Assert.IsAssignableFrom(flavor.ConnectionExceptionType, wrong);
        await Assert.ThrowsAnyAsync<Exception>(() => flavor.Open(ConnectionString(null, password: null)));
        Assert.Equal(["not issued by the authority", "no client certificate"], _clients.Refusals);
        Assert.Empty(_clients.AcceptedSubjects);
    }

    internal static X509Certificate2 CreateAuthority(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(authority.Export(X509ContentType.Pfx), null);
    }

    internal static X509Certificate2 Issue(X509Certificate2 authority, string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        // client authentication
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(8));
        using var withKey = certificate.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }
}
