using System.Data.Common;

#if ASYNC
namespace Driver.Async;
#elif SYNC
namespace Driver.Sync;
#else
// the test server's own copy of the flavor-free core (tests/Driver.TestServer), apart from both drivers' types
namespace Driver.TestServer.Core;
#endif

/// <summary>
/// An error reported by the HANA server (an ERROR part, docs/protocol.md §12), or raised by the driver.
/// Carries the server's error code, SQL state, position in the SQL text and severity level.
/// </summary>
public class HanaException : DbException
{
    /// <summary>Creates an exception for a server error record.</summary>
    public HanaException(string message, int code, string? sqlState = null, int position = 0, HanaErrorLevel level = HanaErrorLevel.Error, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        SqlStateValue = sqlState;
        Position = position;
        Level = level;
        HResult = unchecked((int)0x80131904);
    }

    /// <summary>HANA's error code (e.g. 257 syntax error, 259 invalid table name, 301 unique constraint violated).</summary>
    public int Code { get; }

    /// <inheritdoc />
    public override int ErrorCode => Code;

    /// <summary>Position of the error in the SQL text (0 when not applicable).</summary>
    public int Position { get; }

    /// <summary>Severity: warning, error, or fatal (the session was terminated).</summary>
    public HanaErrorLevel Level { get; }

    private string? SqlStateValue { get; }

#if NET5_0_OR_GREATER
    /// <summary>The five-character SQLSTATE (e.g. "HY000"), when known.</summary>
    public override string? SqlState => SqlStateValue;
#else
    /// <summary>The five-character SQLSTATE (e.g. "HY000"), when known.</summary>
    public string? SqlState => SqlStateValue;
#endif
}
