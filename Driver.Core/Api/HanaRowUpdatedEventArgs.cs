using System.Data;
using System.Data.Common;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// What <see cref="HanaDataAdapter.RowUpdated"/> sees after the row's batch ran: the row, its count and its error
/// (a handler may set <see cref="RowUpdatedEventArgs.Status"/> to Continue to ignore the error, or SkipCurrentRow
/// to leave the row's changes unaccepted).
/// </summary>
public sealed class HanaRowUpdatedEventArgs : RowUpdatedEventArgs
{
    /// <summary>Creates the arguments for <paramref name="row"/> with the count the server reported for it.</summary>
    public HanaRowUpdatedEventArgs(DataRow row, IDbCommand? command, StatementType statementType, DataTableMapping tableMapping, int recordsAffected)
        : base(row, command, statementType, tableMapping)
    {
        RecordsAffected = recordsAffected;
    }

    /// <summary>The rows the row's statement affected (-1: unknown; the server gave no per-row count).</summary>
    public new int RecordsAffected { get; }

    /// <summary>The command that ran for the row.</summary>
    public new HanaCommand? Command => (HanaCommand?)base.Command;
}
