namespace Driver.Pooling;

/// <summary>
/// A physical database session as the pool sees it. Each driver flavor wraps its own session type in this;
/// the pool never looks inside. <see cref="IDisposable.Dispose"/> closes the session for good.
/// </summary>
public interface IPooledSession : IDisposable
{
    /// <summary>The endpoint (e.g. "host:port") the session is connected to.</summary>
    string Endpoint { get; }

    /// <summary>
    /// True once the session can no longer be trusted (I/O failed, the server ended it, a protocol error):
    /// such a session is never handed out again and is disposed when it comes back.
    /// </summary>
    bool IsBroken { get; }
}
