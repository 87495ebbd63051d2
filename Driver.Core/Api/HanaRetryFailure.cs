#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>What failed in an attempt, as <see cref="HanaRetryInfo.Failure"/> reports it (docs/scale-out.md).</summary>
public enum HanaRetryFailure
{
    /// <summary>The TCP connect, TLS handshake or hello (§1.3): no request was sent, nothing reached the server's SQL layer.</summary>
    Connect = 0,

    /// <summary>
    /// A statement's request was not handed to the socket whole (the idle connection was found closed before it went
    /// out, or the write failed): the server cannot have run it. Statement retries only: at an open, a connection that
    /// broke after a request started is reported as <see cref="Receive"/>.
    /// </summary>
    Send = 1,

    /// <summary>The connection broke or timed out after a request was sent (or while it was): it may have reached the server.</summary>
    Receive = 2,

    /// <summary>The server answered with an error (<see cref="HanaRetryInfo.ServerErrorCode"/>), for example a refused sign-in.</summary>
    ServerError = 3,
}
