#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// An I/O failure: the server could not be reached, the socket dropped, TLS failed, or a timeout expired.
/// The connection it happened on is broken and is never used again.
/// </summary>
public class HanaConnectionException : HanaException
{
    /// <summary>Error code used for connection failures detected by the driver.</summary>
    public const int ConnectionErrorCode = -10709;

    /// <summary>Creates a connection exception.</summary>
    public HanaConnectionException(string message, Exception? innerException = null)
        : base(message, ConnectionErrorCode, "08000", 0, HanaErrorLevel.Fatal, innerException)
    {
    }

    /// <summary>Creates a connection exception that says whether the outcome of the request under way is unknown.</summary>
    public HanaConnectionException(string message, Exception? innerException, bool outcomeUnknown)
        : this(message, innerException)
    {
        OutcomeUnknown = outcomeUnknown;
    }

    /// <summary>
    /// True when the connection broke after a request that may change data (EXECUTE, EXECUTEDIRECT, WRITELOB, COMMIT)
    /// may have reached the server: whether it took effect is unknown, so it must not be repeated blindly. Check the
    /// data (or use an idempotent statement) before retrying. False when the request certainly did not run.
    /// </summary>
    public bool OutcomeUnknown { get; }
}
