using System.Collections.Concurrent;
using System.Data.Common;
using Driver.TestServer;
using Microsoft.Extensions.Logging;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>The driver's logs through the data source's ILoggerFactory: events, levels, and never the password.</summary>
public class LoggingTests : DriverTestBase
{
    /// <summary>One captured log call: everything a provider could write out.</summary>
    public sealed record Entry(string Category, LogLevel Level, string EventName, string Message, IReadOnlyList<KeyValuePair<string, object?>> State, Exception? Exception)
    {
        public string Everything => $"{Category} {EventName} {Message} {string.Join(";", State.Select(pair => $"{pair.Key}={pair.Value}"))} {Exception}";

        public object? this[string key] => State.FirstOrDefault(pair => pair.Key == key).Value;
    }

    /// <summary>A logger factory that keeps every entry at or above <see cref="MinimumLevel"/>.</summary>
    private sealed class CapturingLoggerFactory(LogLevel minimumLevel) : ILoggerFactory
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public LogLevel MinimumLevel => minimumLevel;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerFactory factory, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= factory.MinimumLevel;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel))
                {
                    return;
                }
                var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
                factory.Entries.Enqueue(new Entry(category, logLevel, eventId.Name ?? string.Empty, formatter(state, exception), values.ToList(), exception));
            }
        }
    }

    private static DbConnection Connection(Flavor flavor, string connectionString, ILoggerFactory loggerFactory, bool statementText = false) =>
        flavor.IsAsync
            ? new global::Driver.Async.HanaDataSourceBuilder(connectionString).UseLoggerFactory(loggerFactory).EnableStatementTextInTraces(statementText).Build().CreateConnection()
            : new global::Driver.Sync.HanaDataSourceBuilder(connectionString).UseLoggerFactory(loggerFactory).EnableStatementTextInTraces(statementText).Build().CreateConnection();

    private static string Category(Flavor flavor, string kind) => (flavor.IsAsync ? "Driver.Async." : "Driver.Sync.") + kind;

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ConnectionsAndCommandsAreLoggedWithoutThePassword(string name)
    {
        var flavor = Flavor.Get(name);
        using var logs = new CapturingLoggerFactory(LogLevel.Debug);
        var connection = Connection(flavor, ConnectionString, logs);
        await flavor.Open(connection);
        var connectionId = flavor.ConnectionId(connection);
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        var error = await Assert.ThrowsAsync(flavor.HanaExceptionType, () => flavor.Execute(connection, "SELECT * FROM NO_SUCH_TABLE"));
        await flavor.Close(connection);

        var entries = logs.Entries.ToList();
        var endpoint = $"{Server.Host}:{Server.Port}";

        var opened = Assert.Single(entries, entry => entry.EventName == "ConnectionOpened");
        Assert.Equal(Category(flavor, "Connection"), opened.Category);
        Assert.Equal(LogLevel.Debug, opened.Level);
        Assert.Equal(connectionId, opened["ConnectionId"]);
        Assert.Equal(endpoint, opened["Server"]);
        Assert.Equal(true, opened["Pooled"]);

        var executed = Assert.Single(entries, entry => entry.EventName == "StatementExecuted");
        Assert.Equal(Category(flavor, "Command"), executed.Category);
        Assert.Equal(LogLevel.Debug, executed.Level);
        Assert.Equal("SELECT", executed["Operation"]);
        Assert.Equal(connectionId, executed["ConnectionId"]);
        // the text stays out unless the data source let it into traces
        Assert.DoesNotContain("DUMMY", executed.Everything);

        // the server refused the statement and the session is intact: the caller has the exception; the log says so at
        // Debug, without a stack trace, and nothing is logged at Error
        var refused = Assert.Single(entries, entry => entry.EventName == "StatementRefused");
        Assert.Equal(LogLevel.Debug, refused.Level);
        Assert.Equal(flavor.ErrorCode(error), refused["ErrorCode"]);
        Assert.Equal(connectionId, refused["ConnectionId"]);
        Assert.Null(refused.Exception);
        Assert.DoesNotContain(entries, entry => entry.Level >= LogLevel.Warning);

        var closed = Assert.Single(entries, entry => entry.EventName == "ConnectionClosed");
        Assert.Equal(connectionId, closed["ConnectionId"]);
        Assert.Equal(false, closed["Broken"]);

        Assert.All(entries, entry => Assert.DoesNotContain(DefaultPassword, entry.Everything));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task StatementTextIsLoggedOnlyWhenEnabled(string name)
    {
        var flavor = Flavor.Get(name);
        using var logs = new CapturingLoggerFactory(LogLevel.Debug);
        var connection = Connection(flavor, ConnectionString, logs, statementText: true);
        await flavor.Open(connection);
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        await flavor.Close(connection);

        var executed = Assert.Single(logs.Entries, entry => entry.EventName == "StatementExecutedWithText");
        Assert.Equal("SELECT * FROM DUMMY", executed["StatementText"]);
        Assert.EndsWith(": SELECT * FROM DUMMY", executed.Message);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AFailedLoginIsLoggedWithoutEitherPassword(string name)
    {
        var flavor = Flavor.Get(name);
        using var logs = new CapturingLoggerFactory(LogLevel.Information);
        const string wrong = "Wrong-Secret-42";
        var connection = Connection(flavor, ConnectionString.Replace(DefaultPassword, wrong) + ";Pooling=false", logs);
        var error = await Assert.ThrowsAsync(flavor.HanaExceptionType, () => flavor.Open(connection));
        connection.Dispose();

        var failed = Assert.Single(logs.Entries);
        Assert.Equal("OpenFailed", failed.EventName);
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.Equal(flavor.ErrorCode(error), failed["ErrorCode"]);
        Assert.DoesNotContain(wrong, failed.Everything);
        Assert.DoesNotContain(DefaultPassword, failed.Everything);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ABrokenConnectionIsLogged(string name)
    {
        var flavor = Flavor.Get(name);
        using var logs = new CapturingLoggerFactory(LogLevel.Information);
        var connection = Connection(flavor, ConnectionString + ";Pooling=false", logs);
        await flavor.Open(connection);
        var connectionId = flavor.ConnectionId(connection);
        Server.Faults.ForConnection(connectionId, new SessionFaults { DropAt = FaultPoint.Execute });
        await Assert.ThrowsAsync(flavor.ConnectionExceptionType, () => flavor.Execute(connection, "SELECT * FROM DUMMY"));
        connection.Dispose();

        var broken = Assert.Single(logs.Entries, entry => entry.EventName == "ConnectionBroken");
        Assert.Equal(LogLevel.Warning, broken.Level);
        Assert.Equal(connectionId, broken["ConnectionId"]);
        Assert.IsAssignableFrom(flavor.ConnectionExceptionType, broken.Exception);
        // Information and up: the Debug events (opened, executed, closed) were never created
        Assert.DoesNotContain(logs.Entries, entry => entry.Level < LogLevel.Information);
    }
}
