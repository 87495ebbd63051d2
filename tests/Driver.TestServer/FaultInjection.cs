using System.Collections.Concurrent;

namespace Driver.TestServer;

/// <summary>
/// Fault injection for failure tests, off by default: plan faults for the next session or for a session by its
/// connection id, or stop accepting new connections.
/// </summary>
public sealed class FaultInjection
{
    private readonly ConcurrentDictionary<int, SessionFaults> _byConnectionId = new();
    private SessionFaults? _next;

    /// <summary>While true, new connections are closed as soon as they are accepted.</summary>
    public bool RejectNewConnections { get; set; }

    /// <summary>Faults for the next accepted connection only.</summary>
    public void ForNextConnection(SessionFaults faults) => Volatile.Write(ref _next, faults);

    /// <summary>Faults for an open session, identified by the connection id it reported at CONNECT.</summary>
    public void ForConnection(int connectionId, SessionFaults faults) => _byConnectionId[connectionId] = faults;

    internal SessionFaults? TakeForNewConnection() => Interlocked.Exchange(ref _next, null);

    internal SessionFaults? TakeForConnection(int connectionId) =>
        _byConnectionId.TryRemove(connectionId, out var faults) ? faults : null;
}
