#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

/// <summary>
/// EXECUTE of a prepared statement with one or more parameter rows (a batch, §6.24); LOB parameters that stream
/// continue with WRITELOB (<see cref="LobUpload"/>, §10.2).
/// </summary>
internal sealed class PreparedExecution : Workflow<ExecuteResult>
{
    private readonly PreparedStatementCore _statement;
    private readonly IReadOnlyList<object?[]> _rows;
    private readonly bool _autoCommit;
    private readonly int _fetchSize;

    private readonly LobUpload? _upload;

    /// <summary>Executes <paramref name="statement"/> once per row of <paramref name="rows"/> (one batch when there are several).</summary>
    /// <param name="statement">The prepared statement to execute.</param>
    /// <param name="rows">The parameter rows, one array of values per execution.</param>
    /// <param name="autoCommit">Whether the server commits after the execution.</param>
    /// <param name="fetchSize">Rows to ask for with the first page of a result set.</param>
    /// <param name="timeout">The command's timeout for the whole execution.</param>
    /// <param name="upload">The upload already made for these rows (<see cref="LobUpload.Create"/>), if the caller has one.</param>
    public PreparedExecution(PreparedStatementCore statement, IReadOnlyList<object?[]> rows, bool autoCommit, int fetchSize, TimeSpan timeout,
        LobUpload? upload = null)
        : base(timeout)
    {
        _upload = upload;
        _statement = statement;
        _rows = rows;
        _autoCommit = autoCommit;
        _fetchSize = fetchSize;
    }

    public override IEnumerable<Step> Steps(ConnectionCore connection)
    {
        if ((_upload ?? LobUpload.Create(_statement, _rows, _autoCommit, _fetchSize, Timeout)) is { } upload)
        {
            foreach (var step in Include(upload, connection))
            {
                yield return step;
            }
            Result = upload.Result;
            yield break;
        }
        yield return Step.Send(StatementRunner.BuildExecute(connection, _statement, _rows, _autoCommit, _fetchSize));
        Result = StatementRunner.ReadExecuteReply(connection, Reply, _statement, _fetchSize, StatementRunner.ParameterRows(_statement, _rows), Timeout);
    }

    public override Exception Failed(Exception exception) =>
        exception is HanaBatchException failure && failure.RowsAffected.Count != _rows.Count ? StatementRunner.MismatchedBatch(failure, _rows.Count) : base.Failed(exception);
}
