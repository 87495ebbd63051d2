using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Driver.Core.Session;
using Driver.Core.Telemetry;
using Driver.Sync;

namespace Driver.Benchmarks.Telemetry;

/// <summary>
/// What the telemetry hook costs one command (Start + Succeeded, no I/O): with nobody listening (the case every
/// unobserved application pays; target: a few ns, no allocation), and with a span listener and the duration
/// histogram enabled, for comparison. BenchmarkDotNet runs each case in its own process, so the listeners of the
/// second do not reach the first.
/// </summary>
[MemoryDiagnoser]
public class TelemetryOverheadBenchmarks
{
    private const string Sql = "SELECT ID, NAME FROM CUSTOMERS WHERE ID > ?";
    private HanaConnection _connection = null!;
    private ConnectionCore _core = null!;
    private ActivityListener? _activities;
    private MeterListener? _meters;

    private void CreateSession()
    {
        _connection = new HanaConnection("Server=localhost:30015;UserName=SYSTEM;Password=benchmark;CurrentSchema=BENCH");
        var settings = new ConnectionSettings();
        settings.Endpoints.Add(("localhost", 30015));
        _core = new ConnectionCore(settings, "localhost", 30015); // never opened: the hook does no I/O
    }

    [GlobalSetup(Target = nameof(NobodyListens))]
    public void SetupUnobserved() => CreateSession();

    [GlobalSetup(Target = nameof(TracedAndMeasured))]
    public void SetupObserved()
    {
        CreateSession();
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == HanaTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == HanaTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
        _meters.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _activities?.Dispose();
        _meters?.Dispose();
        _core.Dispose();
        _connection.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void NobodyListens()
    {
        var operation = CommandTelemetry.Start(_connection, _core, Sql, CommandKind.Execute);
        CommandTelemetry.Succeeded(operation, _connection, _core);
    }

    [Benchmark]
    public void TracedAndMeasured()
    {
        var operation = CommandTelemetry.Start(_connection, _core, Sql, CommandKind.Execute);
        CommandTelemetry.Succeeded(operation, _connection, _core);
    }
}
