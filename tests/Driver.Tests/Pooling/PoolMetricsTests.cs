using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Driver.Pooling;
using static Driver.Tests.Pooling.PoolTestSupport;

namespace Driver.Tests.Pooling;

/// <summary>The System.Diagnostics.Metrics instruments and the statistics snapshot, filtered by this test's pool name.</summary>
public class PoolMetricsTests
{
    [Fact]
    public async Task InstrumentsReportIdleInUseWaitingCreatedDestroyedAndWaitTime()
    {
        var factory = new FakeSessionFactory();
        var options = Options(max: 2);
        using var pool = new SessionPool<FakeSession>(factory, options);
        var counters = new ConcurrentDictionary<string, long>();
        var waitTimes = new ConcurrentBag<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PoolMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (HasPool(tags, options.Name))
            {
                counters.AddOrUpdate(instrument.Name, value, (_, old) => old + value);
            }
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            if (HasPool(tags, options.Name))
            {
                var state = Tag(tags, PoolMetrics.StateTag);
                counters[instrument.Name + (state is null ? "" : "/" + state)] = value;
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument.Name == PoolMetrics.WaitTime && HasPool(tags, options.Name))
            {
                waitTimes.Add(value);
            }
        });
        listener.Start();

        var a = pool.Rent();
        var b = await pool.RentAsync();
        var waiter = pool.RentAsync().AsTask();
        b.Session.IsBroken = true;
        listener.RecordObservableInstruments();
        Assert.Equal(0, counters[PoolMetrics.ConnectionCount + "/idle"]);
        Assert.Equal(2, counters[PoolMetrics.ConnectionCount + "/used"]);
        Assert.Equal(1, counters[PoolMetrics.PendingRequests]);
        Assert.Equal(2, counters[PoolMetrics.MaxConnections]);

        b.Dispose(); // destroyed; its slot goes to the waiter, which opens a third session
        var c = await waiter.WaitAsync(TimeSpan.FromSeconds(20));
        a.Dispose();
        listener.RecordObservableInstruments();
        Assert.Equal(1, counters[PoolMetrics.ConnectionCount + "/idle"]);
        Assert.Equal(1, counters[PoolMetrics.ConnectionCount + "/used"]);
        Assert.Equal(0, counters[PoolMetrics.PendingRequests]);
        Assert.Equal(3, counters[PoolMetrics.Created]);
        Assert.Equal(1, counters[PoolMetrics.Destroyed]);
        Assert.Equal(3, waitTimes.Count);
        Assert.All(waitTimes, t => Assert.InRange(t, 0, 60));
        c.Dispose();

        var statistics = pool.GetStatistics();
        Assert.Equal((2, 0, 0, 3L, 1L), (statistics.Idle, statistics.InUse, statistics.Waiting, statistics.Created, statistics.Destroyed));
    }

    [Fact]
    public void TimeoutsAreCounted()
    {
        var factory = new FakeSessionFactory();
        var options = Options(max: 1);
        options.ConnectionTimeout = TimeSpan.FromMilliseconds(30);
        using var pool = new SessionPool<FakeSession>(factory, options);
        long timeouts = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == PoolMetrics.Timeouts)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (HasPool(tags, options.Name))
            {
                Interlocked.Add(ref timeouts, value);
            }
        });
        listener.Start();
        using var held = pool.Rent();
        Assert.Throws<PoolExhaustedException>(() => pool.Rent());
        Assert.Equal(1, Interlocked.Read(ref timeouts));
        Assert.Equal(1, pool.GetStatistics().Timeouts);
        Assert.True(pool.GetStatistics().TotalWaitTime > TimeSpan.Zero);
    }

    private static bool HasPool(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name) =>
        Tag(tags, PoolMetrics.PoolNameTag) as string == name;

    private static object? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }
        return null;
    }
}
