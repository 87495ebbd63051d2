using Driver.Core.Api;
using Driver.Core.Session;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// Savepoints (docs/transactions.md): HANA's SAVEPOINT, ROLLBACK TO SAVEPOINT and RELEASE SAVEPOINT statements, sent as
// SQL inside the running transaction (without the commit flag, §9.4). The .NET 5+ DbTransaction members are overridden;
// on netstandard2.0 the same names are public methods. Driver.Async: the blocking three refuse, their ...Async twins await.
public sealed partial class HanaTransaction
{
    /// <summary>Builds one savepoint statement: the name is sent as a quoted identifier, so any text but an empty one is a name.</summary>
    private DirectExecution SavepointStatement(string verb, string savepointName)
    {
        if (savepointName is null)
        {
            throw new ArgumentNullException(nameof(savepointName));
        }
        if (savepointName.Length == 0 || savepointName.IndexOf('\0') >= 0)
        {
            throw new ArgumentException("A savepoint name is a non-empty identifier.", nameof(savepointName));
        }
        Begin();
        return new DirectExecution($"{verb} {SqlIdentifier.Quote(savepointName)}", autoCommit: false, _connection.FetchSize,
            TimeSpan.FromSeconds(_connection.DefaultCommandTimeout));
    }

    private void RunSavepoint(string verb, string savepointName) =>
        _connection.Core.Run(SavepointStatement(verb, savepointName)).ResultSet?.Dispose();

#if NET
    /// <summary>True: HANA has savepoints (see <see cref="Save"/>).</summary>
    public override bool SupportsSavepoints => true;
#endif

    /// <summary>
    /// Sets a savepoint (SAVEPOINT name) inside this transaction: <see cref="Rollback(string)"/> undoes what ran after
    /// it. The name is a quoted identifier (case-sensitive). Driver.Async throws <see cref="NotSupportedException"/>: await SaveAsync.
    /// </summary>
#if NET
    public override void Save(string savepointName)
#else
    public void Save(string savepointName)
#endif
    {
        AsyncOnly.Refuse();
        RunSavepoint("SAVEPOINT", savepointName);
    }

    /// <summary>
    /// Rolls back to a savepoint (ROLLBACK TO SAVEPOINT name): the work done after it is undone, the transaction goes on.
    /// A name never saved fails with <see cref="HanaException"/>. Driver.Async throws <see cref="NotSupportedException"/>: await RollbackAsync.
    /// </summary>
#if NET
    public override void Rollback(string savepointName)
#else
    public void Rollback(string savepointName)
#endif
    {
        AsyncOnly.Refuse();
        RunSavepoint("ROLLBACK TO SAVEPOINT", savepointName);
    }

    /// <summary>
    /// Releases a savepoint (RELEASE SAVEPOINT name): its work stays in the transaction, the name can no longer be
    /// rolled back to. Driver.Async throws <see cref="NotSupportedException"/>: await ReleaseAsync.
    /// </summary>
#if NET
    public override void Release(string savepointName)
#else
    public void Release(string savepointName)
#endif
    {
        AsyncOnly.Refuse();
        RunSavepoint("RELEASE SAVEPOINT", savepointName);
    }

#if ASYNC
    private async Task RunSavepointAsync(string verb, string savepointName, CancellationToken cancellationToken) =>
        (await _connection.Core.RunAsync(SavepointStatement(verb, savepointName), cancellationToken).ConfigureAwait(false)).ResultSet?.Dispose();

    /// <summary>Sets a savepoint without blocking (see <see cref="Save"/>).</summary>
#if NET
    public override Task SaveAsync(string savepointName, CancellationToken cancellationToken = default)
#else
    public Task SaveAsync(string savepointName, CancellationToken cancellationToken = default)
#endif
        => RunSavepointAsync("SAVEPOINT", savepointName, cancellationToken);

    /// <summary>Rolls back to a savepoint without blocking (see <see cref="Rollback(string)"/>).</summary>
#if NET
    public override Task RollbackAsync(string savepointName, CancellationToken cancellationToken = default)
#else
    public Task RollbackAsync(string savepointName, CancellationToken cancellationToken = default)
#endif
        => RunSavepointAsync("ROLLBACK TO SAVEPOINT", savepointName, cancellationToken);

    /// <summary>Releases a savepoint without blocking (see <see cref="Release"/>).</summary>
#if NET
    public override Task ReleaseAsync(string savepointName, CancellationToken cancellationToken = default)
#else
    public Task ReleaseAsync(string savepointName, CancellationToken cancellationToken = default)
#endif
        => RunSavepointAsync("RELEASE SAVEPOINT", savepointName, cancellationToken);
#endif
}
