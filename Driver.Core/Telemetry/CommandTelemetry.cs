using Driver.Core.Session;
using Microsoft.Extensions.Logging;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Telemetry;

/// <summary>
/// The one hook per command path (HanaCommand's run, Prepare and ExecuteBatch, both flavors):
/// <code>
/// var operation = CommandTelemetry.Start(connection, core, text, kind);
/// try { ...; } catch (Exception e) { CommandTelemetry.Failed(operation, connection, core, e); throw; }
/// operation?.Stop(null, ...);  // through Succeeded
/// </code>
/// The span of a query ends when its first rows have arrived (ExecuteReader returned), not when the reader closes.
/// </summary>
internal static class CommandTelemetry
{
    /// <summary>Null (nothing allocated) unless spans or durations are listened to or the command log is at Debug.</summary>
    public static DbOperation? Start(HanaConnection connection, ConnectionCore core, string sql, CommandKind kind, int batchRows = 0)
    {
        var observed = DriverDiagnostics.IsObserved;
        var settings = connection.Settings;
        var debugLogger = settings.CommandLogger is { } logger && logger.IsEnabled(LogLevel.Debug) ? logger : null;
        if (!observed && debugLogger is null)
        {
            return null;
        }
        var operationName = kind switch
        {
            CommandKind.Prepare => OperationNames.Prepare,
            CommandKind.Batch => OperationNames.OfBatch(sql, batchRows),
            _ => OperationNames.Of(sql),
        };
        var includeText = settings.IncludeStatementText;
        return new DbOperation(
            operationName,
            Namespace(connection),
            core.Host,
            core.Port,
            kind == CommandKind.Batch ? batchRows : 0,
            includeText ? sql : null,
            measure: DriverDiagnostics.OperationDuration.Enabled,
            debugLogger,
            includeText ? sql : null,
            // a CALL names its procedure: the span says which (db.stored_procedure.name, docs/telemetry.md)
            observed && string.Equals(operationName, "CALL", StringComparison.Ordinal) ? OperationNames.ProcedureOf(sql) : null);
    }

    /// <summary>db.namespace: the connection string's CurrentSchema (a later SET SCHEMA is not followed), or none.</summary>
    public static string? Namespace(HanaConnection connection) => connection.Database is { Length: > 0 } schema ? schema : null;

    public static void Succeeded(DbOperation? operation, HanaConnection connection, ConnectionCore core) =>
        operation?.Stop(null, core.ConnectionId, connection.Settings.IncludeStatementText);

    /// <summary>Ends the span as an error, logs the failure and, when it broke the session, that too.</summary>
    public static void Failed(DbOperation? operation, HanaConnection connection, ConnectionCore core, Exception exception)
    {
        var settings = connection.Settings;
        operation?.Stop(exception, core.ConnectionId, settings.IncludeStatementText);
        if (settings.LoggerFactory is null)
        {
            return;
        }
        try
        {
            if (exception is HanaException hana && settings.CommandLogger is { } commandLogger)
            {
                if (core.IsBroken || hana is HanaConnectionException or HanaProtocolException)
                {
                    Log.CommandFailed(commandLogger, core.ConnectionId, hana.Code, hana.SqlState, hana);
                }
                else
                {
                    Log.StatementRefused(commandLogger, core.ConnectionId, hana.Code, hana.SqlState);
                }
            }
            if (core.IsBroken && settings.ConnectionLogger is { } connectionLogger)
            {
                Log.ConnectionBroken(connectionLogger, core.ConnectionId, core.Endpoint, exception);
            }
        }
        catch (Exception)
        {
            // a logger's fault must not replace the statement's own exception
        }
    }
}
