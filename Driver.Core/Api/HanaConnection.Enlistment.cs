using System.Collections.Concurrent;
using System.Data;
using Driver.Core.Api;
using Driver.Core.Protocol;
using Driver.Core.Session;
using Driver.Pooling;
using Ambient = System.Transactions.Transaction;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// System.Transactions (docs/transactions.md): a connection opened inside a TransactionScope (or given a transaction by
// EnlistTransaction) joins it on one physical session: statements go without the commit flag (§9.4) until the
// transaction commits or rolls back, and the session stays bound to it, out of the pool, until then, even when the
// connection is closed inside the scope. One session per transaction: HANA's XA (XATRANSACTIONINFO, §6.31) is not
// implemented, so a second session in the same transaction is refused.
public sealed partial class HanaConnection
{
    // the session bound to each running ambient transaction (per flavor: Driver.Sync and Driver.Async have their own)
    private static readonly ConcurrentDictionary<Ambient, AmbientEnlistment> Enlistments = new();

    private AmbientEnlistment? _enlistment;

    /// <summary>True while this connection's session takes part in an ambient System.Transactions transaction.</summary>
    internal bool IsEnlisted => _enlistment is not null;

    /// <summary>
    /// Joins <paramref name="transaction"/> (System.Transactions) on this open connection, as Open does with the
    /// ambient one (Enlist=true): statements stop committing by themselves, and the work commits or rolls back with the
    /// transaction; the session stays bound to it until it ends, even when the connection is closed before. Null, or
    /// the transaction already joined: nothing happens. Throws <see cref="InvalidOperationException"/> when a
    /// BeginTransaction transaction or another System.Transactions transaction is running on this connection, or when
    /// another session already takes part in <paramref name="transaction"/> (that would need a distributed
    /// transaction, which this driver does not implement). Driver.Async throws <see cref="NotSupportedException"/>:
    /// await EnlistTransactionAsync.
    /// </summary>
    public override void EnlistTransaction(System.Transactions.Transaction? transaction)
    {
        AsyncOnly.Refuse();
        Enlisting(transaction)?.Run();
    }

#if ASYNC
    /// <summary>
    /// Joins <paramref name="transaction"/> (System.Transactions) on this open connection without blocking: see
    /// <see cref="EnlistTransaction"/>.
    /// </summary>
    public Task EnlistTransactionAsync(System.Transactions.Transaction? transaction, CancellationToken cancellationToken = default) =>
        Enlisting(transaction) is { } enlisting ? enlisting.RunAsync(cancellationToken).AsTask() : Task.CompletedTask;
#endif

    /// <summary>The ambient transaction an Open joins: Transaction.Current unless Enlist=false.</summary>
    private Ambient? AmbientToJoin() => _builder.Enlist ? Ambient.Current : null;

    /// <summary>The checks before joining, then the workflow that sets the isolation level and joins; null when there is nothing to join.</summary>
    private EnlistingWorkflow? Enlisting(Ambient? transaction)
    {
        var core = Core;
        if (transaction is null)
        {
            return null;
        }
        if (_enlistment is { } current)
        {
            if (current.Transaction.Equals(transaction))
            {
                return null;
            }
            throw new InvalidOperationException("This connection already takes part in another System.Transactions transaction.");
        }
        if (Enlistments.TryGetValue(transaction, out var other) && !ReferenceEquals(other.Core, core))
        {
            throw SecondSession();
        }
        // System.Transactions names the same levels as System.Data: mapped as BeginTransaction(IsolationLevel) maps them
        var level = (IsolationLevel)Enum.Parse(typeof(IsolationLevel), transaction.IsolationLevel.ToString());
        return new EnlistingWorkflow(this, transaction, IsolationChange(level));
    }

    /// <summary>SET TRANSACTION ISOLATION LEVEL when the level changes, then the session is bound to the transaction.</summary>
    private sealed class EnlistingWorkflow : BoundWorkflow<bool>
    {
        private readonly HanaConnection _connection;
        private readonly Ambient _transaction;
        private readonly DirectExecution? _change;

        public EnlistingWorkflow(HanaConnection connection, Ambient transaction, DirectExecution? change)
            : base(TimeSpan.FromSeconds(connection.DefaultCommandTimeout))
        {
            _connection = connection;
            _transaction = transaction;
            _change = change;
            Core = connection.Core;
        }

