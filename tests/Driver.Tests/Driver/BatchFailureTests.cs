using System.Data;
using System.Data.Common;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// A batch execution whose rows partly fail, in both flavors: HANA runs every row and reports each failed one
/// (HanaBatchException); the good rows commit in auto-commit mode and join the transaction otherwise.
/// </summary>
public class BatchFailureTests : DriverTestBase
{
    private static readonly object?[][] FiveRows = [[10, "a"], [20, "b"], [30, "c"], [40, "d"], [50, "e"]];

    private static async Task<DbConnection> PrepareTable(Flavor flavor, DbConnection connection)
    {
        await flavor.Execute(connection, "CREATE TABLE BF (ID INTEGER PRIMARY KEY, V NVARCHAR(10))");
        // rows 2 and 4 of FiveRows (indexes 1 and 3) violate the primary key
        await flavor.Execute(connection, "INSERT INTO BF VALUES (20, 'old'), (40, 'old')");
        return connection;
    }

    private static async Task<List<int>> Ids(Flavor flavor, DbConnection connection) =>
        (await flavor.Query(connection, "SELECT ID FROM BF ORDER BY ID")).Select(row => Convert.ToInt32(row[0])).ToList();

    private static void AssertRowsTwoAndFourFailed(Flavor flavor, Exception error)
    {
        // existing catch blocks see the first failed row's error
        Assert.IsAssignableFrom(flavor.HanaExceptionType, error);
        Assert.Equal("HanaBatchException", error.GetType().Name);
        Assert.Equal(301, flavor.ErrorCode(error));
        Assert.Equal("23000", ((DbException)error).SqlState);
        Assert.Contains("unique constraint violated", error.Message);
        var (errors, rowsAffected) = flavor.BatchFailure(error)!.Value;
        Assert.Equal([1, 3], errors.Select(e => e.Row));
        Assert.All(errors, e => Assert.Equal((301, "23000"), (e.Code, e.SqlState)));
        Assert.Equal(error.Message, errors[0].Message);
        Assert.Contains("20", errors[0].Message);
        Assert.Contains("40", errors[1].Message);
        Assert.Equal([1, -3, 1, -3, 1], rowsAffected);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task FailedRowsAreReportedAndTheOthersAreCommitted(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await PrepareTable(flavor, await Open(flavor));
        var observer = await Open(flavor);
        using (var insert = flavor.Command(connection, "INSERT INTO BF VALUES (?, ?)"))
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.ExecuteBatch(insert, FiveRows));
            AssertRowsTwoAndFourFailed(flavor, error);
        }
        // auto-commit: another session sees the three good rows, the old rows are untouched
        Assert.Equal([10, 20, 30, 40, 50], await Ids(flavor, observer));
        Assert.Equal("old", await flavor.Scalar(observer, "SELECT V FROM BF WHERE ID = 40"));
        Assert.Equal(ConnectionState.Open, connection.State);

        // a batch of one failing row, and a single execution, throw the plain error
        using (var insert = flavor.Command(connection, "INSERT INTO BF VALUES (?, ?)"))
        {
            var single = await Assert.ThrowsAnyAsync<Exception>(() => flavor.ExecuteBatch(insert, [[10, "again"]]));
            Assert.IsType(flavor.HanaExceptionType, single);
            Assert.Null(flavor.BatchFailure(single));
            Assert.Equal(301, flavor.ErrorCode(single));
        }
        var direct = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Execute(connection, "INSERT INTO BF VALUES (10, 'again')"));
        Assert.IsType(flavor.HanaExceptionType, direct);
        await flavor.Close(connection);
        await flavor.Close(observer);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task InATransactionTheGoodRowsJoinIt(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await PrepareTable(flavor, await Open(flavor));
        var observer = await Open(flavor);

        var transaction = await flavor.BeginTransaction(connection);
        using (var insert = flavor.Command(connection, "INSERT INTO BF VALUES (?, ?)"))
        {
            insert.Transaction = transaction;
            AssertRowsTwoAndFourFailed(flavor, await Assert.ThrowsAnyAsync<Exception>(() => flavor.ExecuteBatch(insert, FiveRows)));
        }
        // the transaction is still open: its own session sees the good rows, nobody else does until COMMIT
        Assert.Equal([20, 40], await Ids(flavor, observer));
        Assert.Equal(5L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM BF")));
        await flavor.Commit(transaction);
        Assert.Equal([10, 20, 30, 40, 50], await Ids(flavor, observer));

        // and ROLLBACK takes them back like any other work of the transaction
        transaction = await flavor.BeginTransaction(connection);
        using (var insert = flavor.Command(connection, "INSERT INTO BF VALUES (?, ?)"))
        {
            insert.Transaction = transaction;
            var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.ExecuteBatch(insert, [[60, "f"], [10, "dup"]]));
            Assert.Equal([1, -3], flavor.BatchFailure(error)!.Value.RowsAffected);
        }
        await flavor.Rollback(transaction);
        Assert.Equal([10, 20, 30, 40, 50], await Ids(flavor, connection));
        await flavor.Close(connection);
        await flavor.Close(observer);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task DbBatchSetsRecordsAffectedPerCommandBeforeThrowing(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await PrepareTable(flavor, await Open(flavor));
        using var batch = connection.CreateBatch();
        var commands = FiveRows.Select(row =>
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = "INSERT INTO BF VALUES (?, ?)";
            foreach (var value in row)
            {
                var parameter = command.CreateParameter();
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }
            batch.BatchCommands.Add(command);
            return command;
        }).ToList();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.ExecuteBatchNonQuery(batch));
        AssertRowsTwoAndFourFailed(flavor, error);
        // the rows that ran keep their counts; the failed ones 0 (ADO.NET: "no rows affected or the statement failed")
        Assert.Equal([1, 0, 1, 0, 1], commands.Select(command => command.RecordsAffected));
        Assert.Equal([10, 20, 30, 40, 50], await Ids(flavor, connection));
        await flavor.Close(connection);
    }
}
