using System.Data;
using System.Data.Common;
using Driver.Core.Protocol;
using Driver.Core.Session;
using Driver.Core.Telemetry;
#if ASYNC
using Driver.Core.Api;
#endif

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// A transaction on a <see cref="HanaConnection"/>: while it runs, statements are sent without the commit flag
/// (§9.4); Commit / Rollback send COMMIT / ROLLBACK and return the connection to auto-commit.
/// Disposing an unfinished transaction rolls it back (Driver.Async: <c>Dispose</c> queues the ROLLBACK for the next
/// request and never blocks; <c>DisposeAsync</c> awaits it).
/// Driver.Sync: the inherited <c>CommitAsync</c> / <c>RollbackAsync</c> run synchronously, as ADO.NET defines them.
/// </summary>
public sealed class HanaTransaction : DbTransaction
#if ASYNC && !NET
    , IAsyncDisposable
#endif
{
    private readonly HanaConnection _connection;
    private readonly IsolationLevel _isolationLevel;
    private bool _completed;

    internal HanaTransaction(HanaConnection connection, IsolationLevel isolationLevel)
    {
        _connection = connection;
        _isolationLevel = isolationLevel == IsolationLevel.Unspecified ? IsolationLevel.ReadCommitted : isolationLevel;
    }

    /// <summary>The connection, or null once the transaction completed.</summary>
    public new HanaConnection? Connection => _completed ? null : _connection;

    /// <inheritdoc />
    protected override DbConnection? DbConnection => Connection;

    /// <inheritdoc />
    public override IsolationLevel IsolationLevel => _isolationLevel;

    // the statement text of the spans and logs (the wire sends a COMMIT / ROLLBACK message, not SQL: §9.4)
    private const string CommitText = "COMMIT";
    private const string RollbackText = "ROLLBACK";

    private ConnectionCore Begin()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The transaction was already committed or rolled back.");
        }
        return _connection.Core;
    }

    private void End()
    {
        _completed = true;
        _connection.TransactionEnded(this);
    }

    /// <summary>COMMIT or ROLLBACK (§9.4), traced as one operation; the transaction is over whatever the outcome.</summary>
    private TracedWorkflow<bool> Ending(bool commit)
    {
        var core = Begin();
        var timeout = TimeSpan.FromSeconds(_connection.DefaultCommandTimeout);
        return new TracedWorkflow<bool>(commit ? TransactionEnd.Commit(timeout) : TransactionEnd.Rollback(timeout), _connection, core,
            commit ? CommitText : RollbackText, CommandKind.Execute);
    }

#if SYNC
    /// <summary>Sends COMMIT (§9.4).</summary>
    public override void Commit() => Finish(commit: true);

    /// <summary>Sends ROLLBACK (§9.4).</summary>
    public override void Rollback() => Finish(commit: false);

    private void Finish(bool commit)
    {
        var workflow = Ending(commit);
        try
        {
            workflow.Core.Run(workflow);
        }
        finally
        {
            End();
        }
    }

    /// <summary>Rolls back an unfinished transaction (blocking), unless the connection is gone.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_completed)
        {
            if (_connection.State == ConnectionState.Open)
            {
                Rollback();
            }
            else
            {
                End();
            }
        }
        base.Dispose(disposing);
    }
#endif

#if ASYNC
    /// <summary>Not supported by Driver.Async: await <see cref="CommitAsync"/>, or use the Driver.Sync package.</summary>
    public override void Commit() => throw AsyncOnly.Member("Commit", "CommitAsync");

    /// <summary>Not supported by Driver.Async: await <see cref="RollbackAsync"/>, or use the Driver.Sync package.</summary>
    public override void Rollback() => throw AsyncOnly.Member("Rollback", "RollbackAsync");

    /// <summary>Sends COMMIT (§9.4) without blocking.</summary>
#if NET
    public override Task CommitAsync(CancellationToken cancellationToken = default) => FinishAsync(commit: true, cancellationToken);
#else
    public Task CommitAsync(CancellationToken cancellationToken = default) => FinishAsync(commit: true, cancellationToken);
#endif

    /// <summary>Sends ROLLBACK (§9.4) without blocking.</summary>
#if NET
    public override Task RollbackAsync(CancellationToken cancellationToken = default) => FinishAsync(commit: false, cancellationToken);
#else
    public Task RollbackAsync(CancellationToken cancellationToken = default) => FinishAsync(commit: false, cancellationToken);
#endif

    private async Task FinishAsync(bool commit, CancellationToken cancellationToken)
    {
        var workflow = Ending(commit);
        try
        {
            await workflow.Core.RunAsync(workflow, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            End();
        }
    }

    /// <summary>Never blocks: an unfinished transaction's ROLLBACK is queued to go out before the next request.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_completed)
        {
            if (_connection.State == ConnectionState.Open)
            {
                _connection.Core.QueueRelease(MessageType.Rollback, 0);
            }
            End();
        }
        base.Dispose(disposing);
    }

    /// <summary>Rolls back an unfinished transaction, awaiting the ROLLBACK.</summary>
#if NET
    public override async ValueTask DisposeAsync()
#else
    public async ValueTask DisposeAsync()
#endif
    {
        if (!_completed)
        {
            if (_connection.State == ConnectionState.Open)
            {
                await RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                End();
            }
        }
        Dispose();
    }
#endif
}
