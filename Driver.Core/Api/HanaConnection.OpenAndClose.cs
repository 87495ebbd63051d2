using System.Data;
using System.Data.Common;
using System.Security.Cryptography.X509Certificates;
using Driver.Core.Protocol;
using Driver.Core.Session;
using Driver.Pooling;
using Driver.Core.Api;
using Driver.Core.Telemetry;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// Opening (over the Server endpoints, pooled or not), closing, transactions and disposal: the members whose
// signatures differ per flavor; the work they start runs on the session's pump (ConnectionCore.Pump.cs).
public sealed partial class HanaConnection
{
#if SYNC
    /// <summary>Connects and authenticates, trying each Server endpoint in order; then sets CurrentSchema.</summary>
    public override void Open()
    {
        BeginOpen();
        var operation = ConnectionTelemetry.StartOpen(this, _builder.Server);
        try
        {
            OpenCore();
        }
        catch (Exception exception)
        {
            ConnectionTelemetry.OpenFailed(operation, this, _builder.Server, exception);
            throw;
        }
        ConnectionTelemetry.Opened(operation, this, _core!, _builder.Pooling);
    }

    private void OpenCore()
    {
        if (_builder.Pooling)
        {
            OpenedFromPool(Pool.Rent());
            return;
        }
        var settings = BuildSettings();
        for (var i = 0; i < settings.Endpoints.Count; i++)
        {
            var core = new ConnectionCore(settings, settings.Endpoints[i].Host, settings.Endpoints[i].Port);
            try
            {
                core.OpenSync();
                Opened(core);
                return;
            }
            catch (Exception exception) when (TriesNextEndpoint(exception, i, settings.Endpoints.Count))
            {
                core.Dispose();
            }
            catch
            {
                core.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// Pooled: resets the session (blocking: ROLLBACK, queued releases, schema; see the class remarks) and returns
    /// it to the pool. Not pooled: sends DISCONNECT (best effort) and closes the socket.
    /// </summary>
    public override void Close()
    {
        var lease = DetachLease();
        var core = DetachCore();
        if (!lease.IsEmpty)
        {
            lease.Dispose();
        }
        else
        {
            core?.CloseSync();
        }
    }

    /// <summary>Begins a transaction (read committed): statements stop committing until Commit or Rollback.</summary>
    public new HanaTransaction BeginTransaction() => BeginTransaction(IsolationLevel.Unspecified);

    /// <summary>
    /// Begins a transaction at an isolation level: ReadCommitted (HANA's default; also for Unspecified and
    /// ReadUncommitted), RepeatableRead or Snapshot (REPEATABLE READ), Serializable (SERIALIZABLE); Chaos throws
    /// <see cref="NotSupportedException"/>.
    /// </summary>
    public new HanaTransaction BeginTransaction(IsolationLevel isolationLevel)
    {
        var core = BeginTransactionChecks(isolationLevel, out var sql);
        if (sql is not null)
        {
            core.Run(new DirectExecution(sql, autoCommit: false, FetchSize, TimeSpan.FromSeconds(DefaultCommandTimeout))).ResultSet?.Dispose();
        }
        return Transaction = new HanaTransaction(this, isolationLevel);
    }

    /// <inheritdoc />
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => BeginTransaction(isolationLevel);

    /// <summary>Closes the connection (see <see cref="Close"/>).</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }
        base.Dispose(disposing);
    }
#endif

#if ASYNC
    /// <summary>Not supported by Driver.Async: call <see cref="OpenAsync(CancellationToken)"/>, or use the Driver.Sync package for blocking calls.</summary>
    public override void Open() => throw AsyncOnly.Member("Open", "OpenAsync");

    /// <summary>Connects and authenticates without blocking, trying each Server endpoint in order; then sets CurrentSchema.</summary>
    public override async Task OpenAsync(CancellationToken cancellationToken)
    {
        BeginOpen();
        var operation = ConnectionTelemetry.StartOpen(this, _builder.Server);
        try
        {
            await OpenCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            ConnectionTelemetry.OpenFailed(operation, this, _builder.Server, exception);
            throw;
        }
        ConnectionTelemetry.Opened(operation, this, _core!, _builder.Pooling);
    }

    private async Task OpenCoreAsync(CancellationToken cancellationToken)
    {
        if (_builder.Pooling)
        {
            OpenedFromPool(await Pool.RentAsync(cancellationToken).ConfigureAwait(false));
            return;
        }
        var settings = BuildSettings();
        for (var i = 0; i < settings.Endpoints.Count; i++)
        {
            var core = new ConnectionCore(settings, settings.Endpoints[i].Host, settings.Endpoints[i].Port);
            try
            {
                await core.OpenAsync(cancellationToken).ConfigureAwait(false);
                Opened(core);
                return;
            }
            catch (Exception exception) when (TriesNextEndpoint(exception, i, settings.Endpoints.Count))
            {
                core.Dispose();
            }
            catch
            {
                core.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// Never blocks and makes no round trip itself. Pooled: the session goes back to the pool and its reset
    /// (ROLLBACK, queued releases, schema; see the class remarks) runs in the background; the session is handed
    /// out again only once the reset is done. Not pooled: closes the socket without DISCONNECT (the server drops
    /// the session). Prefer <see cref="CloseAsync"/>, which awaits either.
    /// </summary>
    public override void Close()
    {
        var lease = DetachLease();
        var core = DetachCore();
        if (!lease.IsEmpty)
        {
            // the pool swallows a failed reset (the session is discarded), so the task has nothing to observe
            _ = lease.DisposeAsync().AsTask();
        }
        else
        {
            core?.Release();
        }
    }

    /// <summary>Pooled: awaits the reset and returns the session to the pool. Not pooled: sends DISCONNECT (best effort, awaited) and closes the socket.</summary>
#if NET
    public override async Task CloseAsync()
#else
    public async Task CloseAsync()
#endif
    {
        var lease = DetachLease();
        var core = DetachCore();
        if (!lease.IsEmpty)
        {
            await lease.DisposeAsync().ConfigureAwait(false);
        }
        else if (core is not null)
        {
            await core.CloseAsync().ConfigureAwait(false);
        }
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

    /// <summary>Not supported by Driver.Async: call <c>BeginTransactionAsync</c>, or use the Driver.Sync package.</summary>
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => throw AsyncOnly.Member("BeginTransaction", "BeginTransactionAsync");

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
    {
        var core = BeginTransactionChecks(isolationLevel, out var sql);
        if (sql is not null)
        {
            var result = await core.RunAsync(new DirectExecution(sql, autoCommit: false, FetchSize, TimeSpan.FromSeconds(DefaultCommandTimeout)), cancellationToken).ConfigureAwait(false);
            result.ResultSet?.Dispose();
        }
        return Transaction = new HanaTransaction(this, isolationLevel);
    }

#if NET
    /// <inheritdoc />
    protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken) =>
        await BeginTransactionAsync(isolationLevel, cancellationToken).ConfigureAwait(false);
#endif

    /// <summary>Never blocks: closes the socket (see <see cref="Close"/>).</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }
        base.Dispose(disposing);
    }
#endif
}
