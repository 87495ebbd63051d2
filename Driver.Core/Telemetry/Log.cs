using Microsoft.Extensions.Logging;

namespace Driver.Core.Telemetry;

/// <summary>
/// The driver's log messages (source-generated: no boxing, no formatting unless the level is enabled). They name
/// the server endpoint and HANA's connection id, never the connection string: the password cannot get in.
/// Categories: <see cref="HanaTelemetry.ConnectionLogCategory"/> and <see cref="HanaTelemetry.CommandLogCategory"/>.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "ConnectionOpened", Level = LogLevel.Debug,
        Message = "Opened connection {ConnectionId} to {Server} (pooled: {Pooled})")]
    public static partial void ConnectionOpened(ILogger logger, int connectionId, string server, bool pooled);

    [LoggerMessage(EventId = 2, EventName = "ConnectionClosed", Level = LogLevel.Debug,
        Message = "Closed connection {ConnectionId} to {Server} (pooled: {Pooled}, broken: {Broken})")]
    public static partial void ConnectionClosed(ILogger logger, int connectionId, string server, bool pooled, bool broken);

    [LoggerMessage(EventId = 3, EventName = "ConnectionBroken", Level = LogLevel.Warning,
        Message = "Connection {ConnectionId} to {Server} is broken and will not be used again")]
    public static partial void ConnectionBroken(ILogger logger, int connectionId, string server, Exception exception);

    [LoggerMessage(EventId = 4, EventName = "OpenFailed", Level = LogLevel.Error,
        Message = "Opening a connection to {Server} failed with HANA error {ErrorCode} (SQL state {SqlState})")]
    public static partial void OpenFailed(ILogger logger, string server, int errorCode, string? sqlState, Exception exception);

    [LoggerMessage(EventId = 5, EventName = "PoolExhausted", Level = LogLevel.Warning,
        Message = "No pooled connection to {Server} became free within the Connect Timeout")]
    public static partial void PoolExhausted(ILogger logger, string server, Exception exception);

    [LoggerMessage(EventId = 6, EventName = "ConnectionStringKeyIgnored", Level = LogLevel.Warning,
        Message = "Connection string key {Key} is accepted but has no effect: {Reason}")]
    public static partial void ConnectionStringKeyIgnored(ILogger logger, string key, string reason);

    [LoggerMessage(EventId = 10, EventName = "StatementExecuted", Level = LogLevel.Debug,
        Message = "Executed {Operation} in {ElapsedMilliseconds} ms on connection {ConnectionId}")]
    public static partial void StatementExecuted(ILogger logger, string operation, double elapsedMilliseconds, int connectionId);

    // a separate message rather than an empty placeholder: without IncludeStatementText the text is not even a state value
    [LoggerMessage(EventId = 11, EventName = "StatementExecutedWithText", Level = LogLevel.Debug,
        Message = "Executed {Operation} in {ElapsedMilliseconds} ms on connection {ConnectionId}: {StatementText}")]
    public static partial void StatementExecutedWithText(ILogger logger, string operation, double elapsedMilliseconds, int connectionId, string statementText);

    [LoggerMessage(EventId = 12, EventName = "CommandFailed", Level = LogLevel.Error,
        Message = "Command failed on connection {ConnectionId} with HANA error {ErrorCode} (SQL state {SqlState})")]
    public static partial void CommandFailed(ILogger logger, int connectionId, int errorCode, string? sqlState, Exception exception);
}
