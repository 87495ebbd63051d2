using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Driver.Tests.PublicApi;

/// <summary>
/// SAP's connection string keys (Sap.Data.Hana and SQLDBC): applied ones behave as documented over a real session,
/// accepted ones are named once by a warning, unknown ones are refused with the nearest known key.
/// </summary>
public class SapConnectionStringKeyTests : DriverTestBase
{
    private sealed class WarningCollector : ILoggerFactory, ILogger
    {
        public ConcurrentQueue<(string EventName, string Message)> Warnings { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Warnings.Enqueue((eventId.Name ?? string.Empty, formatter(state, exception)));
            }
        }
    }

    private static DbConnectionStringBuilder Builder(Flavor flavor, string text) => flavor.IsAsync
        ? new global::Driver.Async.HanaConnectionStringBuilder(text)
        : new global::Driver.Sync.HanaConnectionStringBuilder(text);

    private static DbConnection FromDataSource(Flavor flavor, string connectionString, ILoggerFactory logs) => flavor.IsAsync
        ? new global::Driver.Async.HanaDataSourceBuilder(connectionString).UseLoggerFactory(logs).Build().CreateConnection()
        : new global::Driver.Sync.HanaDataSourceBuilder(connectionString).UseLoggerFactory(logs).Build().CreateConnection();

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task SapSpellingsOpenAndApplyAndIgnoredKeysAreWarnedOnce(string name)
    {
        var flavor = Flavor.Get(name);
        using (var setup = await Open(flavor))
        {
            await flavor.Execute(setup, "CREATE SCHEMA SAP_KEYS");
            await flavor.Close(setup);
        }
        // SQLDBC's spellings, in SQLDBC's case: serverNode for Server, currentSchema, communicationTimeout in ms
        var text = ConnectionString.Replace("Server=", "SERVERNODE=") +
            ";currentschema=SAP_KEYS;communicationTimeout=2500;databaseName=TENANT1;reconnect=true;sessionVariable:APPLICATION=migrated;Persist Security Info=false";
        var builder = Builder(flavor, text);
        Assert.Equal($"{Server.Host}:{Server.Port}", builder["Server"]);
        Assert.Equal("3", builder["Command Timeout"]); // 2,500 ms rounded up to whole seconds
        Assert.Equal("TENANT1", builder["DatabaseName"]);
        Assert.Equal("migrated", builder["SESSIONVARIABLE:APPLICATION"]);

        using var logs = new WarningCollector();
        var connection = FromDataSource(flavor, text, logs);
        await flavor.Open(connection);
        var id = flavor.ConnectionId(connection);
        Assert.Equal("SAP_KEYS", await flavor.Scalar(connection, $"SELECT CURRENT_SCHEMA_NAME FROM SYS.M_CONNECTIONS WHERE CONNECTION_ID = {id}"));
        Assert.Equal(3, connection.CreateCommand().CommandTimeout);
        await flavor.Close(connection);
        await flavor.Open(connection); // the same data source again: nothing is warned twice
        await flavor.Close(connection);

        var warnings = logs.Warnings.Where(warning => warning.EventName == "ConnectionStringKeyIgnored").Select(warning => warning.Message).ToList();
        // databaseName is applied since the tenant redirect (docs/scale-out.md): a single-database server answers
        // DBCONNECTINFO with "you are here"
        Assert.Equal(2, warnings.Count);
        Assert.DoesNotContain(warnings, message => message.Contains("databaseName", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(warnings, message => message.Contains("reconnect", StringComparison.OrdinalIgnoreCase));
        // applied, not ignored: sent as CLIENTINFO (ClientInfoTests)
        Assert.DoesNotContain(warnings, message => message.Contains("sessionVariable:APPLICATION", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(warnings, message => message.Contains("Persist Security Info", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(warnings, message => message.Contains(DefaultPassword, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Sync", "databseName=X", "databaseName")]
    [InlineData("Async", "sslValidateCertificat=false", "SSLValidateCertificate")]
    [InlineData("Sync", "Max Pol Size=3", "Max Pool Size")]
    [InlineData("Async", "comunicationTimeout=10", "communicationTimeout")]
    [InlineData("Sync", "Conection Lifetime=10", "Connection Lifetime")]
    public void TyposAreRefusedWithTheNearestKnownKey(string name, string text, string nearest)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Builder(Flavor.Get(name), "Server=h:1;" + text));
        Assert.Contains($"Did you mean '{nearest}'?", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public void KeysFarFromAnyKnownKeyAreRefusedWithoutASuggestion(string name)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Builder(Flavor.Get(name), "Server=h:1;Colour=blue"));
        Assert.DoesNotContain("Did you mean", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Colour'", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public void SapKeysAreCaseInsensitiveAndKeepTheirValues(string name)
    {
        var builder = Builder(Flavor.Get(name), "server=h:1;SSLTRUSTSTORE=/etc/ca.pem;sslhostnameincertificate=db;ENCRYPT=true;compress=false;isolationlevel=SERIALIZABLE;Connection Reset=true;Pooling=false;MAX POOL SIZE=7;min pool size=2;connection lifetime=60");
        Assert.Equal("/etc/ca.pem", builder["SSLTrustedRootCertificate"]);
        Assert.Equal("db", builder["SSLHostNameInCertificate"]);
        Assert.Equal("SERIALIZABLE", builder["isolationLevel"]);
        Assert.Equal("7", builder["Max Pool Size"]);
        Assert.Equal("2", builder["Min Pool Size"]);
        Assert.Equal("60", builder["Connection Lifetime"]);
        Assert.True(builder.ContainsKey("Connection Reset"));
        Assert.Throws<ArgumentException>(() => Builder(Flavor.Get(name), "communicationTimeout=-5"));
    }
}
