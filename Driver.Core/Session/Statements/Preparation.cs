using Driver.Core.Protocol;

namespace Driver.Core.Session;

/// <summary>PREPARE (§9.1): the statement handle, which the caller owns (DROPSTATEMENTID when released).</summary>
internal sealed class Preparation : OneRequestWorkflow<PreparedStatementCore>
{
    private readonly string _sql;

    public Preparation(string sql, TimeSpan timeout)
        : base(timeout)
    {
        _sql = sql;
    }

    public override Request? SingleRequest(ConnectionCore connection) => StatementRunner.BuildPrepare(connection, _sql);

    public override void SingleReplied(ConnectionCore connection) => Result = StatementRunner.ReadPrepareReply(connection, _sql, Reply);
}
