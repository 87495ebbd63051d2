namespace Driver.Tests.Pooling;

/// <summary>Milliseconds that move only when a test says so.</summary>
internal sealed class FakeClock
{
    private long _now = 1_000_000;

    public long Now => Volatile.Read(ref _now);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _now, (long)by.TotalMilliseconds);
}
