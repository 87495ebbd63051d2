using System.Data;
using System.Data.Common;
using System.Diagnostics;
using Dapper;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// Stored procedures through both drivers over real sockets (docs/procedures.md, docs/protocol.md §17): parameter
/// directions and OUT values of every type family, several result sets with NextResult, SIGNAL, cursors closed when a
/// reader is left early, CommandType.StoredProcedure, DeriveParameters, Dapper and the CALL span.
/// </summary>
public class ProcedureTests : DriverTestBase
{
    private const string Orders = "CREATE TABLE ORDERS (ID INTEGER PRIMARY KEY, CUSTOMER NVARCHAR(20), AMOUNT DECIMAL(10,2))";
    private const string OrderRows = "INSERT INTO ORDERS VALUES (1, 'ann', 10.50), (2, 'bob', 99.99), (3, 'ann', 150.00), (4, 'cy', 1.00), (5, 'bob', 5.00)";

    private const string Directions = """
        CREATE PROCEDURE P_DIR (IN A INTEGER, INOUT B NVARCHAR(40), OUT C INTEGER) AS
        BEGIN
            C := :A * 2;
            B := :B || '/' || TO_NVARCHAR(:A);
        END
        """;

    // two OUT tables and, after them, one dynamic result set (a bare SELECT)
    private const string Summary = """
        CREATE PROCEDURE P_SUMMARY (IN MIN_AMOUNT DECIMAL(10,2), OUT N INTEGER, OUT BIG TABLE (ID INTEGER, AMOUNT DECIMAL(10,2)),
            OUT PER_CUSTOMER TABLE (CUSTOMER NVARCHAR(20), ORDERS BIGINT)) AS
        BEGIN
            SELECT COUNT(*) INTO N FROM ORDERS;
            BIG = SELECT ID, AMOUNT FROM ORDERS WHERE AMOUNT >= :MIN_AMOUNT ORDER BY ID;
            PER_CUSTOMER = SELECT CUSTOMER, COUNT(*) AS ORDERS FROM ORDERS GROUP BY CUSTOMER ORDER BY CUSTOMER;
            SELECT ID, CUSTOMER FROM ORDERS ORDER BY ID;
        END
        """;

    private static readonly string[] Procedures =
    [
        Directions,
        Summary,
        "CREATE PROCEDURE P_GUARD (IN P_ID INTEGER) AS BEGIN IF :P_ID > 2 THEN SIGNAL SQL_ERROR_CODE 10042 SET MESSAGE_TEXT = 'order ' || TO_NVARCHAR(:P_ID) || ' is protected'; END IF; END",
        "CREATE PROCEDURE P_LOBS (IN DOC NCLOB, IN DATA BLOB, OUT DOC_LENGTH INTEGER, OUT ECHO NCLOB, OUT BYTES BLOB, OUT NOTHING NCLOB) AS BEGIN DOC_LENGTH := LENGTH(:DOC); ECHO := :DOC || '!'; BYTES := :DATA; NOTHING := NULL; END",
        """
        CREATE PROCEDURE ALL_TYPES (IN SEED INTEGER, OUT O_TINY TINYINT, OUT O_SMALL SMALLINT, OUT O_INT INTEGER, OUT O_BIG BIGINT,
            OUT O_DEC DECIMAL(12,2), OUT O_HUGE DECIMAL(38,10), OUT O_REAL REAL, OUT O_DOUBLE DOUBLE, OUT O_NV NVARCHAR(30),
            OUT O_VC VARCHAR(10), OUT O_VB VARBINARY(8), OUT O_DATE DATE, OUT O_TIME TIME, OUT O_SD SECONDDATE,
            OUT O_TS TIMESTAMP, OUT O_BOOL BOOLEAN, OUT O_NULL INTEGER) AS
        BEGIN
            O_TINY := :SEED + 200;
            O_SMALL := -:SEED;
            O_INT := :SEED * 1000000;
            O_BIG := 9000000000000000000 + :SEED;
            O_DEC := 12345.67;
            O_HUGE := 1234567890123456789012345678.0123456789;
            O_REAL := 0.5;
            O_DOUBLE := 1.0E300;
            O_NV := 'grüße ' || TO_NVARCHAR(:SEED);
            O_VC := 'abc';
            O_VB := X'CAFE';
            O_DATE := '2024-02-29';
            O_TIME := '23:59:58';
            O_SD := '2024-02-29 12:34:56';
            O_TS := '2024-02-29 12:34:56.1234567';
            O_BOOL := :SEED > 1;
            O_NULL := NULL;
        END
        """,
    ];

