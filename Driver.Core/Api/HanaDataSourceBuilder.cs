using Driver.Core.Api;
using Microsoft.Extensions.Logging;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// Builds a <see cref="HanaDataSource"/>: the connection string (edited through
/// <see cref="ConnectionStringBuilder"/>), the logger factory the driver logs to, and whether statement text goes
/// into traces. Each <see cref="Build"/> takes a snapshot; later changes to the builder do not reach data sources
/// already built.
/// </summary>
public sealed partial class HanaDataSourceBuilder
{
    private ILoggerFactory? _loggerFactory;
    private bool _includeStatementText;

    /// <summary>A builder starting from <paramref name="connectionString"/> (validated now), or empty.</summary>
    public HanaDataSourceBuilder(string? connectionString = null)
    {
        ConnectionStringBuilder = new HanaConnectionStringBuilder(connectionString);
    }

    /// <summary>The connection string being built; change any setting here before <see cref="Build"/>.</summary>
    public HanaConnectionStringBuilder ConnectionStringBuilder { get; }

    /// <summary>The connection string as it stands, password included (never logged by the driver).</summary>
    public string ConnectionString => ConnectionStringBuilder.ConnectionString;

    /// <summary>
    /// Where the driver's logs go (connections opened and closed, errors, pool events). Without a logger factory
    /// the driver does not log.
    /// </summary>
    public HanaDataSourceBuilder UseLoggerFactory(ILoggerFactory? loggerFactory)
    {
        _loggerFactory = loggerFactory;
        return this;
    }

    /// <summary>
    /// Puts the statement text into traces (the db.query.text attribute). Off by default: SQL text may hold literal
    /// values an application would not want exported to its telemetry backend.
    /// </summary>
    public HanaDataSourceBuilder EnableStatementTextInTraces(bool enable = true)
    {
        _includeStatementText = enable;
        return this;
    }

    /// <summary>A data source with the builder's current settings.</summary>
    public HanaDataSource Build() =>
        new(ConnectionStringBuilder.ConnectionString, new DataSourceSettings(_loggerFactory, _includeStatementText, BuildCredentialProvider(), BuildX509Credential()));

    /// <summary>The connection string with the password masked.</summary>
    public override string ToString() => $"HanaDataSourceBuilder({ConnectionStringBuilder})";
}
