#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// A batch execution (one EXECUTE with several parameter rows, §6.24) in which some rows failed. HANA executes
/// every row; the failed rows did nothing, the others' work stands (committed in auto-commit mode, part of the open
/// transaction otherwise). Its own <see cref="HanaException.Code"/>, SQL state, position and message are those of
/// the first failed row, so code that catches <see cref="HanaException"/> keeps working; <see cref="Errors"/> lists
/// every failed row and <see cref="RowsAffected"/> has an entry per row (-3 for the failed ones, §6.4).
/// A batch of one row that fails throws a plain <see cref="HanaException"/>, as a single execution does.
/// </summary>
public sealed class HanaBatchException : HanaException
{
    /// <summary>The <see cref="RowsAffected"/> entry of a row that failed (§6.4).</summary>
    public const int ExecutionFailed = -3;

    /// <summary>Creates the exception from the first error and the per-row results.</summary>
    public HanaBatchException(string message, int code, string? sqlState, int position, IReadOnlyList<HanaBatchError> errors, IReadOnlyList<int> rowsAffected)
        : base(message, code, sqlState, position, HanaErrorLevel.Error)
    {
        Errors = errors ?? throw new ArgumentNullException(nameof(errors));
        RowsAffected = rowsAffected ?? throw new ArgumentNullException(nameof(rowsAffected));
    }

    /// <summary>Every failed row's error, in row order, each with the row's 0-based index.</summary>
    public IReadOnlyList<HanaBatchError> Errors { get; }

    /// <summary>
    /// The server's ROWSAFFECTED entries (§6.4), one per row of the batch: the row's count, -2 (succeeded, count
    /// unknown) or <see cref="ExecutionFailed"/> (-3) for a failed row.
    /// </summary>
    public IReadOnlyList<int> RowsAffected { get; }
}
