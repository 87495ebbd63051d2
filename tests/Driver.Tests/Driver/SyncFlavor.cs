using System.Data;
using System.Data.Common;
using Driver.Sync;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>Driver.Sync: every call blocks on the test thread; the returned tasks are already complete.</summary>
public sealed class SyncFlavor : Flavor
{
    public override string Name => "Sync";
    public override bool IsAsync => false;
    public override Type HanaExceptionType => typeof(HanaException);
    public override Type ConnectionExceptionType => typeof(HanaConnectionException);

    public override DbConnection Create(string connectionString) => new HanaConnection(connectionString);

    public override Task Open(DbConnection connection, CancellationToken cancellationToken = default)
    {
        connection.Open();
        return Task.CompletedTask;
    }

    public override Task Close(DbConnection connection)
    {
        connection.Dispose();
        return Task.CompletedTask;
    }

    public override Task<int> ExecuteNonQuery(DbCommand command, CancellationToken cancellationToken = default) => Task.FromResult(command.ExecuteNonQuery());

    public override Task<object?> ExecuteScalar(DbCommand command, CancellationToken cancellationToken = default) => Task.FromResult(command.ExecuteScalar());

    public override Task<DbDataReader> ExecuteReader(DbCommand command, CancellationToken cancellationToken = default) => Task.FromResult(command.ExecuteReader());

    public override Task<bool> Read(DbDataReader reader, CancellationToken cancellationToken = default) => Task.FromResult(reader.Read());

    public override Task Prepare(DbCommand command)
    {
        command.Prepare();
        return Task.CompletedTask;
    }

    public override Task<long> ExecuteBatch(DbCommand command, IEnumerable<object?[]> rows) => Task.FromResult(((HanaCommand)command).ExecuteBatch(rows));

    public override Task<int> ExecuteBatchNonQuery(DbBatch batch, CancellationToken cancellationToken = default) => Task.FromResult(batch.ExecuteNonQuery());

    public override Task<object?> ExecuteBatchScalar(DbBatch batch, CancellationToken cancellationToken = default) => Task.FromResult(batch.ExecuteScalar());

    public override Task<DbDataReader> ExecuteBatchReader(DbBatch batch, CancellationToken cancellationToken = default) => Task.FromResult(batch.ExecuteReader());

    public override Task PrepareBatch(DbBatch batch)
    {
        batch.Prepare();
        return Task.CompletedTask;
    }

    public override Task<DbTransaction> BeginTransaction(DbConnection connection, IsolationLevel level = IsolationLevel.Unspecified) =>
        Task.FromResult(connection.BeginTransaction(level));

    public override Task Commit(DbTransaction transaction)
    {
        transaction.Commit();
        return Task.CompletedTask;
    }

    public override Task Rollback(DbTransaction transaction)
    {
        transaction.Rollback();
        return Task.CompletedTask;
    }

    public override Task CloseReader(DbDataReader reader)
    {
        reader.Dispose();
        return Task.CompletedTask;
    }

    public override Task<byte[]> ReadStream(DbDataReader reader, int ordinal)
    {
        using var stream = reader.GetStream(ordinal);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Task.FromResult(copy.ToArray());
    }

    public override Task<string> ReadText(DbDataReader reader, int ordinal)
    {
        using var text = reader.GetTextReader(ordinal);
        return Task.FromResult(text.ReadToEnd());
    }

    public override Task<T> GetLob<T>(DbDataReader reader, int ordinal) => Task.FromResult(reader.GetFieldValue<T>(ordinal));

    public override int ConnectionId(DbConnection connection) => ((HanaConnection)connection).ConnectionId;

    public override bool IsCompressed(DbConnection connection) => ((HanaConnection)connection).IsCompressed;

    public override int? ErrorCode(Exception exception) => (exception as HanaException)?.Code;

    public override (List<(int Row, int Code, string? SqlState, string Message)> Errors, List<int> RowsAffected)? BatchFailure(Exception exception) =>
        exception is HanaBatchException failure
            ? (failure.Errors.Select(e => (e.RowIndex, e.Code, e.SqlState, e.Message)).ToList(), failure.RowsAffected.ToList())
            : null;
}
