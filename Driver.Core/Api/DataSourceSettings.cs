using Microsoft.Extensions.Logging;

namespace Driver.Core.Api;

/// <summary>
/// What a data source (built by HanaDataSourceBuilder) gives every connection it creates, beyond the connection
/// string: where the driver logs, and whether the statement text may go into traces. Immutable once built, shared
/// by all connections of the data source.
/// </summary>
internal sealed class DataSourceSettings
{
    public static readonly DataSourceSettings Default = new(null, includeStatementText: false);

    public DataSourceSettings(ILoggerFactory? loggerFactory, bool includeStatementText)
    {
        LoggerFactory = loggerFactory;
        IncludeStatementText = includeStatementText;
    }

    /// <summary>Null: the driver does not log (no global logger is assumed).</summary>
    public ILoggerFactory? LoggerFactory { get; }

    /// <summary>
    /// Statement text in spans (db.query.text): off unless enabled, because a statement may carry literals the
    /// application would not want exported.
    /// </summary>
    public bool IncludeStatementText { get; }
}
