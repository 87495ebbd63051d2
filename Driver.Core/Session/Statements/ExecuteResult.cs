namespace Driver.Core.Session;

/// <summary>
/// What one EXECUTE / EXECUTEDIRECT produced (§9.1). A command's one-request run fills the same one each time
/// (StatementRunner.ReadExecuteReply's <c>into</c>): whoever runs it takes what it needs before the command runs again.
/// </summary>
internal sealed class ExecuteResult
{
    public Driver.Core.Protocol.FunctionCode FunctionCode { get; set; }

    /// <summary>ROWSAFFECTED entries (§6.4), one per executed parameter row.</summary>
    public int[] RowsAffected { get; set; } = [];

    /// <summary>
    /// The cursors of the reply in order, one per RESULTSETMETADATA / RESULTSETID / RESULTSET group: a query's one, or
    /// a procedure's OUT tables then its dynamic result sets (§17). The caller owns every one.
    /// </summary>
    public IReadOnlyList<ResultSetCore> ResultSets { get; set; } = [];

    /// <summary>The first cursor (a query's), or null.</summary>
    public ResultSetCore? ResultSet => ResultSets.Count > 0 ? ResultSets[0] : null;

    /// <summary>A procedure call's OUT and INOUT values (OUTPUTPARAMETERS, §6.25, §17), or null.</summary>
    public OutputParameterRow? OutputParameters { get; set; }

    /// <summary>Locators of LOB parameters still waiting for WRITELOB data (§10.2), in parameter order.</summary>
    public long[] PendingLobLocators { get; set; } = [];

    /// <summary>Total rows affected, counting -2 ("success, count unknown") as one row.</summary>
    public long TotalRowsAffected => RowsAffected.Sum(count => (long)RowsOf(count));

    /// <summary>Releases the cursors from index <paramref name="from"/> on (each queues its CLOSERESULTSET once).</summary>
    public void DisposeResultSets(int from = 0) => DisposeAll(ResultSets, from);

    /// <summary>Releases <paramref name="resultSets"/> from index <paramref name="from"/> on, each once.</summary>
    public static void DisposeAll(IReadOnlyList<ResultSetCore> resultSets, int from = 0)
    {
        for (var i = from; i < resultSets.Count; i++)
        {
            resultSets[i].Dispose();
        }
    }

    /// <summary>
    /// The rows one ROWSAFFECTED entry stands for (§6.4): the count itself, 1 for -2 ("success, count unknown"),
    /// 0 for -1 (to be determined) and -3 (the row failed).
    /// </summary>
    public static int RowsOf(int entry) => entry >= 0 ? entry : entry == -2 ? 1 : 0;
}
