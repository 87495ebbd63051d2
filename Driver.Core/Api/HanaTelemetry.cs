#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// Names to subscribe to the driver's traces and metrics, for example with OpenTelemetry:
/// <c>tracing.AddSource(HanaTelemetry.ActivitySourceName)</c> and
/// <c>metrics.AddMeter(HanaTelemetry.MeterName, HanaTelemetry.PoolMeterName)</c>.
/// <para>
/// Spans and the <c>db.client.operation.duration</c> histogram follow OpenTelemetry's semantic conventions for
/// database clients, with <c>db.system.name</c> = <see cref="DbSystemName"/>. The pool's instruments (connections
/// by state, pending requests, timeouts, wait and create times) are on the separate meter
/// <see cref="PoolMeterName"/>, shared by both packages. Nothing is measured or allocated while nobody listens.
/// </para>
/// </summary>
public static class HanaTelemetry
{
    // the package's own name, the one thing that differs between the flavors here
#if ASYNC
    private const string Package = "Driver.Async";
#else
    private const string Package = "Driver.Sync";
#endif

    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> of this package ("Driver.Sync" or "Driver.Async"): one CLIENT span per command execution and per connection open.</summary>
    public const string ActivitySourceName = Package;

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> of this package ("Driver.Sync" or "Driver.Async"): db.client.operation.duration.</summary>
    public const string MeterName = Package;

    /// <summary>The connection pool's meter (shared by Driver.Sync and Driver.Async, tagged with the pool name).</summary>
    public const string PoolMeterName = Driver.Pooling.PoolMetrics.MeterName;

    /// <summary>The db.system.name attribute of every span and measurement.</summary>
    public const string DbSystemName = "sap.hana";

    /// <summary>Logger category of connection events (opened, closed, broken, pool exhausted).</summary>
    public const string ConnectionLogCategory = ActivitySourceName + ".Connection";

    /// <summary>Logger category of command events (executed at Debug, failed at Error).</summary>
    public const string CommandLogCategory = ActivitySourceName + ".Command";
}
