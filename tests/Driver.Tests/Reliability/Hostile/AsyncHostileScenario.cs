using System.Data.Common;
using Driver.Async;

namespace Driver.Tests.Reliability;

/// <summary>Driver.Async: every call awaited. Allocations are the process's (approximate under parallel runs).</summary>
public sealed class AsyncHostileScenario : HostileScenario
{
    public override string Name => "Async";

    public override async Task<SessionRun> RunAsync(string connectionString, int key)
    {
        var run = new SessionRun();
        var before = GC.GetTotalAllocatedBytes();
        await Body(connectionString, key, run);
        run.AllocatedBytes = GC.GetTotalAllocatedBytes() - before;
        return run;
    }

    public override bool IsDocumented(Exception exception) => exception is HanaException;

    public override bool IsConnectionException(Exception exception) => exception is HanaConnectionException;

    public override DbConnection Create(string connectionString) => new HanaConnection(connectionString);

    public override int ConnectionId(DbConnection connection) => ((HanaConnection)connection).ConnectionId;

    public override void ClearPool(DbConnection connection) => HanaConnection.ClearPool((HanaConnection)connection);

    protected override Task Open(DbConnection connection) => connection.OpenAsync();

    protected override async Task Close(DbConnection connection) => await connection.DisposeAsync();

    protected override Task<DbDataReader> ExecuteReader(DbCommand command) => command.ExecuteReaderAsync();

    protected override Task<bool> Read(DbDataReader reader) => reader.ReadAsync();

    protected override Task<byte[]> GetBytes(DbDataReader reader, int ordinal) => reader.GetFieldValueAsync<byte[]>(ordinal);

    protected override async Task CloseReader(DbDataReader reader) => await reader.DisposeAsync();

    protected override Task Prepare(DbCommand command) => command.PrepareAsync();

    protected override Task<int> ExecuteNonQuery(DbCommand command) => command.ExecuteNonQueryAsync();

    protected override Task<object?> ExecuteScalar(DbCommand command) => command.ExecuteScalarAsync();
}
