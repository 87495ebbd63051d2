namespace Driver.Core.Session;

/// <summary>What one EXECUTE / EXECUTEDIRECT produced (§9.1).</summary>
internal sealed class ExecuteResult
{
    public Driver.Core.Protocol.FunctionCode FunctionCode { get; init; }

    /// <summary>ROWSAFFECTED entries (§6.4), one per executed parameter row.</summary>
    public int[] RowsAffected { get; init; } = [];

    /// <summary>The cursor of a query; the caller owns it.</summary>
    public ResultSetCore? ResultSet { get; init; }

    /// <summary>Locators of LOB parameters still waiting for WRITELOB data (§10.2), in parameter order.</summary>
    public long[] PendingLobLocators { get; init; } = [];

    /// <summary>Total rows affected, counting -2 ("success, count unknown") as one row.</summary>
    public long TotalRowsAffected => RowsAffected.Sum(count => (long)RowsOf(count));

    /// <summary>
    /// The rows one ROWSAFFECTED entry stands for (§6.4): the count itself, 1 for -2 ("success, count unknown"),
    /// 0 for -1 (to be determined) and -3 (the row failed).
    /// </summary>
    public static int RowsOf(int entry) => entry >= 0 ? entry : entry == -2 ? 1 : 0;
}
