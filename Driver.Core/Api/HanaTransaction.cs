using System.Data;
using System.Data.Common;
using Driver.Core.Protocol;
using Driver.Core.Session;
using Driver.Core.Telemetry;
using Driver.Core.Api;

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
public sealed partial class HanaTransaction : DbTransaction
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
    private Ending Finish(bool commit)
    {
        var core = Begin();
        var timeout = TimeSpan.FromSeconds(_connection.DefaultCommandTimeout);
        return new Ending(this, new TracedWorkflow<bool>(commit ? TransactionEnd.Commit(timeout) : TransactionEnd.Rollback(timeout), _connection, core,
            commit ? CommitText : RollbackText, CommandKind.Execute));
    }

    /// <summary>The traced COMMIT / ROLLBACK, after which the transaction has ended, whether it succeeded or failed.</summary>
    private sealed class Ending : BoundWorkflow<bool>
    {
        private readonly HanaTransaction _transaction;
        private readonly TracedWorkflow<bool> _traced;

        public Ending(HanaTransaction transaction, TracedWorkflow<bool> traced)
            : base(traced.Timeout)
        {
            _transaction = transaction;
            _traced = traced;
            Core = traced.Core;
        }

        public override IEnumerable<Step> Steps(ConnectionCore connection) => Include(_traced, connection);

        public override Exception Failed(Exception exception)
        {
            var thrown = base.Failed(exception);
            _transaction.End();
            return thrown;
        }

        public override void Succeeded() => _transaction.End();
    }

    /// <summary>
    /// Disposing: true when the transaction is unfinished and its ROLLBACK must go out; false when there is nothing
    /// to roll back (it finished, or the connection is gone and the transaction just ends).
    /// </summary>
    private bool NeedsRollback()
    {
        if (_completed)
        {
            return false;
        }
        if (_connection.State == ConnectionState.Open)
        {
            return true;
        }
        End();
        return false;
    }

    // Commit, Rollback and Dispose exist in both flavors and are written once; in Driver.Async the first two refuse
    // before they touch anything (AsyncOnly.Refuse, compiled only there) and their awaitable twins follow.

    /// <summary>Sends COMMIT (§9.4).</summary>
    public override void Commit()
    {
        AsyncOnly.Refuse();
        Finish(commit: true).Run();
    }

    /// <summary>Sends ROLLBACK (§9.4).</summary>
    public override void Rollback()
    {
        AsyncOnly.Refuse();
        Finish(commit: false).Run();
    }

    /// <summary>
    /// Rolls back an unfinished transaction, unless the connection is gone. Driver.Sync blocks for the ROLLBACK;
    /// Driver.Async never blocks: the ROLLBACK is queued to go out before the connection's next request.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && NeedsRollback())
        {
#if SYNC
            Rollback();
#else
            _connection.Core.QueueRelease(MessageType.Rollback, 0);
            End();
#endif
        }
        base.Dispose(disposing);
    }

#if ASYNC
    private async Task FinishAsync(bool commit, CancellationToken cancellationToken) => await Finish(commit).RunAsync(cancellationToken).ConfigureAwait(false);

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

    /// <summary>Rolls back an unfinished transaction, awaiting the ROLLBACK.</summary>
#if NET
    public override async ValueTask DisposeAsync()
#else
    public async ValueTask DisposeAsync()
#endif
    {
        if (NeedsRollback())
        {
            await RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        Dispose();
    }
#endif
}
