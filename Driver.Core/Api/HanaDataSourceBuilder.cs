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
    private IHanaHostSelectionPolicy? _hostSelection;
    private IHanaRetryPolicy? _retry;

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

    /// <summary>
    /// Which node a new session opens on (docs/scale-out.md), unpooled or a pool's: the policy is asked per attempt with
    /// the data source's topology and the candidates (the Server endpoints, then the nodes the topology listed); nodes
    /// marked down go last. Null (the default): the Server endpoints in order (a pool: its round robin). Built-in
    /// policies: <see cref="HanaHostSelection"/>. A data source with a policy has pools of its own.
    /// </summary>
    public HanaDataSourceBuilder UseHostSelectionPolicy(IHanaHostSelectionPolicy? policy)
    {
        _hostSelection = policy;
        return this;
    }

    /// <summary>
    /// Whether a failed attempt to open a new session of the data source (unpooled or a pool's) is tried again, on the
    /// same node or the next, and whether a statement whose connection broke outside a transaction runs again on a new
    /// session (docs/scale-out.md, "Retry policy", "Statement retries"): a decider per operation, asked after each
    /// failed attempt. Null (the default): <see cref="HanaRetry.Default"/>. A data source with a policy has pools of its own.
    /// </summary>
    public HanaDataSourceBuilder UseRetryPolicy(IHanaRetryPolicy? policy)
    {
        _retry = policy;
        return this;
    }

    /// <summary>A data source with the builder's current settings.</summary>
    public HanaDataSource Build() =>
        new(ConnectionStringBuilder.ConnectionString, new DataSourceSettings(_loggerFactory, _includeStatementText, BuildCredentialProvider(), BuildX509Credential())
        {
            HostSelection = _hostSelection,
            RetryPolicy = _retry,
        });

    /// <summary>The connection string with the password masked.</summary>
    public override string ToString() => $"HanaDataSourceBuilder({ConnectionStringBuilder})";
}
