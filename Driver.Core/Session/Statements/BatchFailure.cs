using Driver.Core.Protocol.Parts;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

/// <summary>
/// An error reply to a batch EXECUTE (§12.2): the ERROR part's records belong, in order, to the rows whose
/// ROWSAFFECTED entry is -3 (§6.4). hdbconnect and go-hdb pair them the same way.
/// </summary>
internal static class BatchFailure
{
    /// <summary>
    /// The exception for an error reply that carries ROWSAFFECTED: <see cref="HanaBatchException"/> for a batch of
    /// two or more rows, the first error as is for one row. Records that do not match the -3 entries one to one
    /// are a protocol violation.
    /// </summary>
    public static HanaException Create(List<ErrorRecord> errors, int[] rowsAffected)
    {
        var first = errors[0];
        if (rowsAffected.Length < 2)
        {
            return first.ToException();
        }
        var failed = 0;
        foreach (var count in rowsAffected)
        {
            if (count == HanaBatchException.ExecutionFailed)
            {
                failed++;
            }
        }
        if (failed != errors.Count)
        {
            return new HanaProtocolException(
                $"The server reported {errors.Count} errors for a batch of {rowsAffected.Length} rows with {failed} failed rows (§12.2: one error per -3 entry of ROWSAFFECTED). First error: {first.DisplayMessage}");
        }
        var rowErrors = new HanaBatchError[errors.Count];
        var next = 0;
        for (var row = 0; row < rowsAffected.Length; row++)
        {
            if (rowsAffected[row] == HanaBatchException.ExecutionFailed)
            {
                var error = errors[next];
                rowErrors[next++] = new HanaBatchError(row, error.Code, error.SqlState, error.DisplayMessage, error.Position);
            }
        }
        return new HanaBatchException(first.DisplayMessage, first.Code, first.SqlState, first.Position, rowErrors, rowsAffected);
    }
}
