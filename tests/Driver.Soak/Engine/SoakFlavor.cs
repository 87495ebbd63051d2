using System.Data.Common;
using Driver.Pooling;

namespace Driver.Soak;

/// <summary>
/// One workload, two drivers: each I/O step once blocking (Driver.Sync, every ValueTask returned already
/// completed, so a sync worker thread really blocks in the driver) and once awaited (Driver.Async).
/// </summary>
internal abstract class SoakFlavor
{
    public abstract string Name { get; }

    public abstract bool IsAsync { get; }

    public abstract DbConnection Create(string connectionString);

    public abstract ValueTask Open(DbConnection connection);

    /// <summary>Returns the connection to the pool (Dispose / DisposeAsync).</summary>
    public abstract ValueTask Close(DbConnection connection);

    public abstract ValueTask<int> NonQuery(DbCommand command, CancellationToken token = default);

    public abstract ValueTask<object?> Scalar(DbCommand command, CancellationToken token = default);

    public abstract ValueTask<DbDataReader> Reader(DbCommand command, CancellationToken token = default);

    public abstract ValueTask<bool> Read(DbDataReader reader, CancellationToken token = default);

    public abstract ValueTask CloseReader(DbDataReader reader);

    public abstract ValueTask Prepare(DbCommand command);

    public abstract ValueTask<DbTransaction> Begin(DbConnection connection);

    public abstract ValueTask Commit(DbTransaction transaction);

    public abstract ValueTask Rollback(DbTransaction transaction);

    public abstract ValueTask<int> BatchNonQuery(DbBatch batch);

    /// <summary>A BLOB column whole, or streamed chunk by chunk.</summary>
    public abstract ValueTask<byte[]> ReadBlob(DbDataReader reader, int ordinal, bool streamed);

    /// <summary>
    /// Ties a token to a command: Driver.Async takes the token itself (this returns null); Driver.Sync has no
    /// token on its I/O path, so the ADO.NET way is DbCommand.Cancel when the token fires.
    /// </summary>
    public abstract IDisposable? CancelOn(CancellationToken token, DbCommand command);

    public abstract int ConnectionId(DbConnection connection);

    /// <summary>This driver's HanaException (or a subclass).</summary>
    public abstract bool IsHanaException(Exception exception);

    /// <summary>Error code of this driver's HanaException, or null.</summary>
    public abstract int? ErrorCode(Exception exception);

    public abstract PoolStatistics? PoolStatistics(string connectionString);

    /// <summary>Closes the idle sessions of this connection string's pool (not every pool of the process).</summary>
    public abstract void ClearPool(string connectionString);
}
