using System.Data;
using System.Data.Common;
using System.Security.Cryptography.X509Certificates;
using Driver.Tests.PublicApi;
using Driver.TestServer;
using Driver.TestServer.SignIn;

namespace Driver.Tests.SignIn;

/// <summary>
/// Sign-in method X509 (§8.4.2) through the public API of both flavors: the test server checks the chain to its CA, the
/// signature over its nonce and the subject's mapping to a user for real.
/// </summary>
public sealed class X509SignInTests : DriverTestBase, IDisposable
{
    private const string FilePassword = "X509-File-Secret!";
    private const string MappedUser = "CERTUSER";
    private readonly string _directory = Directory.CreateTempSubdirectory("x509").FullName;
    private readonly X509Certificate2 _authority = SignInCertificates.Authority("CN=Sign-in CA");

    public void Dispose()
    {
        _authority.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private X509SignInOptions Configure(string subject = "CN=app-x509")
    {
        var x509 = new X509SignInOptions(_authority);
        x509.Users[subject] = MappedUser;
        Server.Options.X509 = x509;
        return x509;
    }

    private string X509ConnectionString(string source, string? password = FilePassword) =>
        $"Server={Server.Host}:{Server.Port};Pooling=false;AuthenticationX509={source}" + (password is null ? "" : $";AuthenticationX509Password={password}");

    private async Task<string> WritePfx(X509Certificate2 certificate, string file = "client.pfx")
    {
        var path = Path.Combine(_directory, file);
        await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, FilePassword));
        return path;
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task APkcs12FileSignsInAsTheUserItsSubjectMapsTo(string name)
    {
        var flavor = Flavor.Get(name);
        var x509 = Configure();
        using var client = SignInCertificates.Client(_authority, "CN=app-x509");
        var pfx = await WritePfx(client);
        var connectionString = X509ConnectionString(pfx);
        var connection = await flavor.Open(connectionString);
        try
        {
            Assert.Equal(ConnectionState.Open, connection.State);
            Assert.Equal(MappedUser, await flavor.Scalar(connection, "SELECT CURRENT_USER FROM DUMMY"));
            Assert.Equal(["CN=app-x509"], x509.AcceptedSubjects);
            var builder = name == "Sync"
                ? (DbConnectionStringBuilder)new global::Driver.Sync.HanaConnectionStringBuilder(connectionString)
                : new global::Driver.Async.HanaConnectionStringBuilder(connectionString);
            JwtSignInTests.AssertNoSecret(FilePassword, connection.ToString()!, builder.ToString());
            Assert.Contains("AuthenticationX509Password=********", builder.ToString());
            Assert.Contains("AuthenticationX509=********", builder.ToString());
            DbDataSource dataSource = name == "Sync" ? new global::Driver.Sync.HanaDataSource(connectionString) : new global::Driver.Async.HanaDataSource(connectionString);
            using (dataSource)
            {
                JwtSignInTests.AssertNoSecret(FilePassword, dataSource.ConnectionString, dataSource.ToString()!);
                Assert.DoesNotContain(pfx, dataSource.ConnectionString);
            }
        }
        finally
        {
            await flavor.Close(connection);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AnEcdsaCertificateUnderAnIntermediateSendsItsChainFromPemText(string name)
    {
        var flavor = Flavor.Get(name);
        var x509 = Configure("CN=app-ecdsa");
        using var intermediate = SignInCertificates.Intermediate(_authority, "CN=Sign-in Intermediate");
        using var client = SignInCertificates.Client(intermediate, "CN=app-ecdsa", ecdsa: true);
        // the server trusts the root only: the intermediate must travel as the chain
        var pem = Path.Combine(_directory, "client.pem");
        await File.WriteAllTextAsync(pem, SignInCertificates.Pem(client, intermediate));
        var connection = await flavor.Open(X509ConnectionString(pem, password: null) + ";Authentication=X509");
        Assert.Equal(MappedUser, await flavor.Scalar(connection, "SELECT CURRENT_USER FROM DUMMY"));
        await flavor.Close(connection);

        // without the intermediate the chain does not reach the CA
        await File.WriteAllTextAsync(pem, SignInCertificates.Pem(client));
        await AssertRefused(flavor, X509ConnectionString(pem, password: null));
        Assert.Contains("not issued by the authority", Assert.Single(x509.Refusals));
        Assert.Equal(["CN=app-ecdsa"], x509.AcceptedSubjects);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task PemTextInTheConnectionStringSignsInAndIsNeverShown(string name)
    {
        var flavor = Flavor.Get(name);
        var x509 = Configure("CN=app-pem-text");
        using var client = SignInCertificates.Client(_authority, "CN=app-pem-text");
        var pem = SignInCertificates.Pem(client);
        var keyLines = pem.Split('\n').SkipWhile(line => !line.Contains("PRIVATE KEY")).Skip(1).TakeWhile(line => !line.StartsWith("-----")).ToList();
        Assert.NotEmpty(keyLines);
        DbConnectionStringBuilder builder = name == "Sync"
            ? new global::Driver.Sync.HanaConnectionStringBuilder { ["Server"] = $"{Server.Host}:{Server.Port}", ["AuthenticationX509"] = pem, ["Pooling"] = "false" }
            : new global::Driver.Async.HanaConnectionStringBuilder { ["Server"] = $"{Server.Host}:{Server.Port}", ["AuthenticationX509"] = pem, ["Pooling"] = "false" };
        var connection = await flavor.Open(builder.ConnectionString);
        Assert.Equal(MappedUser, await flavor.Scalar(connection, "SELECT CURRENT_USER FROM DUMMY"));
        var rendered = new List<string> { connection.ToString()!, builder.ToString() };
        await flavor.Close(connection);
        // refused (the mapping is gone): the message names the method, not the key
        x509.Users.Clear();
        var error = await AssertRefused(flavor, builder.ConnectionString);
        rendered.Add(error.ToString());
        foreach (var text in rendered)
        {
            foreach (var line in keyLines)
            {
                Assert.DoesNotContain(line, text);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ACertificateOfAnotherCaIsRefused(string name)
    {
        var flavor = Flavor.Get(name);
        var x509 = Configure();
        using var other = SignInCertificates.Authority("CN=Other CA");
        using var client = SignInCertificates.Client(other, "CN=app-x509");
        await AssertRefused(flavor, X509ConnectionString(await WritePfx(client)));
        Assert.Contains("not issued by the authority", Assert.Single(x509.Refusals));
        Assert.Empty(x509.AcceptedSubjects);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ASelfSignedCertificateWithAMappedSubjectIsRefused(string name)
    {
        var flavor = Flavor.Get(name);
        var x509 = Configure();
        // the right subject, the wrong certificate
        using var impostor = SignInCertificates.Client(null, "CN=app-x509");
        await AssertRefused(flavor, X509ConnectionString(await WritePfx(impostor)));
        Assert.Contains("not issued by the authority", Assert.Single(x509.Refusals));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ASubjectMappedToNoUserIsRefused(string name)
    {
        var flavor = Flavor.Get(name);
        var x509 = Configure();
        using var client = SignInCertificates.Client(_authority, "CN=app-unmapped");
        await AssertRefused(flavor, X509ConnectionString(await WritePfx(client)));
        Assert.Equal("no user for CN=app-unmapped", Assert.Single(x509.Refusals));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AnExpiredCertificateIsNotOffered(string name)
    {
        var flavor = Flavor.Get(name);
        var x509 = Configure();
        using var client = SignInCertificates.Client(_authority, "CN=app-x509", notBefore: DateTimeOffset.UtcNow.AddHours(-12), notAfter: DateTimeOffset.UtcNow.AddHours(-1));
        var error = await AssertRefused(flavor, X509ConnectionString(await WritePfx(client)));
        Assert.Contains("'CN=app-x509' is valid from", error.Message);
        // refused before the server heard of it: HANA counts failed sign-ins against the user
        Assert.Empty(x509.Refusals);
        Assert.Empty(x509.AcceptedSubjects);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ACertificateObjectOnTheDataSourceBuilderSignsInOverTls(string name)
    {
        var flavor = Flavor.Get(name);
        var options = new TestServerOptions { Certificate = SelfSignedCertificate.Create() };
        var x509 = new X509SignInOptions(_authority);
        x509.Users["CN=app-object"] = MappedUser;
        options.X509 = x509;
        await using var server = await global::Driver.TestServer.TestServer.StartAsync(options);
        using var intermediate = SignInCertificates.Intermediate(_authority, "CN=Object Intermediate");
        using var client = SignInCertificates.Client(intermediate, "CN=app-object");
        var connectionString = $"Server={server.Host}:{server.Port};Encrypt=true;SSLValidateCertificate=false";
        DbDataSource dataSource = name == "Sync"
            ? new global::Driver.Sync.HanaDataSourceBuilder(connectionString).UseX509Certificate(client, [intermediate]).Build()
            : new global::Driver.Async.HanaDataSourceBuilder(connectionString).UseX509Certificate(client, [intermediate]).Build();
        await using (dataSource)
        {
            var connection = await dataSource.OpenConnectionAsync();
            Assert.Equal(MappedUser, await flavor.Scalar(connection, "SELECT CURRENT_USER FROM DUMMY"));
            await flavor.Close(connection);
            // pooled: no second sign-in
            connection = await dataSource.OpenConnectionAsync();
            await flavor.Close(connection);
            Assert.Equal(["CN=app-object"], x509.AcceptedSubjects);
        }
        // the same connection string without the certificate does not share its pool: it has nothing to sign in with
        await Assert.ThrowsAnyAsync<Exception>(() => flavor.Open(connectionString));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AuthenticationX509WithoutACertificateSaysWhatIsMissing(string name)
    {
        var flavor = Flavor.Get(name);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => flavor.Open($"{ConnectionString};Authentication=X509;Pooling=false"));
        Assert.Equal("Authentication names X509, which needs a certificate with its private key: the AuthenticationX509 key or a certificate given to the data source builder.", error.Message);
        JwtSignInTests.AssertNoSecret(DefaultPassword, error.ToString());
    }

    private static async Task<Exception> AssertRefused(Flavor flavor, string connectionString)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Open(connectionString));
        Assert.IsAssignableFrom(flavor.HanaExceptionType, error);
        Assert.Equal(10, flavor.ErrorCode(error));
        Assert.StartsWith("Sign-in with X509 failed", error.Message);
        JwtSignInTests.AssertNoSecret(FilePassword, error.ToString());
        return error;
    }
}
