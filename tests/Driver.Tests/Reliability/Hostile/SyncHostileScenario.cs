using System.Data.Common;
using Driver.Sync;

namespace Driver.Tests.Reliability;

/// <summary>Driver.Sync: every call blocks; the returned tasks are complete, so the body runs on one thread.</summary>
public sealed class SyncHostileScenario : HostileScenario
{
    public override string Name => "Sync";

    public override Task<SessionRun> RunAsync(string connectionString, int key) =>
        Task.Factory.StartNew(() =>
        {
            var run = new SessionRun();
            var before = GC.GetAllocatedBytesForCurrentThread();
            Body(connectionString, key, run).GetAwaiter().GetResult();
            run.AllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - before;
            return run;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public override bool IsDocumented(Exception exception) => exception is HanaException;

    public override bool IsConnectionException(Exception exception) => exception is HanaConnectionException;

    public override DbConnection Create(string connectionString) => new HanaConnection(connectionString);

    public override int ConnectionId(DbConnection connection) => ((HanaConnection)connection).ConnectionId;

    public override void ClearPool(DbConnection connection) => HanaConnection.ClearPool((HanaConnection)connection);

    protected override Task Open(DbConnection connection)
    {
        connection.Open();
        return Task.CompletedTask;
    }

    protected override Task Close(DbConnection connection)
    {
        connection.Dispose();
        return Task.CompletedTask;
    }

    protected override Task<DbDataReader> ExecuteReader(DbCommand command) => Task.FromResult(command.ExecuteReader());

    protected override Task<bool> Read(DbDataReader reader) => Task.FromResult(reader.Read());

    protected override Task<byte[]> GetBytes(DbDataReader reader, int ordinal) => Task.FromResult(reader.GetFieldValue<byte[]>(ordinal));

    protected override Task CloseReader(DbDataReader reader)
    {
        reader.Dispose();
        return Task.CompletedTask;
    }

    protected override Task Prepare(DbCommand command)
    {
        command.Prepare();
        return Task.CompletedTask;
    }

    protected override Task<int> ExecuteNonQuery(DbCommand command) => Task.FromResult(command.ExecuteNonQuery());

    protected override Task<object?> ExecuteScalar(DbCommand command) => Task.FromResult(command.ExecuteScalar());
}
