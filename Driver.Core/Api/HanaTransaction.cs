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

#if SYNC
    /// <summary>Sends COMMIT (§9.4).</summary>
    public override void Commit()
    {
        var core = Begin();
        var operation = CommandTelemetry.Start(_connection, core, CommitText, CommandKind.Execute);
        try
        {
            StatementRunner.CommitSync(core);
            CommandTelemetry.Succeeded(operation, _connection, core);
        }
        catch (Exception exception)
        {
            CommandTelemetry.Failed(operation, _connection, core, exception);
            throw;
        }
        finally
        {
            End();
        }
    }

    /// <summary>Sends ROLLBACK (§9.4).</summary>
    public override void Rollback()
    {
        var core = Begin();
        var operation = CommandTelemetry.Start(_connection, core, RollbackText, CommandKind.Execute);
        try
        {
            StatementRunner.RollbackSync(core);
            CommandTelemetry.Succeeded(operation, _connection, core);
        }
        catch (Exception exception)
        {
            CommandTelemetry.Failed(operation, _connection, core, exception);
            throw;
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
    public override async Task CommitAsync(CancellationToken cancellationToken = default)
#else
    public async Task CommitAsync(CancellationToken cancellationToken = default)
#endif
    {
        var core = Begin();
        var operation = CommandTelemetry.Start(_connection, core, CommitText, CommandKind.Execute);
        try
        {
            await StatementRunner.CommitAsync(core, cancellationToken).ConfigureAwait(false);
            CommandTelemetry.Succeeded(operation, _connection, core);
        }
        catch (Exception exception)
        {
            CommandTelemetry.Failed(operation, _connection, core, exception);
            throw;
        }
        finally
        {
            End();
        }
    }

    /// <summary>Sends ROLLBACK (§9.4) without blocking.</summary>
#if NET
    public override async Task RollbackAsync(CancellationToken cancellationToken = default)
#else
    public async Task RollbackAsync(CancellationToken cancellationToken = default)
#endif
    {
        var core = Begin();
        var operation = CommandTelemetry.Start(_connection, core, RollbackText, CommandKind.Execute);
        try
        {
            await StatementRunner.RollbackAsync(core, cancellationToken).ConfigureAwait(false);
            CommandTelemetry.Succeeded(operation, _connection, core);
        }
        catch (Exception exception)
        {
            CommandTelemetry.Failed(operation, _connection, core, exception);
            throw;
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
