using System.Data;
using System.Data.Common;
using Driver.TestServer;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// ADO.NET DbBatch (HanaBatch) in both flavors, through the DbBatch base class: one statement with many rows goes
/// as ONE batch EXECUTE, anything else runs command by command.
/// </summary>
public class DbBatchTests : DriverTestBase
{
    private static DbBatchCommand Add(DbBatch batch, string sql, params object?[] values)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var value in values)
        {
            var parameter = command.CreateParameter();
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        batch.BatchCommands.Add(command);
        return command;
    }

    private static DbBatchCommand AddNamed(DbBatch batch, string sql, params (string Name, object? Value)[] values)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var (parameterName, value) in values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = parameterName;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        batch.BatchCommands.Add(command);
        return command;
    }

    private static long RoundTrips(DbConnection connection) => connection switch
    {
        global::Driver.Sync.HanaConnection sync => sync.GetStatistics().RoundTrips,
        global::Driver.Async.HanaConnection async => async.GetStatistics().RoundTrips,
        _ => throw new ArgumentException(connection.GetType().Name),
    };

    private static void ResetStatistics(DbConnection connection)
    {
        if (connection is global::Driver.Sync.HanaConnection sync)
        {
            sync.ResetStatistics();
        }
        else
        {
            ((global::Driver.Async.HanaConnection)connection).ResetStatistics();
        }
    }

    private static async Task<long> Count(Flavor flavor, DbConnection connection, string table) =>
        Convert.ToInt64(await flavor.Scalar(connection, $"SELECT COUNT(*) FROM {table}"));

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task OneStatementWithManyRowsGoesAsOneBatchExecution(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE B (ID INTEGER PRIMARY KEY, NAME NVARCHAR(20))");
        Assert.True(connection.CanCreateBatch);
        using var batch = connection.CreateBatch();
        const int Rows = 100;
        var commands = Enumerable.Range(0, Rows).Select(i => Add(batch, "INSERT INTO B VALUES (?, ?)", i, $"row {i}")).ToList();

        ResetStatistics(connection);
        Assert.Equal(Rows, await flavor.ExecuteBatchNonQuery(batch));
        // PREPARE once, then one EXECUTE carrying all 100 rows
        Assert.Equal(2, RoundTrips(connection));
        Assert.All(commands, command => Assert.Equal(1, command.RecordsAffected));
        Assert.Equal(Rows, await Count(flavor, connection, "B"));
        Assert.Equal("row 42", await flavor.Scalar(connection, "SELECT NAME FROM B WHERE ID = 42"));

        // run again with new values: the prepared statement is reused, one round trip in all
        for (var i = 0; i < Rows; i++)
        {
            commands[i].Parameters[0].Value = Rows + i;
        }
        ResetStatistics(connection);
        Assert.Equal(Rows, await flavor.ExecuteBatchNonQuery(batch));
        Assert.Equal(1, RoundTrips(connection));
        Assert.Equal(2 * Rows, await Count(flavor, connection, "B"));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task RecordsAffectedIsPerRowOfTheBatchExecution(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE R (GRP INTEGER, V INTEGER)");
        await flavor.Execute(connection, "INSERT INTO R VALUES (1, 0), (2, 0), (2, 0), (3, 0), (3, 0), (3, 0)");
        using var batch = connection.CreateBatch();
        var commands = new[] { 3, 1, 4, 2 }.Select(group => Add(batch, "UPDATE R SET V = ? WHERE GRP = ?", group * 10, group)).ToList();

        ResetStatistics(connection);
        Assert.Equal(6, await flavor.ExecuteBatchNonQuery(batch));
        Assert.Equal(2, RoundTrips(connection));
        // the server's ROWSAFFECTED entry of each row, in the commands' order
        Assert.Equal(new[] { 3, 1, 0, 2 }, commands.Select(command => command.RecordsAffected));
        Assert.Equal(30 * 3 + 10 + 20 * 2, Convert.ToInt64(await flavor.Scalar(connection, "SELECT SUM(V) FROM R")));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task DifferentStatementsRunInSequence(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        using var batch = connection.CreateBatch();
        // each statement depends on the one before: they run in order, nothing is prepared ahead
        var create = Add(batch, "CREATE TABLE M (ID INTEGER, V NVARCHAR(10))");
        var insert = Add(batch, "INSERT INTO M VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        var update = Add(batch, "UPDATE M SET V = ? WHERE ID >= ?", "z", 2);
        var delete = Add(batch, "DELETE FROM M WHERE ID = ?", 1);
        var query = Add(batch, "SELECT COUNT(*) FROM M");
        var insertOne = Add(batch, "INSERT INTO M VALUES (?, ?)", 9, "n");

        Assert.Equal(3 + 2 + 1 + 1, await flavor.ExecuteBatchNonQuery(batch));
        Assert.Equal(0, create.RecordsAffected);
        Assert.Equal(3, insert.RecordsAffected);
        Assert.Equal(2, update.RecordsAffected);
        Assert.Equal(1, delete.RecordsAffected);
        Assert.Equal(-1, query.RecordsAffected);
        Assert.Equal(1, insertOne.RecordsAffected);
        var rows = await flavor.Query(connection, "SELECT ID, V FROM M ORDER BY ID");
        Assert.Equal([new object?[] { 2, "z" }, new object?[] { 3, "z" }, new object?[] { 9, "n" }], rows);

        // same text but a different parameter count is not one statement: still in sequence, still right
        using var mixed = connection.CreateBatch();
        Add(mixed, "INSERT INTO M VALUES (?, ?)", 10, "x");
        Add(mixed, "INSERT INTO M VALUES (?, ?)", 11, "y", "extra");
        var error = await Assert.ThrowsAsync<ArgumentException>(() => flavor.ExecuteBatchNonQuery(mixed));
        Assert.Contains("parameter", error.Message);
        // the first command ran before the second was found wrong
        Assert.Equal(4, await Count(flavor, connection, "M"));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task NamedParametersBindPerCommand(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE N (ID INTEGER, NAME NVARCHAR(20), COPY NVARCHAR(20))");
        using var batch = connection.CreateBatch();
        // one statement: names in any order, with or without prefix, a name used twice
        AddNamed(batch, "INSERT INTO N VALUES (:id, @name, :name)", ("id", 1), ("name", "one"));
        AddNamed(batch, "INSERT INTO N VALUES (:id, @name, :name)", ("@name", "two"), (":id", 2));
        AddNamed(batch, "INSERT INTO N VALUES (:id, @name, :name)", ("NAME", "three"), ("Id", 3));
        ResetStatistics(connection);
        Assert.Equal(3, await flavor.ExecuteBatchNonQuery(batch));
        Assert.Equal(2, RoundTrips(connection));
        Assert.Equal(
            [new object?[] { 1, "one", "one" }, new object?[] { 2, "two", "two" }, new object?[] { 3, "three", "three" }],
            await flavor.Query(connection, "SELECT ID, NAME, COPY FROM N ORDER BY ID"));

        // different statements with names, and a query reading what the batch wrote
        using var sequence = connection.CreateBatch();
        AddNamed(sequence, "UPDATE N SET COPY = :copy WHERE ID = :id", ("id", 2), ("copy", "changed"));
        AddNamed(sequence, "SELECT COPY FROM N WHERE ID = @id", ("id", 2));
        Assert.Equal("changed", await flavor.ExecuteBatchScalar(sequence));

        // a missing name is found before anything is sent in the one-statement case
        using var missing = connection.CreateBatch();
        AddNamed(missing, "INSERT INTO N VALUES (:id, :name, :name)", ("id", 4), ("name", "four"));
        AddNamed(missing, "INSERT INTO N VALUES (:id, :name, :name)", ("id", 5), ("other", "five"));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => flavor.ExecuteBatchNonQuery(missing));
        Assert.Contains(":name", error.Message);
        Assert.Equal(3, await Count(flavor, connection, "N"));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ABatchRunsInsideTheTransaction(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        var observer = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE T (ID INTEGER)");

        var transaction = await flavor.BeginTransaction(connection);
        using (var batch = connection.CreateBatch())
        {
            batch.Transaction = transaction;
            Assert.Same(transaction, batch.Transaction);
            for (var i = 0; i < 5; i++)
            {
                Add(batch, "INSERT INTO T VALUES (?)", i);
            }
            Add(batch, "DELETE FROM T WHERE ID = 0");
            Assert.Equal(6, await flavor.ExecuteBatchNonQuery(batch));
        }
        using (var batch = connection.CreateBatch())
        {
            batch.Transaction = transaction;
            Add(batch, "INSERT INTO T VALUES (?)", 10);
            Add(batch, "INSERT INTO T VALUES (?)", 11);
            Assert.Equal(2, await flavor.ExecuteBatchNonQuery(batch));
        }
        Assert.Equal(6, await Count(flavor, connection, "T"));
        Assert.Equal(0, await Count(flavor, observer, "T"));
        await flavor.Rollback(transaction);
        Assert.Equal(0, await Count(flavor, connection, "T"));

        var committed = await flavor.BeginTransaction(connection);
        using (var batch = connection.CreateBatch())
        {
            batch.Transaction = committed;
            Add(batch, "INSERT INTO T VALUES (?)", 1);
            Add(batch, "INSERT INTO T VALUES (?)", 2);
            await flavor.ExecuteBatchNonQuery(batch);
        }
        Assert.Equal(0, await Count(flavor, observer, "T"));
        await flavor.Commit(committed);
        Assert.Equal(2, await Count(flavor, observer, "T"));
        await flavor.Close(connection);
        await flavor.Close(observer);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AFailingRowThrowsTheServersError(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE E (ID INTEGER PRIMARY KEY)");
        await flavor.Execute(connection, "INSERT INTO E VALUES (3)");

        using (var batch = connection.CreateBatch())
        {
            var commands = Enumerable.Range(1, 5).Select(i => Add(batch, "INSERT INTO E VALUES (?)", i)).ToList();
            // one batch execution: HANA runs every row, the failed one is reported (BatchFailureTests has more)
            var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.ExecuteBatchNonQuery(batch));
            Assert.IsAssignableFrom(flavor.HanaExceptionType, error);
            Assert.Equal(301, flavor.ErrorCode(error));
            Assert.Equal("23000", ((DbException)error).SqlState);
            Assert.Equal([2], flavor.BatchFailure(error)!.Value.Errors.Select(e => e.Row));
            Assert.Equal([1, 1, 0, 1, 1], commands.Select(command => command.RecordsAffected));
        }

        // in sequence: the commands after the failing one do not run
        using (var batch = connection.CreateBatch())
        {
            var first = Add(batch, "INSERT INTO E VALUES (10)");
            var failing = Add(batch, "INSERT INTO E VALUES (3)");
            var after = Add(batch, "INSERT INTO E VALUES (11)");
            var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.ExecuteBatchNonQuery(batch));
            Assert.Equal(301, flavor.ErrorCode(error));
            Assert.Equal(1, first.RecordsAffected);
            Assert.Equal(0, failing.RecordsAffected);
            Assert.Equal(0, after.RecordsAffected);
        }
        Assert.Equal(1L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM E WHERE ID = 10")));
        Assert.Equal(0L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM E WHERE ID = 11")));
        Assert.Equal(ConnectionState.Open, connection.State);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ScalarAndReaderResults(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE S (ID INTEGER)");

        // ExecuteScalar: the first query's first value, whatever follows
        using (var batch = connection.CreateBatch())
        {
            Add(batch, "INSERT INTO S VALUES (?)", 1);
            Add(batch, "SELECT COUNT(*) FROM S");
            Add(batch, "SELECT 'second' FROM DUMMY");
            Add(batch, "INSERT INTO S VALUES (?)", 2);
            Assert.Equal(1L, Convert.ToInt64(await flavor.ExecuteBatchScalar(batch)));
            Assert.Equal(2, await Count(flavor, connection, "S"));
        }
        using (var batch = connection.CreateBatch())
        {
            Add(batch, "INSERT INTO S VALUES (?)", 3);
            Assert.Null(await flavor.ExecuteBatchScalar(batch));
        }

        // ExecuteReader: the rows of the one query; the commands after it ran before the reader came back
        using (var batch = connection.CreateBatch())
        {
            var insert = Add(batch, "INSERT INTO S VALUES (?)", 4);
            var query = Add(batch, "SELECT ID FROM S ORDER BY ID");
            var delete = Add(batch, "DELETE FROM S WHERE ID < ?", 3);
            var reader = await flavor.ExecuteBatchReader(batch);
            try
            {
                Assert.Equal(1, insert.RecordsAffected);
                Assert.Equal(-1, query.RecordsAffected);
                Assert.Equal(2, delete.RecordsAffected);
                var ids = new List<int>();
                while (await flavor.Read(reader))
                {
                    ids.Add(reader.GetInt32(0));
                }
                Assert.Equal([1, 2, 3, 4], ids);
                Assert.False(reader.NextResult());
            }
            finally
            {
                await flavor.CloseReader(reader);
            }
        }
        Assert.Equal(2, await Count(flavor, connection, "S"));

        // without a query: no rows, RecordsAffected is the total
        using (var batch = connection.CreateBatch())
        {
            Add(batch, "INSERT INTO S VALUES (?)", 5);
            Add(batch, "UPDATE S SET ID = ID + 100");
            var reader = await flavor.ExecuteBatchReader(batch);
            Assert.False(reader.HasRows);
            Assert.Equal(1 + 3, reader.RecordsAffected);
            await flavor.CloseReader(reader);
        }
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ReaderOverTwoQueriesIsNotSupported(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE Q (ID INTEGER)");

        // one query repeated: known after PREPARE, before anything runs
        using (var batch = connection.CreateBatch())
        {
            Add(batch, "SELECT ID FROM Q WHERE ID = ?", 1);
            Add(batch, "SELECT ID FROM Q WHERE ID = ?", 2);
            ResetStatistics(connection);
            var error = await Assert.ThrowsAsync<NotSupportedException>(() => flavor.ExecuteBatchReader(batch));
            Assert.Contains("at most one command that returns rows", error.Message);
            Assert.Equal(1, RoundTrips(connection));
            // the same batch is fine for ExecuteNonQuery (queries count -1) and ExecuteScalar
            Assert.Equal(-1, await flavor.ExecuteBatchNonQuery(batch));
            Assert.Null(await flavor.ExecuteBatchScalar(batch));
        }

        // different queries: the batch stops at the second, loudly
        using (var batch = connection.CreateBatch())
        {
            Add(batch, "SELECT 1 FROM DUMMY");
            Add(batch, "INSERT INTO Q VALUES (1)");
            Add(batch, "SELECT 2 FROM DUMMY");
            var never = Add(batch, "INSERT INTO Q VALUES (2)");
            await Assert.ThrowsAsync<NotSupportedException>(() => flavor.ExecuteBatchReader(batch));
            Assert.Equal(0, never.RecordsAffected);
        }
        Assert.Equal(1, await Count(flavor, connection, "Q"));
        Assert.Equal(ConnectionState.Open, connection.State);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task PrepareThenRunInOneRoundTrip(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE P (ID INTEGER)");
        using var batch = connection.CreateBatch();
        for (var i = 0; i < 10; i++)
        {
            Add(batch, "INSERT INTO P VALUES (?)", i);
        }
        ResetStatistics(connection);
        await flavor.PrepareBatch(batch);
        Assert.Equal(1, RoundTrips(connection));
        Assert.Equal(10, await flavor.ExecuteBatchNonQuery(batch));
        Assert.Equal(2, RoundTrips(connection));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task MisuseIsAClearErrorBeforeAnythingIsSent(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE U (ID INTEGER)");

        using (var empty = connection.CreateBatch())
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => flavor.ExecuteBatchNonQuery(empty));
            Assert.Contains("no commands", error.Message);
        }
        using (var noText = connection.CreateBatch())
        {
            Add(noText, "INSERT INTO U VALUES (1)");
            Add(noText, "  ");
            await Assert.ThrowsAsync<InvalidOperationException>(() => flavor.ExecuteBatchNonQuery(noText));
        }
        Assert.Equal(0, await Count(flavor, connection, "U"));

        var orphan = connection.CreateBatch();
        orphan.Connection = null;
        Add(orphan, "INSERT INTO U VALUES (1)");
        Assert.Contains("no connection", (await Assert.ThrowsAsync<InvalidOperationException>(() => flavor.ExecuteBatchNonQuery(orphan))).Message);

        var disposed = connection.CreateBatch();
        Add(disposed, "INSERT INTO U VALUES (1)");
        disposed.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => flavor.ExecuteBatchNonQuery(disposed));

        Assert.Throws<ArgumentOutOfRangeException>(() => orphan.Timeout = -1);
        Assert.Throws<NotSupportedException>(() => orphan.BatchCommands[0].CommandType = CommandType.StoredProcedure);
        Assert.Throws<InvalidCastException>(() => orphan.BatchCommands.Add(new ForeignBatchCommand()));

        var closed = connection.CreateBatch();
        Add(closed, "INSERT INTO U VALUES (1)");
        await flavor.Close(connection);
        Assert.Contains("not open", (await Assert.ThrowsAsync<InvalidOperationException>(() => flavor.ExecuteBatchNonQuery(closed))).Message);
        connection.Dispose();
        await Assert.ThrowsAsync<InvalidOperationException>(() => flavor.ExecuteBatchNonQuery(closed));
        orphan.Dispose();
        closed.Dispose();
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ACancelledTokenRunsNothing(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE C (ID INTEGER)");
        using var batch = connection.CreateBatch();
        Add(batch, "INSERT INTO C VALUES (?)", 1);
        Add(batch, "INSERT INTO C VALUES (?)", 2);
        Add(batch, "INSERT INTO C VALUES (3)");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        // both flavors: the …Async members of DbBatch honor a token cancelled before the call
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch.ExecuteNonQueryAsync(cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch.ExecuteScalarAsync(cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch.ExecuteReaderAsync(cancelled.Token));
        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal(0, await Count(flavor, connection, "C"));
        Assert.Equal(3, await flavor.ExecuteBatchNonQuery(batch));
        await flavor.Close(connection);
    }

    [Fact]
    public async Task CancellingTheTokenCancelsTheRunningBatchAndKeepsTheConnection()
    {
        await using var connection = new global::Driver.Async.HanaConnection(ConnectionString);
        await connection.OpenAsync();
        await using (var create = new global::Driver.Async.HanaCommand("CREATE TABLE CR (ID INTEGER)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        await using var batch = connection.CreateBatch();
        batch.BatchCommands.Add("INSERT INTO CR VALUES (?)").Parameters.AddWithValue(1);
        batch.BatchCommands.Add("INSERT INTO CR VALUES (?)").Parameters.AddWithValue(2);
        // the PREPARE's reply is held back far beyond the test: only the cancellation can end the call
        Server.Faults.ForConnection(connection.ConnectionId, new SessionFaults { StallReply = TimeSpan.FromMinutes(2), StallCount = 1 });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch.ExecuteNonQueryAsync(cancellation.Token));
        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal(2, await batch.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task DriverAsyncRefusesTheBlockingMembers()
    {
        await using var connection = new global::Driver.Async.HanaConnection(ConnectionString);
        await connection.OpenAsync();
        await using var batch = connection.CreateBatch();
        batch.BatchCommands.Add("SELECT 1 FROM DUMMY");
        Assert.Contains("ExecuteNonQueryAsync", Assert.Throws<NotSupportedException>(() => batch.ExecuteNonQuery()).Message);
        Assert.Contains("ExecuteScalarAsync", Assert.Throws<NotSupportedException>(() => batch.ExecuteScalar()).Message);
        Assert.Contains("ExecuteReaderAsync", Assert.Throws<NotSupportedException>(() => ((DbBatch)batch).ExecuteReader()).Message);
        Assert.Contains("PrepareAsync", Assert.Throws<NotSupportedException>(() => batch.Prepare()).Message);
        Assert.Equal(1, Convert.ToInt32(await batch.ExecuteScalarAsync()));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task TheProviderFactoryCreatesBatches(string name)
    {
        var flavor = Flavor.Get(name);
        DbProviderFactory factory = name == "Sync" ? global::Driver.Sync.HanaProviderFactory.Instance : global::Driver.Async.HanaProviderFactory.Instance;
        Assert.True(factory.CanCreateBatch);
        var connection = factory.CreateConnection()!;
        connection.ConnectionString = ConnectionString + ";Command Timeout=17";
        await flavor.Open(connection);
        await flavor.Execute(connection, "CREATE TABLE F (ID INTEGER, NAME NVARCHAR(10))");

        using var batch = factory.CreateBatch();
        Assert.Equal("HanaBatch", batch.GetType().Name);
        Assert.Equal(connection.GetType().Assembly, batch.GetType().Assembly);
        batch.Connection = connection;
        Assert.Equal(17, batch.Timeout);
        batch.Timeout = 5;
        Assert.Equal(5, batch.Timeout);
        for (var i = 0; i < 3; i++)
        {
            var command = factory.CreateBatchCommand()!;
            command.CommandText = "INSERT INTO F VALUES (@id, @name)";
            Assert.True(command.CanCreateParameter);
            var id = factory.CreateParameter()!;
            id.ParameterName = "id";
            id.Value = i;
            command.Parameters.Add(id);
            var text = command.CreateParameter();
            text.ParameterName = "name";
            text.Value = $"f{i}";
            command.Parameters.Add(text);
            batch.BatchCommands.Add(command);
        }
        Assert.Equal(3, batch.BatchCommands.Count);
        Assert.Equal(3, await flavor.ExecuteBatchNonQuery(batch));
        Assert.Equal(new object?[] { 2, "f2" }, (await flavor.Query(connection, "SELECT ID, NAME FROM F WHERE ID = 2"))[0]);
        await flavor.Close(connection);
    }

    private sealed class ForeignBatchCommand : DbBatchCommand
    {
        public override string CommandText { get; set; } = string.Empty;
        public override CommandType CommandType { get; set; }
        public override int RecordsAffected => 0;
        protected override DbParameterCollection DbParameterCollection => throw new NotSupportedException();
    }
}
