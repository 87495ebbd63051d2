using System.Data;
using System.Data.Common;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// What <see cref="HanaDataAdapter.RowUpdating"/> sees: the row, its statement type and the command that will run
/// (a handler may replace it, skip the row or report an error through <see cref="RowUpdatingEventArgs.Status"/>).
/// </summary>
public sealed class HanaRowUpdatingEventArgs : RowUpdatingEventArgs
{
    /// <summary>Creates the arguments for <paramref name="row"/>.</summary>
    public HanaRowUpdatingEventArgs(DataRow row, IDbCommand? command, StatementType statementType, DataTableMapping tableMapping)
        : base(row, command, statementType, tableMapping)
    {
    }

    /// <summary>The command that will run for the row.</summary>
    public new HanaCommand? Command
    {
        get => (HanaCommand?)base.Command;
        set => base.Command = value;
    }
}