        public override IEnumerable<Step> Steps(ConnectionCore connection)
        {
            if (_change is not null)
            {
                foreach (var step in Include(_change, connection))
                {
                    yield return step;
                }
                _change.Result.ResultSet?.Dispose();
            }
            _connection.Enlist(_transaction);
            Result = true;
        }
    }

    private static InvalidOperationException SecondSession() => new(
        "Another HANA session already takes part in this System.Transactions transaction; a second one would need a distributed " +
        "(XA) transaction, which this driver does not implement. Use one connection inside the scope (closing and opening it " +
        "again inside the scope reuses the same session), or Enlist=false for a connection outside the transaction.");

    /// <summary>Binds this connection's session to <paramref name="transaction"/>: from now on it does not auto-commit.</summary>
    private void Enlist(Ambient transaction)
    {
        var enlistment = new AmbientEnlistment(transaction, PoolKey, Core, TimeSpan.FromSeconds(DefaultCommandTimeout)) { Connection = this };
        if (!Enlistments.TryAdd(transaction, enlistment))
        {
            throw SecondSession();
        }
        try
        {
            transaction.EnlistVolatile(enlistment, System.Transactions.EnlistmentOptions.None);
        }
        catch
        {
            Enlistments.TryRemove(transaction, out _);
            throw;
        }
        _enlistment = enlistment;
    }

    /// <summary>
    /// Open inside a transaction that already has this connection string's session, closed inside the scope: that
    /// session is taken up again (not a pooled one); true when it was. Throws when the transaction's session is in use
    /// by another open connection, or belongs to another connection string.
    /// </summary>
    private bool TryResumeEnlistment(Ambient transaction)
    {
        if (!Enlistments.TryGetValue(transaction, out var enlistment))
        {
            return false;
        }
        if (enlistment.PoolKey != PoolKey || !enlistment.TryResume(this, out var lease))
        {
            throw SecondSession();
        }
        _enlistment = enlistment;
        if (lease.IsEmpty)
        {
            Opened(enlistment.Core);
        }
        else
        {
            OpenedFromPool(lease);
        }
        return true;
    }

    /// <summary>
    /// Takes session and lease from this connection as it closes; inside a running System.Transactions transaction the
    /// enlistment keeps them instead (the session stays bound until the transaction ends) and both come back empty.
    /// </summary>
    private (SessionLease<PooledSession> Lease, ConnectionCore? Core) Detach()
    {
        var lease = DetachLease();
        var enlistment = _enlistment;
        _enlistment = null;
        var core = DetachCore();
        return enlistment is not null && enlistment.Keep(this, lease) ? (default, null) : (lease, core);
    }

    /// <summary>Returns a session to its pool: Driver.Sync runs the reset now, Driver.Async in the background.</summary>
    private static void GiveBack(SessionLease<PooledSession> lease)
    {
#if SYNC
        lease.Dispose();
#else
        // the pool swallows a failed reset (the session is discarded), so the task has nothing to observe
        _ = lease.DisposeAsync().AsTask();
#endif
    }

    /// <summary>The transaction ended while this connection is open: it auto-commits again.</summary>
    private void EnlistmentEnded(AmbientEnlistment enlistment)
    {
        if (ReferenceEquals(_enlistment, enlistment))
        {
            _enlistment = null;
        }
    }

    /// <summary>Begins the enlistment of an Open: sets the isolation level (I/O: the flavor's pair, run by the pump).</summary>
    private sealed class EnlistmentStart : IFillable
    {
        private readonly HanaConnection _connection;
        private readonly Ambient _transaction;

        public EnlistmentStart(HanaConnection connection, Ambient transaction)
        {
            _connection = connection;
            _transaction = transaction;
        }

#if SYNC
        public void FillSync() => _connection.EnlistTransaction(_transaction);
#else
        public async ValueTask FillAsync(CancellationToken cancellationToken) => await _connection.EnlistTransactionAsync(_transaction, cancellationToken).ConfigureAwait(false);
#endif
    }

    /// <summary>
    /// One session's part in one System.Transactions transaction: a volatile enlistment (the session does not survive
    /// a crash, so there is nothing durable to recover). Single-phase commit (the usual case: the only resource) sends
    /// COMMIT and reports the outcome; with other volatile resources present, the COMMIT goes out in Prepare (a failure
    /// then aborts the whole transaction) and a later Rollback cannot undo it (no XA). Rollback sends ROLLBACK.
    /// Driver.Async does no blocking I/O here either: the COMMIT runs on its async path and the notification is
    /// answered when it completes (System.Transactions' Commit waits for that answer); a ROLLBACK is queued for the
    /// connection's next request, or run by the pool's reset when the connection was closed.
    /// </summary>
    private sealed class AmbientEnlistment : System.Transactions.ISinglePhaseNotification
    {
        private readonly object _gate = new();
        private readonly TimeSpan _timeout;
        private HanaConnection? _connection;
        private SessionLease<PooledSession> _lease;
        private bool _closed;
        private bool _ended;