    private async Task<DbConnection> Setup(Flavor flavor, string? extra = null)
    {
        using (var setup = new global::Driver.Sync.HanaConnection(ConnectionString))
        {
            setup.Open();
            foreach (var sql in new[] { Orders, OrderRows }.Concat(Procedures))
            {
                using var command = new global::Driver.Sync.HanaCommand(sql, setup);
                command.ExecuteNonQuery();
            }
        }
        return await Open(flavor, extra);
    }

    private static DbParameter Parameter(DbCommand command, string? name, object? value, ParameterDirection direction = ParameterDirection.Input)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        parameter.Direction = direction;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static void AssertValues(object[] expected, params DbParameter[] parameters) =>
        Assert.Equal(expected, parameters.Select(parameter => parameter.Value));

    private static void AssertRows(object?[][] expected, List<object?[]> actual) => Assert.Equal(expected, actual);

    private static Task<bool> NextResult(Flavor flavor, DbDataReader reader) =>
        flavor.IsAsync ? reader.NextResultAsync() : Task.FromResult(reader.NextResult());

    private static async Task<List<object?[]>> Rows(Flavor flavor, DbDataReader reader)
    {
        var rows = new List<object?[]>();
        while (await flavor.Read(reader))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    private static async Task DeriveParameters(Flavor flavor, DbCommand command)
    {
        if (flavor.IsAsync)
        {
            await global::Driver.Async.HanaCommandBuilder.DeriveParametersAsync((global::Driver.Async.HanaCommand)command);
        }
        else
        {
            global::Driver.Sync.HanaCommandBuilder.DeriveParameters((global::Driver.Sync.HanaCommand)command);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task InInOutAndOutParametersTakeTheirValuesBack(string name)
    {
        var flavor = Flavor.Get(name);
        using var connection = await Setup(flavor);
        using var command = flavor.Command(connection, "CALL P_DIR(?, ?, ?)");
        var a = Parameter(command, "A", 21);
        var b = Parameter(command, "B", "tag", ParameterDirection.InputOutput);
        var c = Parameter(command, "C", null, ParameterDirection.Output);
        await flavor.ExecuteNonQuery(command);
        Assert.Equal(21, a.Value);
        Assert.Equal("tag/21", b.Value);
        Assert.Equal(42, c.Value);

        // again on the same prepared statement, with new values
        a.Value = 5;
        b.Value = "x";
        await flavor.ExecuteNonQuery(command);
        AssertValues(["x/5", 10], b, c);

        // named markers bind by name, whatever the order of the collection
        using var named = flavor.Command(connection, "CALL P_DIR(:a, :b, :c)");
        var namedC = Parameter(named, "c", null, ParameterDirection.Output);
        var namedB = Parameter(named, "b", "n", ParameterDirection.InputOutput);
        Parameter(named, "a", 3);
        await flavor.ExecuteNonQuery(named);
        AssertValues(["n/3", 6], namedB, namedC);

        // the IN values alone, as before directions existed: the call runs, the OUT values are not kept
        using var inputsOnly = flavor.Command(connection, "CALL P_SUMMARY(?, ?, ?, ?)", 1m);
        Assert.Equal(-1, await flavor.ExecuteNonQuery(inputsOnly));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task EveryTypeFamilyComesBackAsOutTypedAsTheReaderTypesIt(string name)
    {
        var flavor = Flavor.Get(name);
        using var connection = await Setup(flavor);
        using var command = flavor.Command(connection, "CALL ALL_TYPES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        Parameter(command, "SEED", 7);
        var outs = Enumerable.Range(0, 17).Select(i => Parameter(command, null, null, ParameterDirection.Output)).ToArray();
        await flavor.ExecuteNonQuery(command);
        Assert.Equal((byte)207, outs[0].Value);
        Assert.Equal((short)-7, outs[1].Value);
        Assert.Equal(7_000_000, outs[2].Value);
        Assert.Equal(9_000_000_000_000_000_007L, outs[3].Value);
        Assert.Equal(12345.67m, outs[4].Value);
        // beyond System.Decimal: the exact HanaDecimal, not an OverflowException after the call has run
        Assert.Equal("1234567890123456789012345678.0123456789", Convert.ToString(outs[5].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0.5f, outs[6].Value);
        Assert.Equal(1.0E300, outs[7].Value);
        Assert.Equal("grüße 7", outs[8].Value);
        Assert.Equal("abc", outs[9].Value);
        Assert.Equal(new byte[] { 0xCA, 0xFE }, outs[10].Value);
        Assert.Equal(new DateTime(2024, 2, 29), outs[11].Value);
        Assert.Equal(new TimeSpan(23, 59, 58), outs[12].Value);
        Assert.Equal(new DateTime(2024, 2, 29, 12, 34, 56), outs[13].Value);
        Assert.Equal(new DateTime(2024, 2, 29, 12, 34, 56).AddTicks(1234567), outs[14].Value);
        Assert.Equal(true, outs[15].Value);
        Assert.Equal(DBNull.Value, outs[16].Value);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task LobOutputsAreReadWholeEvenBeyondTheInlineChunk(string name)
    {
        var flavor = Flavor.Get(name);
        using var connection = await Setup(flavor);
        // about 300,000 characters (some beyond ASCII): far beyond what comes inline, so READLOB runs in the call
        var doc = string.Concat(Enumerable.Range(0, 30_000).Select(i => i % 7 == 0 ? "grüße, Ω " : "abcdefghi,"));
        var data = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31)).ToArray();
        using var command = flavor.Command(connection, "CALL P_LOBS(?, ?, ?, ?, ?, ?)");
        Parameter(command, "DOC", doc);
        Parameter(command, "DATA", data);
        var length = Parameter(command, "DOC_LENGTH", null, ParameterDirection.Output);
        var echo = Parameter(command, "ECHO", null, ParameterDirection.Output);
        var bytes = Parameter(command, "BYTES", null, ParameterDirection.Output);
        var nothing = Parameter(command, "NOTHING", "stale", ParameterDirection.Output);
        await flavor.ExecuteNonQuery(command);
        Assert.Equal(doc.Length, length.Value);
        Assert.Equal(doc + "!", echo.Value);
        Assert.Equal(data, bytes.Value);
        Assert.Equal(DBNull.Value, nothing.Value);

        // an IN LOB over a chunk streams with WRITELOB: the call's OUT values come with the last WRITELOB reply
        var big = string.Concat(Enumerable.Repeat("0123456789", 150_000));
        command.Parameters[0].Value = new StringReader(big);
        await flavor.ExecuteNonQuery(command);
        Assert.Equal(big.Length, length.Value);
        Assert.Equal(big + "!", echo.Value);
        Assert.Equal(data, bytes.Value);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task TwoTableOutputsAndADynamicResultSetAreReadInOrder(string name)
    {
        var flavor = Flavor.Get(name);
        // FetchSize 2: every result set of more than two rows fetches its own further pages by its own cursor
        using var connection = await Setup(flavor, "FetchSize=2");
        using var command = flavor.Command(connection, "CALL P_SUMMARY(?, ?, ?, ?)");
        Parameter(command, "MIN_AMOUNT", 5m);
        var n = Parameter(command, "N", null, ParameterDirection.Output);
        var reader = await flavor.ExecuteReader(command);
        try
        {
            // the OUT scalars are there as soon as the reader is
            Assert.Equal(5, n.Value);
            Assert.Equal(["ID", "AMOUNT"], Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
            Assert.True(reader.HasRows);
            AssertRows([[1, 10.50m], [2, 99.99m], [3, 150.00m], [5, 5.00m]], await Rows(flavor, reader));
            Assert.True(await NextResult(flavor, reader));
            Assert.Equal(["CUSTOMER", "ORDERS"], Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
            AssertRows([["ann", 2L], ["bob", 2L], ["cy", 1L]], await Rows(flavor, reader));
            Assert.True(await NextResult(flavor, reader));
            AssertRows([[1, "ann"], [2, "bob"], [3, "ann"], [4, "cy"], [5, "bob"]], await Rows(flavor, reader));
            Assert.False(await NextResult(flavor, reader));
            Assert.Equal(0, reader.FieldCount);
            Assert.False(await flavor.Read(reader));
            Assert.False(await NextResult(flavor, reader));
        }
        finally
        {
            await flavor.CloseReader(reader);
        }
        Assert.Equal(1L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM DUMMY")));
        Assert.Equal(0L, OpenCursorsOf(flavor.ConnectionId(connection)));
    }

    private long PreparedStatementsOf(int connectionId)
    {
        using var monitor = new global::Driver.Sync.HanaConnection(ConnectionString);
        monitor.Open();
        using var command = new global::Driver.Sync.HanaCommand($"SELECT COUNT(*) FROM SYS.M_PREPARED_STATEMENTS WHERE CONNECTION_ID = {connectionId}", monitor);
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private long OpenCursorsOf(int connectionId) => ServerResourcesOf(connectionId) - PreparedStatementsOf(connectionId);

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task LeavingEarlyClosesEveryCursorOnce(string name)
    {
        var flavor = Flavor.Get(name);
        using var connection = await Setup(flavor, "FetchSize=2");
        var id = flavor.ConnectionId(connection);
        using var command = flavor.Command(connection, "CALL P_SUMMARY(?, ?, ?, ?)");
        Parameter(command, "MIN_AMOUNT", 0m);
        Parameter(command, "N", null, ParameterDirection.Output);

        // one row of the first result, then dispose: three cursors, none fully read
        var reader = await flavor.ExecuteReader(command);
        Assert.True(await flavor.Read(reader));
        Assert.Equal(3L, OpenCursorsOf(id));
        await flavor.CloseReader(reader);
        await flavor.CloseReader(reader);
        Assert.Equal(1L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM DUMMY")));
        Assert.Equal(0L, OpenCursorsOf(id));

        // moving on without reading, then dispose
        reader = await flavor.ExecuteReader(command);
        Assert.True(await NextResult(flavor, reader));
        await flavor.CloseReader(reader);
        await flavor.Scalar(connection, "SELECT COUNT(*) FROM DUMMY");
        Assert.Equal(0L, OpenCursorsOf(id));

        // ExecuteNonQuery and ExecuteScalar read nothing or one value and close the rest
        Assert.Equal(-1, await flavor.ExecuteNonQuery(command));
        Assert.Equal(1, await flavor.ExecuteScalar(command));
        await flavor.Scalar(connection, "SELECT COUNT(*) FROM DUMMY");
        Assert.Equal(0L, OpenCursorsOf(id));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task SignalRaisesAHanaExceptionWithItsCode(string name)
    {
        var flavor = Flavor.Get(name);
        using var connection = await Setup(flavor);
        using var command = flavor.Command(connection, "CALL P_GUARD(?)");
        var id = Parameter(command, "P_ID", 1);
        await flavor.ExecuteNonQuery(command);
        id.Value = 3;
        var error = await Assert.ThrowsAsync(flavor.HanaExceptionType, () => flavor.ExecuteNonQuery(command));
        Assert.Equal(10042, flavor.ErrorCode(error));
        Assert.Contains("order 3 is protected", error.Message);
        // the session goes on
        id.Value = 2;
        await flavor.ExecuteNonQuery(command);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task StoredProcedureCommandsBuildTheCall(string name)
    {
        var flavor = Flavor.Get(name);
        using var connection = await Setup(flavor);

        // positional: one marker per parameter, in the procedure's order
        using var positional = connection.CreateCommand();
        positional.CommandType = CommandType.StoredProcedure;
        positional.CommandText = "P_DIR";
        Parameter(positional, null, 4);
        var b = Parameter(positional, null, "p", ParameterDirection.InputOutput);
        var c = Parameter(positional, null, null, ParameterDirection.Output);
        await flavor.ExecuteNonQuery(positional);
        AssertValues(["p/4", 8], b, c);

        // named (A => ?): any order; a quoted, schema-qualified name
        using var named = connection.CreateCommand();
        named.CommandType = CommandType.StoredProcedure;
        named.CommandText = "\"SYSTEM\".\"P_DIR\"";
        var namedC = Parameter(named, "C", null, ParameterDirection.Output);
        Parameter(named, "a", 6);
        var namedB = Parameter(named, "@B", "q", ParameterDirection.InputOutput);
        await flavor.ExecuteNonQuery(named);
        AssertValues(["q/6", 12], namedB, namedC);

        // table outputs take a parameter named after them (their marker); their rows are the reader's result sets
        using var tables = connection.CreateCommand();
        tables.CommandType = CommandType.StoredProcedure;
        tables.CommandText = "P_SUMMARY";
        Parameter(tables, "MIN_AMOUNT", 100m);
        var n = Parameter(tables, "N", null, ParameterDirection.Output);
        Parameter(tables, "BIG", null, ParameterDirection.Output);
        Parameter(tables, "PER_CUSTOMER", null, ParameterDirection.Output);
        var reader = await flavor.ExecuteReader(tables);
        try
        {
            Assert.Equal(5, n.Value);
            AssertRows([[3, 150.00m]], await Rows(flavor, reader));
            Assert.True(await NextResult(flavor, reader));
            Assert.True(await NextResult(flavor, reader));
            Assert.False(await NextResult(flavor, reader));
        }
        finally
        {
            await flavor.CloseReader(reader);
        }

        var bad = connection.CreateCommand();
        bad.CommandType = CommandType.StoredProcedure;
        bad.CommandText = "CALL P_DIR(?, ?, ?)";
        await Assert.ThrowsAsync<InvalidOperationException>(() => flavor.ExecuteNonQuery(bad));
        Assert.Throws<NotSupportedException>(() => bad.CommandType = CommandType.TableDirect);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task DeriveParametersReadsTheCatalog(string name)
    {
        var flavor = Flavor.Get(name);
        using var connection = await Setup(flavor);
        using var command = connection.CreateCommand();
        command.CommandType = CommandType.StoredProcedure;
        command.CommandText = "P_SUMMARY";
        Parameter(command, "OLD", 1);
        await DeriveParameters(flavor, command);
        Assert.Equal(["MIN_AMOUNT", "N", "BIG", "PER_CUSTOMER"], command.Parameters.Cast<DbParameter>().Select(p => p.ParameterName));
        Assert.Equal([ParameterDirection.Input, ParameterDirection.Output, ParameterDirection.Output, ParameterDirection.Output],
            command.Parameters.Cast<DbParameter>().Select(p => p.Direction));
        Assert.Equal([DbType.Decimal, DbType.Int32, DbType.Object, DbType.Object], command.Parameters.Cast<DbParameter>().Select(p => p.DbType));

        // the derived parameters run the call as they are
        command.Parameters[0].Value = 50m;
        var reader = await flavor.ExecuteReader(command);
        try
        {
            Assert.Equal(5, command.Parameters[1].Value);
            AssertRows([[2, 99.99m], [3, 150.00m]], await Rows(flavor, reader));
        }
        finally
        {
            await flavor.CloseReader(reader);
        }

        command.CommandText = "SYSTEM.P_DIR";
        await DeriveParameters(flavor, command);
        Assert.Equal([("A", ParameterDirection.Input, DbType.Int32, 0), ("B", ParameterDirection.InputOutput, DbType.String, 40), ("C", ParameterDirection.Output, DbType.Int32, 0)],
            command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Direction, p.DbType, p.Size)));

        command.CommandText = "NO_SUCH_PROC";
        await Assert.ThrowsAsync<InvalidOperationException>(() => DeriveParameters(flavor, command));
        command.CommandType = CommandType.Text;
        await Assert.ThrowsAsync<InvalidOperationException>(() => DeriveParameters(flavor, command));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ADirectionThatIsNotTheProceduresIsRefusedByName(string name)
    {
        var flavor = Flavor.Get(name);
        using var connection = await Setup(flavor);
        using var command = flavor.Command(connection, "CALL P_DIR(?, ?, ?)");
        Parameter(command, "A", 1);
        Parameter(command, "B", "x", ParameterDirection.Output);
        Parameter(command, "C", null, ParameterDirection.Output);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => flavor.ExecuteNonQuery(command));
        Assert.Contains("'B'", error.Message);
        Assert.Contains("INOUT", error.Message);
        Assert.Contains("InputOutput", error.Message);

        command.Parameters[1].Direction = ParameterDirection.InputOutput;
        command.Parameters[2].Direction = ParameterDirection.Input;
        error = await Assert.ThrowsAsync<ArgumentException>(() => flavor.ExecuteNonQuery(command));
        Assert.Contains("'C'", error.Message);
        Assert.Contains("OUT", error.Message);

        // an output declared on a statement that has none
        using var select = flavor.Command(connection, "SELECT COUNT(*) FROM ORDERS WHERE ID > ?");
        Parameter(select, "LOW", 1, ParameterDirection.Output);
        error = await Assert.ThrowsAsync<ArgumentException>(() => flavor.ExecuteScalar(select));
        Assert.Contains("'LOW'", error.Message);

        // HANA procedures return no value
        var parameter = command.CreateParameter();
        var refused = Assert.Throws<NotSupportedException>(() => parameter.Direction = ParameterDirection.ReturnValue);
        Assert.Contains("OUT parameter", refused.Message);
        Assert.Equal(ParameterDirection.Input, parameter.Direction);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task DapperReadsEveryResultSetWithQueryMultiple(string name)
    {
        var flavor = Flavor.Get(name);
        using var connection = await Setup(flavor);
        var parameters = new DynamicParameters();
        parameters.Add("MIN_AMOUNT", 10m);
        parameters.Add("N", dbType: DbType.Int32, direction: ParameterDirection.Output);
        parameters.Add("BIG", direction: ParameterDirection.Output);
        parameters.Add("PER_CUSTOMER", direction: ParameterDirection.Output);
        List<BigOrder> big;
        List<PerCustomer> perCustomer;
        List<Order> all;
        if (flavor.IsAsync)
        {
            using var grid = await connection.QueryMultipleAsync("P_SUMMARY", parameters, commandType: CommandType.StoredProcedure);
            big = (await grid.ReadAsync<BigOrder>()).ToList();
            perCustomer = (await grid.ReadAsync<PerCustomer>()).ToList();
            all = (await grid.ReadAsync<Order>()).ToList();
        }
        else
        {
            using var grid = connection.QueryMultiple("P_SUMMARY", parameters, commandType: CommandType.StoredProcedure);
            big = grid.Read<BigOrder>().ToList();
            perCustomer = grid.Read<PerCustomer>().ToList();
            all = grid.Read<Order>().ToList();
        }
        Assert.Equal([new BigOrder(1, 10.50m), new BigOrder(2, 99.99m), new BigOrder(3, 150.00m)], big);
        Assert.Equal([new PerCustomer("ann", 2), new PerCustomer("bob", 2), new PerCustomer("cy", 1)], perCustomer);
        Assert.Equal([1, 2, 3, 4, 5], all.Select(o => o.Id));
        Assert.Equal(5, parameters.Get<int>("N"));

        // Query<T> maps the first result set; the others are closed with the reader
        var first = flavor.IsAsync
            ? (await connection.QueryAsync<BigOrder>("CALL P_SUMMARY(?, ?, ?, ?)", new DynamicParameters(new { MIN_AMOUNT = 100m }))).ToList()
            : connection.Query<BigOrder>("CALL P_SUMMARY(?, ?, ?, ?)", new DynamicParameters(new { MIN_AMOUNT = 100m })).ToList();
        Assert.Equal([new BigOrder(3, 150.00m)], first);
    }

    public sealed record BigOrder(int Id, decimal Amount);

    public sealed record PerCustomer(string Customer, long Orders);

    public sealed record Order(int Id, string Customer);

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ACallIsASpanNamedAfterItsProcedure(string name)
    {
        var flavor = Flavor.Get(name);
        using var connection = await Setup(flavor);
        var sourceName = flavor.IsAsync ? global::Driver.Async.HanaTelemetry.ActivitySourceName : global::Driver.Sync.HanaTelemetry.ActivitySourceName;
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                // only this test's spans: the listener is process-global
                if (Equals(activity.GetTagItem("server.port"), Server.Port))
                {
                    lock (spans)
                    {
                        spans.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using (var text = flavor.Command(connection, "CALL P_GUARD(?)", 1))
        {
            await flavor.ExecuteNonQuery(text);
        }
        using (var procedure = connection.CreateCommand())
        {
            procedure.CommandType = CommandType.StoredProcedure;
            procedure.CommandText = "SYSTEM.P_GUARD";
            Parameter(procedure, null, 2);
            await flavor.ExecuteNonQuery(procedure);
        }
        List<Activity> calls;
        lock (spans)
        {
            calls = spans.Where(span => Equals(span.GetTagItem("db.operation.name"), "CALL")).ToList();
        }
        Assert.Equal(2, calls.Count);
        Assert.Equal<object?>(["P_GUARD", "SYSTEM.P_GUARD"], calls.Select(span => span.GetTagItem("db.stored_procedure.name")));
        Assert.Equal(["CALL P_GUARD", "CALL SYSTEM.P_GUARD"], calls.Select(span => span.DisplayName));
    }
}
