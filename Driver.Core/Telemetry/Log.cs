using Microsoft.Extensions.Logging;

namespace Driver.Core.Telemetry;

/// <summary>
/// The driver's log messages (source-generated: no boxing, no formatting unless the level is enabled). They name
/// the server endpoint and HANA's connection id, never the connection string: the password cannot get in.
/// Categories: <c>HanaTelemetry.ConnectionLogCategory</c> and <c>HanaTelemetry.CommandLogCategory</c> (in the flavor's namespace).
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

    // a statement the server refused (an unknown table, a constraint violation) with the session intact: the caller
    // gets the HanaException and may well handle it, so it is no error of the driver's and carries no stack trace
    // (Npgsql logs a server's error for a statement below Error too); Error is for what broke a command
    [LoggerMessage(EventId = 13, EventName = "StatementRefused", Level = LogLevel.Debug,
        Message = "The server refused a statement on connection {ConnectionId} with HANA error {ErrorCode} (SQL state {SqlState})")]
    public static partial void StatementRefused(ILogger logger, int connectionId, int errorCode, string? sqlState);

    [LoggerMessage(EventId = 12, EventName = "CommandFailed", Level = LogLevel.Error,
        Message = "Command failed on connection {ConnectionId} with HANA error {ErrorCode} (SQL state {SqlState})")]
    public static partial void CommandFailed(ILogger logger, int connectionId, int errorCode, string? sqlState, Exception exception);
}
