using Driver.Pooling;

namespace Driver.Core.Session;

/// <summary>A physical session as the connection pool holds it; a HanaConnection borrows its <see cref="Core"/>.</summary>
internal sealed class PooledSession : IPooledSession
{
    public PooledSession(ConnectionCore core)
    {
        Core = core;
        IdleSince = Now;
    }

    /// <summary>Monotonic milliseconds.</summary>
    public static long Now => (long)(System.Diagnostics.Stopwatch.GetTimestamp() * (1000.0 / System.Diagnostics.Stopwatch.Frequency));

    /// <summary>When the session was opened or last reset (given back): the liveness check at rent measures from here.</summary>
    public long IdleSince { get; set; }

    public ConnectionCore Core { get; }

    public string Endpoint => Core.Endpoint;

    /// <summary>
    /// Broken, closed, or (when no request is on the wire) its socket closed by the server: the pool then opens a
    /// new session instead of handing this one out.
    /// </summary>
    public bool IsBroken => Core.IsBroken || Core.ReferenceCount <= 0 || (!Core.IsBusy && Core.IsIdleSocketDead);

    /// <summary>Set by the connection when it gives the session back with a transaction still running.</summary>
    public bool NeedsRollback { get; set; }

    /// <summary>
    /// Closes the session for good. Driver.Sync says goodbye (DISCONNECT); Driver.Async must not block here (the
    /// pool disposes from any thread), so it closes the socket and the server drops the session (§14).
    /// </summary>
    public void Dispose() => Core.CloseWithoutAwaiting();

    public override string ToString() => Core.ToString();
}
