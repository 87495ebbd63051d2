using System.Collections.Concurrent;
using Driver.Pooling;

namespace Driver.Tests.Pooling;

/// <summary>Opens <see cref="FakeSession"/>s, counting what exists, and fails or blocks on demand.</summary>
internal sealed class FakeSessionFactory : ISessionFactory<FakeSession>
{
    private int _nextId;
    private int _live;
    private int _maxLive;

    public ConcurrentQueue<FakeSession> Created { get; } = new();

    /// <summary>Endpoints whose connects fail.</summary>
    public ConcurrentDictionary<string, bool> Unreachable { get; } = new();

    /// <summary>When set, every open waits for it (sync and async) before completing the handshake.</summary>
    public TaskCompletionSource? OpenGate { get; set; }

    /// <summary>Opens that have started (handshake begun).</summary>
    public int OpensStarted;

    /// <summary>The next this many opens fail, wherever they go.</summary>
    public int FailNextOpens;

    public bool ResetResult { get; set; } = true;
    public bool ResetThrows { get; set; }
    public bool YieldOnAsync { get; set; }

    public int SyncCreates;
    public int AsyncCreates;
    public int SyncResets;
    public int AsyncResets;

    public int Live => Volatile.Read(ref _live);
    public int MaxLive => Volatile.Read(ref _maxLive);

    public FakeSession CreateSync(string endpoint, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref SyncCreates);
        Interlocked.Increment(ref OpensStarted);
        OpenGate?.Task.Wait(cancellationToken);
        return Open(endpoint);
    }

    public async ValueTask<FakeSession> CreateAsync(string endpoint, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref AsyncCreates);
        Interlocked.Increment(ref OpensStarted);
        if (OpenGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        if (YieldOnAsync)
        {
            await Task.Yield();
        }
        return Open(endpoint);
    }

    private FakeSession Open(string endpoint)
    {
        if (Unreachable.ContainsKey(endpoint))
        {
            throw new IOException($"connection refused by {endpoint}");
        }
        int failures;
        while ((failures = Volatile.Read(ref FailNextOpens)) > 0)
        {
            if (Interlocked.CompareExchange(ref FailNextOpens, failures - 1, failures) == failures)
            {
                throw new IOException($"handshake with {endpoint} failed");
            }
        }
        var live = Interlocked.Increment(ref _live);
        int max;
        while (live > (max = Volatile.Read(ref _maxLive)) && Interlocked.CompareExchange(ref _maxLive, live, max) != max)
        {
        }
        var session = new FakeSession(this, endpoint, Interlocked.Increment(ref _nextId));
        Created.Enqueue(session);
        return session;
    }

    public bool TryResetSync(FakeSession session)
    {
        Interlocked.Increment(ref SyncResets);
        return Reset(session);
    }

    public ValueTask<bool> TryResetAsync(FakeSession session, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref AsyncResets);
        return new ValueTask<bool>(Reset(session));
    }

    private bool Reset(FakeSession session)
    {
        Interlocked.Increment(ref session.Resets);
        if (ResetThrows)
        {
            throw new IOException("reset failed");
        }
        session.InTransaction = false;
        session.Schema = "SYSTEM";
        return ResetResult;
    }

    internal void OnDisposed() => Interlocked.Decrement(ref _live);
}
