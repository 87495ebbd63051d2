#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// The server's error for one failed row of a batch execution (one record of the ERROR part, docs/protocol.md §12.1,
/// matched to the row by the -3 entries of ROWSAFFECTED, §6.4). See <see cref="HanaBatchException.Errors"/>.
/// </summary>
public sealed class HanaBatchError
{
    /// <summary>Creates the error of row <paramref name="rowIndex"/>.</summary>
    public HanaBatchError(int rowIndex, int code, string? sqlState, string message, int position = 0)
    {
        RowIndex = rowIndex;
        Code = code;
        SqlState = sqlState;
        Message = message;
        Position = position;
    }

    /// <summary>The 0-based index of the failed row in the batch (the command's index in a <c>HanaBatch</c>).</summary>
    public int RowIndex { get; }

    /// <summary>HANA's error code (e.g. 301 unique constraint violated).</summary>
    public int Code { get; }

    /// <summary>The five-character SQLSTATE (e.g. "23000"), when known.</summary>
    public string? SqlState { get; }

    /// <summary>The server's message for this row, as <see cref="HanaException"/> words it ("[code] text").</summary>
    public string Message { get; }

    /// <summary>Position of the error in the SQL text (0 when not applicable).</summary>
    public int Position { get; }

    /// <inheritdoc />
    public override string ToString() => $"row {RowIndex}: {Message}";
}
