using System.Security.Cryptography.X509Certificates;

namespace Driver.Tests.Docs;

/// <summary>
/// The examples of docs/sign-in.md, one per method: the markdown quotes the regions of this file verbatim (checked by
/// <see cref="SignInExampleTests"/>), and each runs against the test server.
/// </summary>
public static class SignInExamples
{
    #region password
    public static string Password(string server, string password)
    {
        // SCRAMPBKDF2SHA256 and SCRAMSHA256 are both offered; the server picks one
        using var connection = new Driver.Sync.HanaConnection($"Server={server};UserName=SYSTEM;Password={password}");
        connection.Open();
        using var command = new Driver.Sync.HanaCommand("SELECT CURRENT_USER FROM DUMMY", connection);
        return (string)command.ExecuteScalar()!;
    }
    #endregion

    #region jwt
    public static async Task<string> Jwt(string server, string token)
    {
        // no UserName: the server maps the token to its database user
        var builder = new Driver.Async.HanaConnectionStringBuilder { Server = server, Token = token };
        await using var connection = new Driver.Async.HanaConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Driver.Async.HanaCommand("SELECT CURRENT_USER FROM DUMMY", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
    #endregion

    #region saml
    public static async Task<string> Saml(string server, string signedAssertionXml)
    {
        // the builder quotes the XML for the connection string; the server maps the assertion's NameID to its user
        var builder = new Driver.Async.HanaConnectionStringBuilder { Server = server, Assertion = signedAssertionXml };
        await using var connection = new Driver.Async.HanaConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Driver.Async.HanaCommand("SELECT CURRENT_USER FROM DUMMY", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
    #endregion

    #region x509-file
    public static string X509File(string server, string pfxFile, string pfxPassword)
    {
        // method X509: the certificate's key signs the server's challenge; the server maps its subject to a user
        var builder = new Driver.Sync.HanaConnectionStringBuilder
        {
            Server = server, AuthenticationX509 = pfxFile, AuthenticationX509Password = pfxPassword,
        };
        using var connection = new Driver.Sync.HanaConnection(builder.ConnectionString);
        connection.Open();
        using var command = new Driver.Sync.HanaCommand("SELECT CURRENT_USER FROM DUMMY", connection);
        return (string)command.ExecuteScalar()!;
    }
    #endregion

    #region x509-object
    public static async Task<string> X509Object(string server, X509Certificate2 certificate, X509Certificate2Collection intermediates)
    {
        // a certificate from a store or a vault: no file, nothing secret in the connection string
        await using var dataSource = new Driver.Async.HanaDataSourceBuilder($"Server={server};Encrypt=true;SSLValidateCertificate=false")
            .UseX509Certificate(certificate, intermediates)
            .Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new Driver.Async.HanaCommand("SELECT CURRENT_USER FROM DUMMY", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
    #endregion

    #region ldap
    public static async Task<string> Ldap(string server, string user, string directoryPassword)
    {
        // LDAP is offered only when named: the server can decrypt what it receives (use TLS)
        var builder = new Driver.Async.HanaConnectionStringBuilder
        {
            Server = server, UserName = user, Password = directoryPassword, Authentication = "LDAP",
        };
        await using var connection = new Driver.Async.HanaConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Driver.Async.HanaCommand("SELECT CURRENT_USER FROM DUMMY", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
    #endregion

    #region client-certificate
    public static string ClientCertificate(string server, string password, string pfxFile, string pfxPassword)
    {
        // mutual TLS: the handshake presents the certificate, then the password signs in as usual
        var builder = new Driver.Sync.HanaConnectionStringBuilder
        {
            Server = server, UserName = "SYSTEM", Password = password, Encrypt = true,
            SslValidateCertificate = false, // only against a test server with a self-signed certificate
            SslClientCertificate = pfxFile, SslClientCertificatePassword = pfxPassword,
        };
        using var connection = new Driver.Sync.HanaConnection(builder.ConnectionString);
        connection.Open();
        using var command = new Driver.Sync.HanaCommand("SELECT CURRENT_USER FROM DUMMY", connection);
        return (string)command.ExecuteScalar()!;
    }
    #endregion

    #region token-provider-sync
    public static string TokenProviderSync(string server, Func<string> fetchToken)
    {
        // asked before each physical connection the pool opens; pooled sessions stay signed in
        using var dataSource = new Driver.Sync.HanaDataSourceBuilder($"Server={server}")
            .UseTokenProvider(connectionString => fetchToken(), null)
            .Build();
        using var connection = dataSource.OpenConnection();
        using var command = new Driver.Sync.HanaCommand("SELECT CURRENT_USER FROM DUMMY", connection);
        return (string)command.ExecuteScalar()!;
    }
    #endregion

    #region token-provider-async
    public static async Task<string> TokenProviderAsync(string server, Func<CancellationToken, Task<string>> fetchTokenAsync)
    {
        // awaited without blocking a thread before each physical connection
        await using var dataSource = new Driver.Async.HanaDataSourceBuilder($"Server={server}")
            .UseTokenProvider(null, async (connectionString, cancellationToken) => await fetchTokenAsync(cancellationToken))
            .Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new Driver.Async.HanaCommand("SELECT CURRENT_USER FROM DUMMY", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
    #endregion

    #region periodic-password-provider
    public static async Task<string> PeriodicPasswordProvider(string server, Func<CancellationToken, Task<string>> fetchPasswordAsync)
    {
        // kept and renewed every 10 minutes in the background (after a failure: every 30 seconds)
        await using var dataSource = new Driver.Async.HanaDataSourceBuilder($"Server={server};UserName=SYSTEM")
            .UsePeriodicPasswordProvider(null, async (connectionString, cancellationToken) => await fetchPasswordAsync(cancellationToken),
                TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30))
            .Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new Driver.Async.HanaCommand("SELECT CURRENT_USER FROM DUMMY", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
    #endregion
}
