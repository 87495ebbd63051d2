using Driver.Core.Protocol;

namespace Driver.Core.Session;

/// <summary>EXECUTEDIRECT (§9.1): one round trip; a query's cursor is returned open, owned by the caller.</summary>
internal sealed class DirectExecution : OneRequestWorkflow<ExecuteResult>
{
    private readonly string _sql;
    private readonly bool _autoCommit;
    private readonly int _fetchSize;

    public DirectExecution(string sql, bool autoCommit, int fetchSize, TimeSpan timeout)
        : base(timeout)
    {
        _sql = sql;
        _autoCommit = autoCommit;
        _fetchSize = fetchSize;
    }

    public override Request? SingleRequest(ConnectionCore connection) => StatementRunner.BuildExecuteDirect(connection, _sql, _autoCommit, _fetchSize);

    public override void SingleReplied(ConnectionCore connection) =>
        Result = StatementRunner.ReadExecuteReply(connection, Reply, null, _fetchSize, timeout: Timeout);
}
