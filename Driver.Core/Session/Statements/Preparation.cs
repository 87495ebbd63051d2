namespace Driver.Core.Session;

/// <summary>PREPARE (§9.1): the statement handle, which the caller owns (DROPSTATEMENTID when released).</summary>
internal sealed class Preparation : Workflow<PreparedStatementCore>
{
    private readonly string _sql;

    public Preparation(string sql, TimeSpan timeout)
        : base(timeout)
    {
        _sql = sql;
    }

    public override IEnumerable<Step> Steps(ConnectionCore connection)
    {
        yield return Step.Send(StatementRunner.BuildPrepare(connection, _sql));
        Result = StatementRunner.ReadPrepareReply(connection, _sql, Reply);
    }
}
