using System.Data.Common;
using Driver.Async;
using Driver.Pooling;

namespace Driver.Soak;

/// <summary>Driver.Async: every step awaited, the token handed to the driver.</summary>
internal sealed class AsyncSoakFlavor : SoakFlavor
{
    public override string Name => "async";

    public override bool IsAsync => true;

    public override DbConnection Create(string connectionString) => new HanaConnection(connectionString);

    public override async ValueTask Open(DbConnection connection) => await connection.OpenAsync().ConfigureAwait(false);

    public override ValueTask Close(DbConnection connection) => connection.DisposeAsync();

    public override async ValueTask<int> NonQuery(DbCommand command, CancellationToken token = default) =>
        await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);

    public override async ValueTask<object?> Scalar(DbCommand command, CancellationToken token = default) =>
        await command.ExecuteScalarAsync(token).ConfigureAwait(false);

    public override async ValueTask<DbDataReader> Reader(DbCommand command, CancellationToken token = default) =>
        await command.ExecuteReaderAsync(token).ConfigureAwait(false);

    public override async ValueTask<bool> Read(DbDataReader reader, CancellationToken token = default) =>
        await reader.ReadAsync(token).ConfigureAwait(false);

    public override ValueTask CloseReader(DbDataReader reader) => reader.DisposeAsync();

    public override async ValueTask Prepare(DbCommand command) => await command.PrepareAsync().ConfigureAwait(false);

    public override async ValueTask<DbTransaction> Begin(DbConnection connection) =>
        await connection.BeginTransactionAsync().ConfigureAwait(false);

    public override async ValueTask Commit(DbTransaction transaction) => await transaction.CommitAsync().ConfigureAwait(false);

    public override async ValueTask Rollback(DbTransaction transaction) => await transaction.RollbackAsync().ConfigureAwait(false);

    public override async ValueTask<int> BatchNonQuery(DbBatch batch) => await batch.ExecuteNonQueryAsync().ConfigureAwait(false);

    public override async ValueTask<byte[]> ReadBlob(DbDataReader reader, int ordinal, bool streamed)
    {
        if (!streamed)
        {
            return await reader.GetFieldValueAsync<byte[]>(ordinal).ConfigureAwait(false);
        }
        await using var stream = reader.GetStream(ordinal);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy).ConfigureAwait(false);
        return copy.ToArray();
    }

    public override IDisposable? CancelOn(CancellationToken token, DbCommand command) => null;

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
