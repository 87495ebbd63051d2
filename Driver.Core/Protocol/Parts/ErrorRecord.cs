#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Protocol.Parts;

/// <summary>One record of an ERROR part (§12.1): an error, or a warning when the level is 0.</summary>
internal sealed class ErrorRecord
{
    public ErrorRecord(int code, int position, HanaErrorLevel level, string sqlState, string message)
    {
        Code = code;
        Position = position;
        Level = level;
        SqlState = sqlState;
        Message = message;
    }

    public int Code { get; }
    public int Position { get; }
    public HanaErrorLevel Level { get; }
    public string SqlState { get; }
    public string Message { get; }

    public bool IsWarning => Level == HanaErrorLevel.Warning;

    /// <summary>
    /// The message as the driver words it for the application: "[code] text (at position p)", without the position
    /// when HANA's text already ends with its own "(at pos p)" (docs/protocol.md §12.1).
    /// </summary>
    public string DisplayMessage => Position > 0 && Message.IndexOf("(at pos ", StringComparison.Ordinal) < 0
        ? $"[{Code}] {Message} (at position {Position})"
        : $"[{Code}] {Message}";

    public HanaException ToException() => new(DisplayMessage, Code, SqlState, Position, Level);

    public override string ToString() => $"[{Code}] ({SqlState}) {Message}";
}
