using BenchmarkDotNet.Attributes;
using Driver.Pooling;

namespace Driver.Benchmarks.Pooling;

/// <summary>
/// Rent plus return on a warm pool (one idle session, nothing waiting), in the sync and the async style: the
/// pool's own cost per pair, with a session whose reset does nothing. Target: no allocation, under 200 ns.
/// </summary>
[MemoryDiagnoser]
public class PoolRentReturnBenchmarks
{
    private SessionPool<NullSession> _pool = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pool = new SessionPool<NullSession>(new NullSessionFactory(), new SessionPoolOptions
        {
            Name = "benchmark",
            Endpoints = ["localhost:30015"],
            MaxPoolSize = 20,
        });
        _pool.Rent().Dispose(); // warm: one idle session
    }

    [GlobalCleanup]
    public void Cleanup() => _pool.Dispose();

    [Benchmark(Baseline = true)]
    public void RentReturnSync()
    {
        var lease = _pool.Rent();
        lease.Dispose();
    }

    [Benchmark]
    public async Task RentReturnAsync()
    {
        var lease = await _pool.RentAsync();
        await lease.DisposeAsync();
    }

    public sealed class NullSession : IPooledSession
    {
        public string Endpoint => "localhost:30015";
        public bool IsBroken => false;

        public void Dispose()
        {
        }
    }

    private sealed class NullSessionFactory : ISessionFactory<NullSession>
    {
        public NullSession CreateSync(string endpoint, CancellationToken cancellationToken) => new();
        public ValueTask<NullSession> CreateAsync(string endpoint, CancellationToken cancellationToken) => new(new NullSession());
        public bool TryResetSync(NullSession session) => true;
        public ValueTask<bool> TryResetAsync(NullSession session, CancellationToken cancellationToken) => new(true);
    }
}
