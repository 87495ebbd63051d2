using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Driver.Tests.PublicApi;
using Driver.TestServer.SignIn;
using Microsoft.Extensions.Logging;

namespace Driver.Tests.SignIn;

/// <summary>
/// Sign-in method LDAP (§8.4.1) through the public API of both flavors: the test server's directory table stands in for
/// LDAP, and the RSA/AES exchange is done for real on both sides.
/// </summary>
public sealed class LdapSignInTests : DriverTestBase, IDisposable
{
    private const string DirectoryPassword = "Ldap-Directory-Secret-1";
    private readonly LdapSignInOptions _ldap = new();

    public LdapSignInTests()
    {
        _ldap.Directory["ldapuser"] = DirectoryPassword;
    }

    public void Dispose() => _ldap.Dispose();

    private string LdapConnectionString(string password, string authentication = "LDAP") =>
        $"Server={Server.Host}:{Server.Port};UserName=ldapuser;Password={password};Authentication={authentication};Pooling=false";

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task TheDirectoryPasswordSignsIn(string name)
    {
        var flavor = Flavor.Get(name);
        Server.Options.Ldap = _ldap;
        var connection = await flavor.Open(LdapConnectionString(DirectoryPassword));
        try
        {
            Assert.Equal(ConnectionState.Open, connection.State);
            Assert.Equal("LDAPUSER", await flavor.Scalar(connection, "SELECT CURRENT_USER FROM DUMMY"));
            Assert.Equal(["ldapuser"], _ldap.Accepted);
            Assert.Empty(_ldap.Refusals);
            JwtSignInTests.AssertNoSecret(DirectoryPassword, connection.ToString()!);
        }
        finally
        {
            await flavor.Close(connection);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AWrongPasswordIsRefusedAndNeverShown(string name)
    {
        var flavor = Flavor.Get(name);
        Server.Options.Ldap = _ldap;
        const string wrong = "Not-The-Directory-Secret-2";
        var logs = new SecretScanningLoggerFactory();
        var connectionString = LdapConnectionString(wrong);
        DbDataSource dataSource = name == "Sync"
            ? new global::Driver.Sync.HanaDataSourceBuilder(connectionString).UseLoggerFactory(logs).Build()
            : new global::Driver.Async.HanaDataSourceBuilder(connectionString).UseLoggerFactory(logs).Build();
        await using (dataSource)
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(async () => await dataSource.OpenConnectionAsync());
            Assert.IsAssignableFrom(flavor.HanaExceptionType, error);
            Assert.Equal(10, flavor.ErrorCode(error));
            Assert.StartsWith("Sign-in with LDAP failed: [10] authentication failed", error.Message);
            JwtSignInTests.AssertNoSecret(wrong, error.ToString(), dataSource.ConnectionString, dataSource.ToString()!, string.Join("\n", logs.Messages));
        }
        Assert.Equal("wrong password", Assert.Single(_ldap.Refusals));
        Assert.Empty(_ldap.Accepted);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AUserOutsideTheDirectoryIsRefused(string name)
    {
        var flavor = Flavor.Get(name);
        Server.Options.Ldap = _ldap;
        var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Open(LdapConnectionString(DirectoryPassword).Replace("UserName=ldapuser", "UserName=stranger")));
        Assert.StartsWith("Sign-in with LDAP failed", error.Message);
        Assert.Equal("unknown user", Assert.Single(_ldap.Refusals));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task LdapIsNeverOfferedUnlessNamed(string name)
    {
        var flavor = Flavor.Get(name);
        Server.Options.Ldap = _ldap;
        // no Authentication key: SCRAM only, which the server refuses for a directory user
        var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Open($"Server={Server.Host}:{Server.Port};UserName=ldapuser;Password={DirectoryPassword};Pooling=false"));
        Assert.Equal(10, flavor.ErrorCode(error));
        Assert.StartsWith("Sign-in with SCRAMPBKDF2SHA256", error.Message);
        Assert.Empty(_ldap.Refusals);
        Assert.Empty(_ldap.Accepted);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task WithLdapAndPasswordOfferedTheServersChoiceIsHonoured(string name)
    {
        var flavor = Flavor.Get(name);
        // a server without LDAP picks SCRAM from the same AUTHENTICATE
        var connection = await flavor.Open($"{ConnectionString};Authentication=Password,LDAP;Pooling=false");
        Assert.Equal("SYSTEM", await flavor.Scalar(connection, "SELECT CURRENT_USER FROM DUMMY"));
        await flavor.Close(connection);
        // with LDAP, the directory user signs in through LDAP
        Server.Options.Ldap = _ldap;
        connection = await flavor.Open(LdapConnectionString(DirectoryPassword, "ldap, password"));
        Assert.Equal("LDAPUSER", await flavor.Scalar(connection, "SELECT CURRENT_USER FROM DUMMY"));
        await flavor.Close(connection);
        Assert.Equal(["ldapuser"], _ldap.Accepted);
    }

    /// <summary>Keeps every rendered log message (and exception), to check no secret is among them.</summary>
    internal sealed class SecretScanningLoggerFactory : ILoggerFactory
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public void Dispose()
        {
        }

        private sealed class Logger(SecretScanningLoggerFactory factory) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                factory.Messages.Enqueue(formatter(state, exception) + " " + exception + " " + state);
        }
    }
}
