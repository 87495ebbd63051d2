using System.Diagnostics;
using Microsoft.Extensions.Logging;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Telemetry;

/// <summary>
/// One observed database operation: its CLIENT span, its start time for the duration histogram and the Debug
/// log, and the low-cardinality attributes both carry. Only created when somebody listens
/// (<see cref="CommandTelemetry"/>, <see cref="ConnectionTelemetry"/>); unobserved operations get null and
/// allocate nothing. A listener, exporter or logger that throws is ignored here: the statement has run (its
/// effects may be committed, its results hold server resources), so telemetry must not turn it into a failure.
/// </summary>
internal sealed class DbOperation
{
    private readonly Activity? _activity;
    private readonly long _startTimestamp;
    private readonly bool _measure;
    private readonly string? _operationName;
    private readonly string? _namespace;
    private readonly ILogger? _debugLogger;
    private readonly string? _statementText;
    private string? _host;
    private int _port;

    public DbOperation(string? operationName, string? dbNamespace, string? host, int port, int batchSize, string? queryText,
        bool measure, ILogger? debugLogger, string? statementTextForLog, string? storedProcedure = null)
    {
        _operationName = operationName;
        _namespace = dbNamespace;
        _host = host;
        _port = port;
        _measure = measure;
        _debugLogger = debugLogger;
        _statementText = statementTextForLog;
        var previous = Activity.Current;
        try
        {
            _activity = StartActivity(operationName, dbNamespace, host, port, batchSize, queryText, storedProcedure);
        }
        catch (Exception)
        {
            // a listener's fault: the operation goes on unobserved (see the class remarks), and the span that
            // was started before the listener threw does not stay the caller's current activity
            Activity.Current = previous;
        }
        if (measure || debugLogger is not null)
        {
            _startTimestamp = Stopwatch.GetTimestamp();
        }
    }

    private static Activity? StartActivity(string? operationName, string? dbNamespace, string? host, int port, int batchSize, string? queryText,
        string? storedProcedure)
    {
        if (DriverDiagnostics.Source.HasListeners())
        {
            // the attributes samplers may look at are given at creation, as the conventions ask
            var tags = new List<KeyValuePair<string, object?>>(8)
            {
                new(SemanticConventions.DbSystemName, HanaTelemetry.DbSystemName),
            };
            if (operationName is not null)
            {
                tags.Add(new(SemanticConventions.DbOperationName, operationName));
            }
            if (dbNamespace is not null)
            {
                tags.Add(new(SemanticConventions.DbNamespace, dbNamespace));
            }
            if (host is not null)
            {
                tags.Add(new(SemanticConventions.ServerAddress, host));
                tags.Add(new(SemanticConventions.ServerPort, port));
            }
            if (batchSize >= 2)
            {
                tags.Add(new(SemanticConventions.DbOperationBatchSize, batchSize));
            }
            if (storedProcedure is not null)
            {
                tags.Add(new(SemanticConventions.DbStoredProcedureName, storedProcedure));
            }
            var activity = DriverDiagnostics.Source.StartActivity(SpanName(operationName, storedProcedure ?? dbNamespace), ActivityKind.Client, parentContext: default, tags);
            if (queryText is not null && activity is { IsAllDataRequested: true })
            {
                activity.SetTag(SemanticConventions.DbQueryText, queryText);
            }
            return activity;
        }
        return null;
    }

    /// <summary>
    /// {db.operation.name} {target}, the target being a CALL's procedure or else db.namespace (the conventions' span
    /// name), or whichever of the two is known, else db.system.name.
    /// </summary>
    private static string SpanName(string? operationName, string? dbNamespace) =>
        operationName is not null
            ? dbNamespace is not null ? operationName + " " + dbNamespace : operationName
            : dbNamespace ?? HanaTelemetry.DbSystemName;

    /// <summary>The endpoint actually connected to (failover may pick another than the first one).</summary>
    public void SetServer(string host, int port)
    {
        if (_activity is not null && (_host != host || _port != port))
        {
            _activity.SetTag(SemanticConventions.ServerAddress, host);
            _activity.SetTag(SemanticConventions.ServerPort, port);
        }
        _host = host;
        _port = port;
    }

    /// <summary>Ends the span, records the duration, and logs the statement at Debug when it succeeded.</summary>
    public void Stop(Exception? error, int connectionId, bool includeErrorMessage)
    {
        try
        {
            StopCore(error, connectionId, includeErrorMessage);
        }
        catch (Exception)
        {
            // a listener's, exporter's or logger's fault must not fail the statement (see the class remarks);
            // Activity.Stop notifies before it restores the current activity, so that is done here
            if (_activity is not null && ReferenceEquals(Activity.Current, _activity))
            {
                Activity.Current = _activity.Parent;
            }
        }
    }

    private void StopCore(Exception? error, int connectionId, bool includeErrorMessage)
    {
        var elapsed = _startTimestamp != 0 ? DriverDiagnostics.ElapsedSeconds(_startTimestamp) : 0;
        var errorType = error is null ? null : DriverDiagnostics.ErrorType(error);
        var statusCode = error is HanaException hana ? DriverDiagnostics.StatusCode(hana) : null;
        if (_activity is not null)
        {
            if (error is not null)
            {
                _activity.SetTag(SemanticConventions.ErrorType, errorType);
                if (statusCode is not null)
                {
                    _activity.SetTag(SemanticConventions.DbResponseStatusCode, statusCode);
                }
                // a server message may quote the statement (syntax errors do): only with statement text enabled
                _activity.SetStatus(ActivityStatusCode.Error, includeErrorMessage ? error.Message : null);
            }
            _activity.Dispose();
        }
        if (_measure && DriverDiagnostics.OperationDuration.Enabled)
        {
            var tags = new TagList
            {
                { SemanticConventions.DbSystemName, HanaTelemetry.DbSystemName },
            };
            if (_operationName is not null)
            {
                tags.Add(SemanticConventions.DbOperationName, _operationName);
            }
            if (_namespace is not null)
            {
                tags.Add(SemanticConventions.DbNamespace, _namespace);
            }
            if (_host is not null)
            {
                tags.Add(SemanticConventions.ServerAddress, _host);
                tags.Add(SemanticConventions.ServerPort, _port);
            }
            if (errorType is not null)
            {
                tags.Add(SemanticConventions.ErrorType, errorType);
            }
            if (statusCode is not null)
            {
                tags.Add(SemanticConventions.DbResponseStatusCode, statusCode);
            }
            DriverDiagnostics.OperationDuration.Record(elapsed, tags);
        }
        if (_debugLogger is not null && error is null)
        {
            var operation = _operationName ?? HanaTelemetry.DbSystemName;
            var milliseconds = Math.Round(elapsed * 1000, 3);
            if (_statementText is not null)
            {
                Log.StatementExecutedWithText(_debugLogger, operation, milliseconds, connectionId, _statementText);
            }
            else
            {
                Log.StatementExecuted(_debugLogger, operation, milliseconds, connectionId);
            }
        }
    }
}
