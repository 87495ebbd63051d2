using Driver.Core.Session;
using Driver.Pooling;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Telemetry;

/// <summary>
/// The hooks of HanaConnection: a CLIENT span per Open (named OPEN, no duration measurement: the pool's
/// create_time and wait_time histograms cover opening), and the opened / closed / broken / failed logs. A logger
/// that throws is ignored: it must not fail an open that succeeded or a close.
/// </summary>
internal static class ConnectionTelemetry
{
    /// <summary>Null (nothing allocated) unless spans are listened to.</summary>
    public static DbOperation? StartOpen(HanaConnection connection, string server)
    {
        if (!DriverDiagnostics.Source.HasListeners())
        {
            return null;
        }
        string? host = null;
        var port = 0;
        var first = server.Split(',')[0];
        if (first.Trim().Length > 0)
        {
            (host, port) = HanaConnectionStringBuilder.ParseEndpoint(first);
        }
        return new DbOperation(OperationNames.Open, CommandTelemetry.Namespace(connection), host, port, batchSize: 0, queryText: null,
            measure: false, debugLogger: null, statementTextForLog: null);
    }

    public static void Opened(DbOperation? operation, HanaConnection connection, ConnectionCore core, bool pooled)
    {
        if (operation is not null)
        {
            operation.SetServer(core.Host, core.Port);
            operation.Stop(null, core.ConnectionId, includeErrorMessage: false);
        }
        if (connection.Settings.ConnectionLogger is { } logger)
        {
            try
            {
                Log.ConnectionOpened(logger, core.ConnectionId, core.Endpoint, pooled);
            }
            catch (Exception)
            {
                // see the class remarks
            }
        }
    }

    public static void OpenFailed(DbOperation? operation, HanaConnection connection, string server, Exception exception)
    {
        // the login's error messages never carry the password; the connection string is not logged at all
        operation?.Stop(exception, 0, includeErrorMessage: true);
        if (connection.Settings.ConnectionLogger is not { } logger)
        {
            return;
        }
        try
        {
            if (exception is PoolExhaustedException)
            {
                Log.PoolExhausted(logger, server, exception);
            }
            else if (exception is HanaException hana)
            {
                Log.OpenFailed(logger, server, hana.Code, hana.SqlState, hana);
            }
        }
        catch (Exception)
        {
            // a logger's fault must not replace the open's own exception
        }
    }

    public static void Closed(HanaConnection connection, ConnectionCore core, bool pooled)
    {
        if (connection.Settings.ConnectionLogger is { } logger)
        {
            try
            {
                Log.ConnectionClosed(logger, core.ConnectionId, core.Endpoint, pooled, core.IsBroken);
            }
            catch (Exception)
            {
                // see the class remarks
            }
        }
    }
}
