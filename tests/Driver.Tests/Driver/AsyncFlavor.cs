using System.Data;
using System.Data.Common;
using Driver.Async;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>Driver.Async: every I/O call is awaited.</summary>
public sealed class AsyncFlavor : Flavor
{
    public override string Name => "Async";
    public override bool IsAsync => true;
    public override Type HanaExceptionType => typeof(HanaException);
    public override Type ConnectionExceptionType => typeof(HanaConnectionException);

    public override DbConnection Create(string connectionString) => new HanaConnection(connectionString);

    public override Task Open(DbConnection connection, CancellationToken cancellationToken = default) => connection.OpenAsync(cancellationToken);

    public override async Task Close(DbConnection connection) => await connection.DisposeAsync();

    public override Task<int> ExecuteNonQuery(DbCommand command, CancellationToken cancellationToken = default) => command.ExecuteNonQueryAsync(cancellationToken);

    public override Task<object?> ExecuteScalar(DbCommand command, CancellationToken cancellationToken = default) => command.ExecuteScalarAsync(cancellationToken);

    public override Task<DbDataReader> ExecuteReader(DbCommand command, CancellationToken cancellationToken = default) => command.ExecuteReaderAsync(cancellationToken);

    public override Task<bool> Read(DbDataReader reader, CancellationToken cancellationToken = default) => reader.ReadAsync(cancellationToken);

    public override Task Prepare(DbCommand command) => command.PrepareAsync();

    public override Task<long> ExecuteBatch(DbCommand command, IEnumerable<object?[]> rows) => ((HanaCommand)command).ExecuteBatchAsync(rows);

    public override Task<int> ExecuteBatchNonQuery(DbBatch batch, CancellationToken cancellationToken = default) => batch.ExecuteNonQueryAsync(cancellationToken);

    public override Task<object?> ExecuteBatchScalar(DbBatch batch, CancellationToken cancellationToken = default) => batch.ExecuteScalarAsync(cancellationToken);

    public override Task<DbDataReader> ExecuteBatchReader(DbBatch batch, CancellationToken cancellationToken = default) => batch.ExecuteReaderAsync(cancellationToken);

    public override Task PrepareBatch(DbBatch batch) => batch.PrepareAsync();

    public override async Task<DbTransaction> BeginTransaction(DbConnection connection, IsolationLevel level = IsolationLevel.Unspecified) =>
        await connection.BeginTransactionAsync(level);

    public override Task Commit(DbTransaction transaction) => transaction.CommitAsync();

    public override Task Rollback(DbTransaction transaction) => transaction.RollbackAsync();

    public override async Task CloseReader(DbDataReader reader) => await reader.DisposeAsync();

    public override async Task<byte[]> ReadStream(DbDataReader reader, int ordinal)
    {
        await using var stream = reader.GetStream(ordinal);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public override async Task<string> ReadText(DbDataReader reader, int ordinal)
    {
        using var text = reader.GetTextReader(ordinal);
        return await text.ReadToEndAsync();
    }

    public override Task<T> GetLob<T>(DbDataReader reader, int ordinal) => reader.GetFieldValueAsync<T>(ordinal);

    public override int ConnectionId(DbConnection connection) => ((HanaConnection)connection).ConnectionId;

    public override bool IsCompressed(DbConnection connection) => ((HanaConnection)connection).IsCompressed;

    public override int? ErrorCode(Exception exception) => (exception as HanaException)?.Code;

    public override (List<(int Row, int Code, string? SqlState, string Message)> Errors, List<int> RowsAffected)? BatchFailure(Exception exception) =>
        exception is HanaBatchException failure
            ? (failure.Errors.Select(e => (e.RowIndex, e.Code, e.SqlState, e.Message)).ToList(), failure.RowsAffected.ToList())
            : null;
}
