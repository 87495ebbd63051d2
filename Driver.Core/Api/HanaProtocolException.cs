#if ASYNC
namespace Driver.Async;
#elif SYNC
namespace Driver.Sync;
#else
// the test server's own copy of the flavor-free core (tests/Driver.TestServer), apart from both drivers' types
namespace Driver.TestServer.Core;
#endif

/// <summary>
/// The bytes on the wire broke the HANA protocol: a truncated or malformed message, an absurd length, an
/// unknown value where only known ones are allowed. The connection that received them is unusable.
/// </summary>
public class HanaProtocolException : HanaException
{
    /// <summary>Error code used for protocol violations detected by the driver (HANA's "error while parsing protocol").</summary>
    public const int ProtocolErrorCode = 1033;

    /// <summary>Creates a protocol exception.</summary>
    public HanaProtocolException(string message, Exception? innerException = null)
        : base(message, ProtocolErrorCode, "HY000", 0, HanaErrorLevel.Fatal, innerException)
    {
    }
}
