using System.Data;
using System.Data.Common;
using Driver.Core.Api;
using Driver.Core.Session;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// Opening, closing, transactions and disposal. A member both flavors have is written once; one that would block
// refuses first in Driver.Async (AsyncOnly.Refuse). The work runs on the session's pump (ConnectionCore.Pump.cs).
public sealed partial class HanaConnection
{
    /// <summary>
    /// Connects and authenticates, trying each Server endpoint in order; then sets CurrentSchema (blocking). Driver.Async
    /// throws <see cref="NotSupportedException"/>: await OpenAsync.
    /// </summary>
    public override void Open()
    {
        AsyncOnly.Refuse();
        ConnectionCore.RunAcrossSessions(BeginOpening());
    }

    /// <summary>
    /// Driver.Sync: resets a pooled session (blocking: ROLLBACK, queued releases, schema; see the class remarks) and
    /// returns it to the pool; not pooled, sends DISCONNECT (best effort) and closes the socket. Driver.Async never
    /// blocks and makes no round trip itself: a pooled session goes back to the pool and its reset runs in the
    /// background (it is handed out again only once the reset is done); not pooled, the socket is closed without
    /// DISCONNECT (the server drops the session). There, prefer CloseAsync, which awaits either.
    /// </summary>
    public override void Close()
    {
        var (lease, core) = Detach();
        if (lease.IsEmpty)
        {
            core?.CloseWithoutAwaiting();
            return;
        }
        GiveBack(lease);
    }

    /// <summary>
    /// Begins a transaction (read committed): statements stop committing until Commit or Rollback. Driver.Async
    /// throws <see cref="NotSupportedException"/>: await BeginTransactionAsync.
    /// </summary>
    public new HanaTransaction BeginTransaction() => BeginTransaction(IsolationLevel.Unspecified);

    /// <summary>
    /// Begins a transaction at an isolation level: ReadCommitted (HANA's default; also for Unspecified and
    /// ReadUncommitted), RepeatableRead or Snapshot (REPEATABLE READ), Serializable (SERIALIZABLE); Chaos throws
    /// <see cref="NotSupportedException"/>. Driver.Async throws <see cref="NotSupportedException"/>: await BeginTransactionAsync.
    /// </summary>
    public new HanaTransaction BeginTransaction(IsolationLevel isolationLevel)
    {
        AsyncOnly.Refuse();
        return TransactionBegun(isolationLevel, IsolationChange(isolationLevel) is { } change ? Core.Run(change) : null);
    }

    /// <inheritdoc />
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel)
    {
        AsyncOnly.Refuse("BeginTransaction");
        return BeginTransaction(isolationLevel);
    }

    /// <summary>Closes the connection (see <see cref="Close"/>).</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }
        base.Dispose(disposing);
    }

#if ASYNC
    /// <summary>Connects and authenticates without blocking, trying each Server endpoint in order; then sets CurrentSchema.</summary>
    public override async Task OpenAsync(CancellationToken cancellationToken) =>
        await ConnectionCore.RunAcrossSessionsAsync(BeginOpening(), cancellationToken).ConfigureAwait(false);

    /// <summary>Pooled: awaits the reset and returns the session to the pool. Not pooled: sends DISCONNECT (best effort, awaited) and closes the socket.</summary>
#if NET
    public override async Task CloseAsync()
#else
    public async Task CloseAsync()
#endif
    {
        var (lease, core) = Detach();
        await (lease.IsEmpty ? core?.CloseAsync() ?? default : lease.DisposeAsync()).ConfigureAwait(false);
    }

    /// <summary>Closes the connection with an orderly DISCONNECT.</summary>
#if NET
    public override async ValueTask DisposeAsync()
#else
    public async ValueTask DisposeAsync()
#endif
    {
        await CloseAsync().ConfigureAwait(false);
        Dispose();
    }

    /// <summary>Begins a transaction (read committed): statements stop committing until CommitAsync or RollbackAsync.</summary>
#if NET
    public new ValueTask<HanaTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default)
#else
    public ValueTask<HanaTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default)
#endif
        => BeginTransactionAsync(IsolationLevel.Unspecified, cancellationToken);

    /// <summary>
    /// Begins a transaction at an isolation level: ReadCommitted (HANA's default; also for Unspecified and
    /// ReadUncommitted), RepeatableRead or Snapshot (REPEATABLE READ), Serializable (SERIALIZABLE); Chaos throws
    /// <see cref="NotSupportedException"/>.
    /// </summary>
#if NET
    public new async ValueTask<HanaTransaction> BeginTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken = default)
#else
    public async ValueTask<HanaTransaction> BeginTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken = default)
#endif
        => TransactionBegun(isolationLevel, IsolationChange(isolationLevel) is { } change ? await Core.RunAsync(change, cancellationToken).ConfigureAwait(false) : null);

#if NET
    /// <inheritdoc />
    protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken) =>
        await BeginTransactionAsync(isolationLevel, cancellationToken).ConfigureAwait(false);
#endif
#endif
}
