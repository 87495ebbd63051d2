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
}
