#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
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
