#if ASYNC
namespace Driver.Async;
#elif SYNC
namespace Driver.Sync;
#else
// the test server's own copy of the flavor-free core (tests/Driver.TestServer), apart from both drivers' types
namespace Driver.TestServer.Core;
#endif

/// <summary>Severity of an ERROR part record (docs/protocol.md §12.1).</summary>
public enum HanaErrorLevel
{
    /// <summary>A warning: the request itself succeeded.</summary>
    Warning = 0,
    /// <summary>The request failed; the session is usable.</summary>
    Error = 1,
    /// <summary>The server terminated the session.</summary>
    Fatal = 2,
}
