using System.Data;
using System.Data.Common;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// One test body, two drivers: each operation that does I/O, once blocking (Driver.Sync) and once awaited
/// (Driver.Async). Test bodies are written against this adapter and the ADO.NET base classes.
/// </summary>
public abstract class Flavor
{
    public static readonly Flavor Sync = new SyncFlavor();
    public static readonly Flavor Async = new AsyncFlavor();

    public static TheoryData<string> Names => new() { "Sync", "Async" };

    public static Flavor Get(string name) => name == "Sync" ? Sync : Async;

    public abstract string Name { get; }
    public abstract bool IsAsync { get; }

    public abstract DbConnection Create(string connectionString);
    public abstract Task Open(DbConnection connection, CancellationToken cancellationToken = default);
    /// <summary>An orderly close (DISCONNECT): Close for Sync, DisposeAsync for Async.</summary>
    public abstract Task Close(DbConnection connection);
    public abstract Task<int> ExecuteNonQuery(DbCommand command, CancellationToken cancellationToken = default);
    public abstract Task<object?> ExecuteScalar(DbCommand command, CancellationToken cancellationToken = default);
    public abstract Task<DbDataReader> ExecuteReader(DbCommand command, CancellationToken cancellationToken = default);
    public abstract Task<bool> Read(DbDataReader reader, CancellationToken cancellationToken = default);
    public abstract Task Prepare(DbCommand command);
    public abstract Task<long> ExecuteBatch(DbCommand command, IEnumerable<object?[]> rows);
    public abstract Task<int> ExecuteBatchNonQuery(DbBatch batch, CancellationToken cancellationToken = default);
    public abstract Task<object?> ExecuteBatchScalar(DbBatch batch, CancellationToken cancellationToken = default);
    public abstract Task<DbDataReader> ExecuteBatchReader(DbBatch batch, CancellationToken cancellationToken = default);
    public abstract Task PrepareBatch(DbBatch batch);
    public abstract Task<DbTransaction> BeginTransaction(DbConnection connection, IsolationLevel level = IsolationLevel.Unspecified);
    public abstract Task Commit(DbTransaction transaction);
    public abstract Task Rollback(DbTransaction transaction);
    public abstract Task CloseReader(DbDataReader reader);
    public abstract Task<byte[]> ReadStream(DbDataReader reader, int ordinal);
    public abstract Task<string> ReadText(DbDataReader reader, int ordinal);
    /// <summary>A value that may be a LOB not sent completely with its row.</summary>
    public abstract Task<T> GetLob<T>(DbDataReader reader, int ordinal);
    public abstract int ConnectionId(DbConnection connection);
    public abstract bool IsCompressed(DbConnection connection);
    public abstract Type HanaExceptionType { get; }
    public abstract Type ConnectionExceptionType { get; }
    public abstract int? ErrorCode(Exception exception);
    /// <summary>The flavor's HanaBatchException as plain values (row, code, SQL state, message per error; per-row counts); null for any other exception.</summary>
    public abstract (List<(int Row, int Code, string? SqlState, string Message)> Errors, List<int> RowsAffected)? BatchFailure(Exception exception);

    public async Task<DbConnection> Open(string connectionString)
    {
        var connection = Create(connectionString);
        try
        {
            await Open(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return connection;
    }

    public DbCommand Command(DbConnection connection, string sql, params object?[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var value in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public async Task<int> Execute(DbConnection connection, string sql, params object?[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return await ExecuteNonQuery(command);
    }

    public async Task<object?> Scalar(DbConnection connection, string sql, params object?[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return await ExecuteScalar(command);
    }

    /// <summary>Every row, boxed with GetValue (LOBs through <see cref="GetLob{T}"/>).</summary>
    public async Task<List<object?[]>> Query(DbConnection connection, string sql, params object?[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        var reader = await ExecuteReader(command);
        try
        {
            var rows = new List<object?[]>();
            while (await Read(reader))
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : await GetLob<object>(reader, i);
                }
                rows.Add(row);
            }
            return rows;
        }
        finally
        {
            await CloseReader(reader);
        }
    }

    public override string ToString() => Name;
}
