using System.Data;
using System.Data.Common;
using AsyncDriver = global::Driver.Async;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// Driver.Async never blocks: every member that would (the ones ADO.NET declares, written once for both packages) refuses
/// with NotSupportedException naming the member to await, before it touches anything, so the connection, reader and
/// transaction go on as if the call had not been made. Driver.Sync runs the same members (every other test).
/// </summary>
public class AsyncRefusalTests : DriverTestBase
{
    private static void Refused(string awaitInstead, Action call)
    {
        var error = Assert.Throws<NotSupportedException>(call);
        Assert.Contains($"await {awaitInstead}", error.Message);
        Assert.Contains("Driver.Sync", error.Message);
    }

    [Fact]
    public async Task BlockingMembersRefuseUpFrontAndLeaveEverythingAsItWas()
    {
        await using var connection = (AsyncDriver.HanaConnection)await Open(Flavor.Get("Async"));
        // already open: the refusal comes first, not "already open"
        Refused("OpenAsync", connection.Open);
        Refused("BeginTransactionAsync", () => connection.BeginTransaction());
        Refused("BeginTransactionAsync", () => connection.BeginTransaction(IsolationLevel.Serializable));
        Refused("BeginTransactionAsync", () => ((DbConnection)connection).BeginTransaction());

        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE R (N INTEGER)";
            await create.ExecuteNonQueryAsync();
            create.CommandText = "INSERT INTO R VALUES (1)";
            await create.ExecuteNonQueryAsync();
            create.CommandText = "INSERT INTO R VALUES (2)";
            await create.ExecuteNonQueryAsync();
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT N FROM R ORDER BY N";
        Refused("ExecuteNonQueryAsync", () => command.ExecuteNonQuery());
        Refused("ExecuteScalarAsync", () => command.ExecuteScalar());
        Refused("ExecuteReaderAsync", () => ((DbCommand)command).ExecuteReader());
        Refused("PrepareAsync", command.Prepare);

        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            // the page still holds the next row: Read refuses all the same, and the reader stays on row 1
            Refused("ReadAsync", () => reader.Read());
            Assert.Equal(1, reader.GetInt32(0));
            Assert.True(await reader.ReadAsync());
            Assert.Equal(2, reader.GetInt32(0));
            Assert.False(await reader.ReadAsync());
        }

        // the refused BeginTransaction started nothing and changed no isolation level: a transaction can begin now
        await using (var transaction = await connection.BeginTransactionAsync(IsolationLevel.Serializable))
        {
            Refused("CommitAsync", transaction.Commit);
            Refused("RollbackAsync", transaction.Rollback);
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO R VALUES (3)";
            await insert.ExecuteNonQueryAsync();
            // the refused Commit committed nothing: the rollback takes the row away
            await transaction.RollbackAsync();
        }
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM R";
        Assert.Equal(2, Convert.ToInt32(await count.ExecuteScalarAsync()));
        Assert.Equal(ConnectionState.Open, connection.State);
    }

    [Fact]
    public async Task TheDataSourceRefusesToBlock()
    {
        await using var dataSource = new AsyncDriver.HanaDataSource(ConnectionString);
        Refused("OpenConnectionAsync", () => dataSource.OpenConnection());
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(ConnectionState.Open, connection.State);
    }
}