        public AmbientEnlistment(Ambient transaction, string poolKey, ConnectionCore core, TimeSpan timeout)
        {
            Transaction = transaction;
            PoolKey = poolKey;
            Core = core;
            _timeout = timeout;
        }

        public Ambient Transaction { get; }

        public string PoolKey { get; }

        public ConnectionCore Core { get; }

        public HanaConnection? Connection { set => _connection = value; }

        /// <summary>The connection closed inside the scope: keep its session (and lease) until the transaction ends.</summary>
        public bool Keep(HanaConnection connection, SessionLease<PooledSession> lease)
        {
            lock (_gate)
            {
                if (_ended || !ReferenceEquals(_connection, connection))
                {
                    return false;
                }
                _connection = null;
                _lease = lease;
                _closed = true;
                return true;
            }
        }

        public bool TryResume(HanaConnection connection, out SessionLease<PooledSession> lease)
        {
            lock (_gate)
            {
                lease = default;
                if (_ended || !_closed || Core.IsBroken)
                {
                    return false;
                }
                lease = _lease;
                _lease = default;
                _closed = false;
                _connection = connection;
                return true;
            }
        }

        /// <summary>The transaction is over: who holds the session now (an open connection, or this, closed).</summary>
        private (HanaConnection? Open, SessionLease<PooledSession> Lease, bool Closed) End()
        {
            lock (_gate)
            {
                _ended = true;
                var held = (_connection, _lease, _closed);
                _connection = null;
                _lease = default;
                _closed = false;
                Enlistments.TryRemove(Transaction, out _);
                held._connection?.EnlistmentEnded(this);
                return held;
            }
        }

        /// <summary>A closed connection's session goes back to the pool (rolled back by its reset if need be) or is closed.</summary>
        private void Release(SessionLease<PooledSession> lease, bool closed, bool needsRollback)
        {
            if (!lease.IsEmpty)
            {
                lease.Session.NeedsRollback = needsRollback;
                GiveBack(lease);
            }
            else if (closed)
            {
                Core.CloseWithoutAwaiting();
            }
        }

        private void Commit(Action<Exception?> answered)
        {
            var (_, lease, closed) = End();
            RunCommit(failure =>
            {
                Release(lease, closed, needsRollback: failure is not null);
                answered(failure);
            });
        }

        /// <summary>COMMIT, then <paramref name="then"/> with its failure or null. Driver.Async: on its async path, never blocking.</summary>
        private void RunCommit(Action<Exception?> then) => Core.RunThenReport(TransactionEnd.Commit(_timeout), then);

        private void Rollback()
        {
            var (open, lease, closed) = End();
            if (open is null)
            {
                // closed inside the scope: the pool's reset sends the ROLLBACK; a session not pooled is ended
                Release(lease, closed, needsRollback: true);
                return;
            }
            // still open. Driver.Async, and a session busy on another thread (a transaction timeout fires on a timer): the
            // ROLLBACK goes out before the connection's next request, as HanaTransaction.Dispose does in Driver.Async
            Core.RollbackWithoutAwaiting(_timeout);
        }

        public void SinglePhaseCommit(System.Transactions.SinglePhaseEnlistment singlePhaseEnlistment) =>
            Commit(failure =>
            {
                if (failure is null)
                {
                    singlePhaseEnlistment.Committed();
                }
                else
                {
                    singlePhaseEnlistment.Aborted(failure);
                }
            });

        public void Prepare(System.Transactions.PreparingEnlistment preparingEnlistment) =>
            Commit(failure =>
            {
                if (failure is null)
                {
                    preparingEnlistment.Prepared();
                }
                else
                {
                    preparingEnlistment.ForceRollback(failure);
                }
            });

        public void Commit(System.Transactions.Enlistment enlistment) => enlistment.Done();

        public void Rollback(System.Transactions.Enlistment enlistment)
        {
            if (!_ended)
            {
                Rollback();
            }
            enlistment.Done();
        }

        public void InDoubt(System.Transactions.Enlistment enlistment)
        {
            if (!_ended)
            {
                Rollback();
            }
            enlistment.Done();
        }
    }
}
