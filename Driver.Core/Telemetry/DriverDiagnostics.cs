using System.Diagnostics;
using System.Diagnostics.Metrics;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Telemetry;

/// <summary>
/// The package's ActivitySource, Meter and operation-duration histogram (OpenTelemetry database-client
/// conventions). Created on first use; callers check <see cref="IsObserved"/> before allocating anything, so a
/// process nobody observes pays one listener check per operation.
/// </summary>
internal static class DriverDiagnostics
{
    private static readonly string? s_version = typeof(DriverDiagnostics).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource Source = new(HanaTelemetry.ActivitySourceName, s_version);

    public static readonly Meter Meter = new(HanaTelemetry.MeterName, s_version);

    // bucket boundaries recommended by the conventions for db.client.operation.duration
    public static readonly Histogram<double> OperationDuration = Meter.CreateHistogram(
        SemanticConventions.OperationDuration,
        unit: "s",
        description: "Duration of database client operations.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10] });

    /// <summary>Somebody listens to the spans or measures the durations.</summary>
    public static bool IsObserved => Source.HasListeners() || OperationDuration.Enabled;

    /// <summary>error.type: the HANA error code for a HanaException (as db.response.status_code), else the exception's type.</summary>
    public static string ErrorType(Exception exception) =>
        exception is HanaException hana ? StatusCode(hana) : exception.GetType().FullName ?? exception.GetType().Name;

    public static string StatusCode(HanaException exception) =>
        exception.Code.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // Stopwatch.GetElapsedTime is net7+; the arithmetic is the same on netstandard2.0
    public static double ElapsedSeconds(long startTimestamp) =>
        (double)(Stopwatch.GetTimestamp() - startTimestamp) / Stopwatch.Frequency;
}
