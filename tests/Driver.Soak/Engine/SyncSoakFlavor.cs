using System.Data.Common;
using Driver.Pooling;
using Driver.Sync;

namespace Driver.Soak;

/// <summary>Driver.Sync: every step blocks the calling thread and returns a completed ValueTask.</summary>
internal sealed class SyncSoakFlavor : SoakFlavor
{
    public override string Name => "sync";

    public override bool IsAsync => false;

    public override DbConnection Create(string connectionString) => new HanaConnection(connectionString);

    public override ValueTask Open(DbConnection connection)
    {
        connection.Open();
        return default;
    }

    public override ValueTask Close(DbConnection connection)
    {
        connection.Dispose();
        return default;
    }

    public override ValueTask<int> NonQuery(DbCommand command, CancellationToken token = default) => new(command.ExecuteNonQuery());

    public override ValueTask<object?> Scalar(DbCommand command, CancellationToken token = default) => new(command.ExecuteScalar());

    public override ValueTask<DbDataReader> Reader(DbCommand command, CancellationToken token = default) => new(command.ExecuteReader());

    public override ValueTask<bool> Read(DbDataReader reader, CancellationToken token = default) => new(reader.Read());

    public override ValueTask CloseReader(DbDataReader reader)
    {
        reader.Dispose();
        return default;
    }

    public override ValueTask Prepare(DbCommand command)
    {
        command.Prepare();
        return default;
    }

    public override ValueTask<DbTransaction> Begin(DbConnection connection) => new(connection.BeginTransaction());

    public override ValueTask Commit(DbTransaction transaction)
    {
        transaction.Commit();
        return default;
    }

    public override ValueTask Rollback(DbTransaction transaction)
    {
        transaction.Rollback();
        return default;
    }

    public override ValueTask<int> BatchNonQuery(DbBatch batch) => new(batch.ExecuteNonQuery());

    public override ValueTask<byte[]> ReadBlob(DbDataReader reader, int ordinal, bool streamed)
    {
        if (!streamed)
        {
            return new(reader.GetFieldValue<byte[]>(ordinal));
        }
        using var stream = reader.GetStream(ordinal);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new(copy.ToArray());
    }

    // Cancel runs on the thread that fires the token; disposing the registration waits for a running callback,
    // so no cancel can outlive the call it was meant for
    public override IDisposable? CancelOn(CancellationToken token, DbCommand command) => token.Register(command.Cancel);

    public override int ConnectionId(DbConnection connection) => ((HanaConnection)connection).ConnectionId;

    public override bool IsHanaException(Exception exception) => exception is HanaException;

    public override int? ErrorCode(Exception exception) => (exception as HanaException)?.Code;

    public override PoolStatistics? PoolStatistics(string connectionString)
    {
        using var connection = new HanaConnection(connectionString);
        return connection.GetPoolStatistics();
    }

    public override void ClearPool(string connectionString)
    {
        using var connection = new HanaConnection(connectionString);
        HanaConnection.ClearPool(connection);
    }
}
