using Driver.Pooling;

namespace Driver.Tests.Pooling;

/// <summary>A session that only records what the pool does to it; its "server state" is a few flags a reset restores.</summary>
internal sealed class FakeSession : IPooledSession
{
    private readonly FakeSessionFactory _factory;
    private int _disposed;

    public FakeSession(FakeSessionFactory factory, string endpoint, int id)
    {
        _factory = factory;
        Endpoint = endpoint;
        Id = id;
    }

    public string Endpoint { get; }
    public int Id { get; }
    public bool IsBroken { get; set; }
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;
    public int Resets;

    // session state a rental may leave behind and the reset must restore
    public bool InTransaction { get; set; }
    public string Schema { get; set; } = "SYSTEM";

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _factory.OnDisposed();
        }
    }

    public override string ToString() => $"fake session {Id} at {Endpoint}";
}
