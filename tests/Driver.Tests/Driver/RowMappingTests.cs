using System.Data.Common;
using Driver.Core.Mapping;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>HanaDataReader.Map&lt;T&gt;, HanaCommand.Query&lt;T&gt; (Sync) and QueryAsync&lt;T&gt; (Async): rows into records, classes and values.</summary>
public class RowMappingTests : DriverTestBase
{
    public enum Status
    {
        New = 0,
        Shipped = 1,
        Lost = 2,
    }

    public enum Kind : byte
    {
        Book = 1,
        Music = 2,
    }

    /// <summary>Constructor parameters in another order than the columns; CustomerName ↔ CUSTOMER_NAME.</summary>
    public sealed record Order(long Id, string CustomerName, decimal Price, DateTime Created, string? Note, long? Qty, Status Status, Kind Kind, double Weight);

    public sealed class OrderClass
    {
        public int Id { get; set; }
        public string CustomerName { get; init; } = "";
        public decimal? Price { get; set; }
        public DateTime Created { get; set; }
        public string? Note { get; set; }
        public long? Qty { get; set; }
        public Status? Status { get; set; }
        public Kind Kind { get; set; }
        /// <summary>No such column: keeps its default.</summary>
        public string Unmatched { get; set; } = "default";
        public string ReadOnly => "not a target";
    }

    public sealed record Narrow(int Price);

    public sealed record Missing(int Id, string Nickname);

    public sealed record WithDefault(int Id, string Nickname = "none");

    public sealed class NotNullable
    {
        public int Id { get; set; }
        public long Qty { get; set; }
    }

    public sealed class Required
    {
        public required string Nickname { get; init; }
    }

    public sealed record KindByName(Status Kind);

    public sealed class Validated
    {
        public Validated(int id) => Id = id <= 3 ? id : throw new ArgumentOutOfRangeException(nameof(id), "too big");

        public int Id { get; }
    }

    private const string Create = "CREATE TABLE ORDERS (ID INTEGER PRIMARY KEY, CUSTOMER_NAME NVARCHAR(40), PRICE DECIMAL(18,2), CREATED TIMESTAMP, NOTE NVARCHAR(40), QTY BIGINT, STATUS INTEGER, KIND TINYINT, WEIGHT REAL, LABEL NVARCHAR(10))";
    private const string Select = "SELECT WEIGHT, KIND, STATUS, QTY, NOTE, CREATED, PRICE, CUSTOMER_NAME, ID, LABEL FROM ORDERS ORDER BY ID";

    private static Order Expected(int i) => new(
        i,
        i == 3 ? "Grüße 😀" : $"customer {i}",
        i * 10.5m,
        new DateTime(2024, 2, 29, 13, 14, 15).AddDays(i).AddTicks(i * 1234567),
        i % 2 == 0 ? null : $"note {i}",
        i % 3 == 0 ? null : i * 1_000_000_000L,
        (Status)(i % 3),
        (Kind)(i % 2 + 1),
        i + 0.25);

    private async Task<DbConnection> Seed(Flavor flavor, int rows = 7, string? extra = null)
    {
        var connection = await Open(flavor, extra);
        await flavor.Execute(connection, Create);
        var batch = Enumerable.Range(1, rows).Select(i =>
        {
            var o = Expected(i);
            return new object?[] { (int)o.Id, o.CustomerName, o.Price, o.Created, o.Note, o.Qty, (int)o.Status, (byte)o.Kind, (float)o.Weight, "DUP" };
        }).ToList();
        using var insert = flavor.Command(connection, "INSERT INTO ORDERS VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        await flavor.ExecuteBatch(insert, batch);
        return connection;
    }

    private static T Map<T>(DbDataReader reader) => reader switch
    {
        global::Driver.Sync.HanaDataReader sync => sync.Map<T>(),
        global::Driver.Async.HanaDataReader async => async.Map<T>(),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Every row through HanaCommand.Query (Sync) or QueryAsync (Async).</summary>
    private static async Task<List<T>> QueryAll<T>(Flavor flavor, DbConnection connection, string sql, int? stopAfter = null, CancellationToken cancellationToken = default)
    {
        using var command = flavor.Command(connection, sql);
        var rows = new List<T>();
        if (command is global::Driver.Sync.HanaCommand sync)
        {
            foreach (var row in sync.Query<T>())
            {
                rows.Add(row);
                if (rows.Count == stopAfter)
                {
                    break;
                }
            }
        }
        else
        {
            await foreach (var row in ((global::Driver.Async.HanaCommand)command).QueryAsync<T>(cancellationToken))
            {
                rows.Add(row);
                if (rows.Count == stopAfter)
                {
                    break;
                }
            }
        }
        return rows;
    }

    /// <summary>The flavor's HanaMappingException (an InvalidCastException), read through dynamic.</summary>
    private static async Task<dynamic> MappingError(Flavor flavor, Func<Task> action)
    {
        var error = await Assert.ThrowsAnyAsync<InvalidCastException>(action);
        Assert.Equal(flavor.IsAsync ? typeof(global::Driver.Async.HanaMappingException) : typeof(global::Driver.Sync.HanaMappingException), error.GetType());
        return error;
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task RecordsMapThroughTheirConstructorByName(string name)
    {
        var flavor = Flavor.Get(name);
        // several pages: the enumeration fetches as it goes
        var connection = await Seed(flavor, rows: 7, extra: "FetchSize=3");
        var orders = await QueryAll<Order>(flavor, connection, Select);
        Assert.Equal(Enumerable.Range(1, 7).Select(Expected), orders);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ClassesMapThroughSettableAndInitProperties(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Seed(flavor);
        var orders = await QueryAll<OrderClass>(flavor, connection, Select);
        Assert.Equal(7, orders.Count);
        foreach (var (order, i) in orders.Select((o, i) => (o, i + 1)))
        {
            var expected = Expected(i);
            Assert.Equal(
                ((int)expected.Id, expected.CustomerName, (decimal?)expected.Price, expected.Created, expected.Note, expected.Qty, (Status?)expected.Status, expected.Kind),
                (order.Id, order.CustomerName, order.Price, order.Created, order.Note, order.Qty, order.Status, order.Kind));
            Assert.Equal("default", order.Unmatched);
        }
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ValuesMapFromTheFirstColumn(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Seed(flavor);
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), await QueryAll<long>(flavor, connection, "SELECT ID FROM ORDERS ORDER BY ID"));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => Expected(i).Qty), await QueryAll<long?>(flavor, connection, "SELECT QTY FROM ORDERS ORDER BY ID"));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => Expected(i).Note), await QueryAll<string?>(flavor, connection, "SELECT NOTE, ID FROM ORDERS ORDER BY ID"));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => Expected(i).Status), await QueryAll<Status>(flavor, connection, "SELECT STATUS FROM ORDERS ORDER BY ID"));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => DateOnly.FromDateTime(Expected(i).Created)), await QueryAll<DateOnly>(flavor, connection, "SELECT CREATED FROM ORDERS ORDER BY ID"));
        // enums by name from a character column, ignoring case
        Assert.Equal([Status.Shipped], await QueryAll<Status>(flavor, connection, "SELECT 'shipped' FROM DUMMY"));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task MapReadsTheCurrentRowBesideTheGetters(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Seed(flavor);
        using var command = flavor.Command(connection, Select);
        var reader = await flavor.ExecuteReader(command);
        Assert.Throws<InvalidOperationException>(() => Map<Order>(reader));
        var seen = 0;
        while (await flavor.Read(reader))
        {
            seen++;
            Assert.Equal(seen, reader.GetInt32(8));
            Assert.Equal(Expected(seen), Map<Order>(reader));
            // another type on the same reader, then back
            Assert.Equal(Expected(seen).CustomerName, Map<OrderClass>(reader).CustomerName);
            Assert.Equal(Expected(seen), Map<Order>(reader));
        }
        Assert.Equal(7, seen);
        await flavor.CloseReader(reader);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AnAbandonedEnumerationReleasesItsCursor(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Seed(flavor, rows: 7, extra: "FetchSize=2");
        Assert.Equal([Expected(1), Expected(2), Expected(3)], await QueryAll<Order>(flavor, connection, Select, stopAfter: 3));
        // DriverTestBase checks that no result set is left on the server; the connection goes on
        Assert.Equal(7, (await QueryAll<Order>(flavor, connection, Select)).Count);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ATypeMismatchNamesTheColumnAndTheMember(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Seed(flavor);

        // DECIMAL into int: narrowing, refused before any row is read
        var narrow = await MappingError(flavor, () => QueryAll<Narrow>(flavor, connection, "SELECT PRICE FROM ORDERS"));
        Assert.Equal("PRICE", (string)narrow.ColumnName);
        Assert.Equal("Price", (string)narrow.MemberName);
        Assert.Equal(typeof(Narrow), (Type)narrow.TargetType);
        // the wire type (FIXED8 / DECIMAL, by data format version) and the CLR type it reads as
        Assert.Contains("read as Decimal) cannot be mapped to", (string)narrow.Message);
        Assert.Contains("Narrow.Price (Int32)", (string)narrow.Message);

        // text into a number
        var text = await MappingError(flavor, () => QueryAll<Narrow>(flavor, connection, "SELECT CUSTOMER_NAME AS PRICE FROM ORDERS"));
        Assert.Contains("Column PRICE (NVARCHAR", (string)text.Message);

        // a name the enum lacks: found on the row, reported with the column and member
        var unknown = await MappingError(flavor, () => QueryAll<KindByName>(flavor, connection, "SELECT LABEL AS KIND FROM ORDERS"));
        Assert.Equal("KIND", (string)unknown.ColumnName);
        Assert.Equal("Kind", (string)unknown.MemberName);
        Assert.IsType<ArgumentException>((Exception)unknown.InnerException);

        // the connection is still in step
        Assert.Equal(7, (await QueryAll<long>(flavor, connection, "SELECT ID FROM ORDERS")).Count);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AConstructorParameterWithoutAColumnIsNamed(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Seed(flavor);
        var missing = await MappingError(flavor, () => QueryAll<Missing>(flavor, connection, "SELECT ID, CUSTOMER_NAME FROM ORDERS"));
        Assert.Equal("Nickname", (string)missing.MemberName);
        Assert.Null((string?)missing.ColumnName);
        Assert.Contains("'Nickname' of Missing", (string)missing.Message);
        Assert.Contains("ID, CUSTOMER_NAME", (string)missing.Message);
        // a parameter with a default value may go without
        Assert.Equal(new WithDefault(1, "none"), (await QueryAll<WithDefault>(flavor, connection, "SELECT ID FROM ORDERS ORDER BY ID"))[0]);
        var required = await MappingError(flavor, () => QueryAll<Required>(flavor, connection, "SELECT ID FROM ORDERS"));
        Assert.Equal("Nickname", (string)required.MemberName);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task NullIntoANonNullableMemberIsNamed(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Seed(flavor);
        // rows 1 and 2 have a QTY, row 3 has NULL
        var error = await MappingError(flavor, () => QueryAll<NotNullable>(flavor, connection, "SELECT ID, QTY FROM ORDERS ORDER BY ID"));
        Assert.Equal("QTY", (string)error.ColumnName);
        Assert.Equal("Qty", (string)error.MemberName);
        Assert.Contains("Column QTY is NULL but NotNullable.Qty is Int64", (string)error.Message);
        Assert.Equal(7, (await QueryAll<NotNullable>(flavor, connection, "SELECT ID, COALESCE(QTY, -1) AS QTY FROM ORDERS")).Count);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task TheTypesOwnExceptionsPassThroughUnchanged(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Seed(flavor);
        // not a mapping failure: the constructor refused row 4
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => QueryAll<Validated>(flavor, connection, "SELECT ID FROM ORDERS ORDER BY ID"));
        Assert.Equal("id", error.ParamName);
        Assert.Equal(3, (await QueryAll<Validated>(flavor, connection, "SELECT ID FROM ORDERS WHERE ID <= 3")).Count);
        await flavor.Close(connection);
    }

    [Fact]
    public async Task AsyncEnumerationHonoursItsToken()
    {
        var flavor = Flavor.Async;
        var connection = await Seed(flavor, rows: 7, extra: "FetchSize=100");
        using var cancel = new CancellationTokenSource();
        await using var command = (global::Driver.Async.HanaCommand)flavor.Command(connection, Select);
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var order in command.QueryAsync<Order>().WithCancellation(cancel.Token))
            {
                // every row is in the first page: only the enumeration itself can notice the token
                if (++seen == 2)
                {
                    cancel.Cancel();
                }
            }
        });
        Assert.Equal(2, seen);
        Assert.Equal(7, (await QueryAll<Order>(flavor, connection, Select)).Count);
        await flavor.Close(connection);
    }

    [Fact]
    public async Task TheCompiledMapperIsReusedAcrossQueriesOfTheSameShape()
    {
        var connection = (global::Driver.Sync.HanaConnection)await Seed(Flavor.Sync);
        Func<global::Driver.Sync.HanaDataReader, Order> Mapper(string sql)
        {
            using var command = new global::Driver.Sync.HanaCommand(sql, connection);
            using var reader = command.ExecuteReader();
            return RowMapperCache.Get<Order>(reader);
        }
        var first = Mapper(Select);
        var compiled = RowMapperCache.Count;
        Assert.True(compiled >= 1);
        // another statement text with the same columns: the same compiled delegate
        Assert.Same(first, Mapper(Select.Replace("ORDER BY ID", "WHERE ID > 3")));
        Assert.Same(first, Mapper(Select));
        // another column order is another shape, another target type another mapper
        Assert.NotSame(first, Mapper("SELECT ID, CUSTOMER_NAME, PRICE, CREATED, NOTE, QTY, STATUS, KIND, WEIGHT FROM ORDERS"));
        Assert.NotSame((Delegate)first, Mapper2());
        await Flavor.Sync.Close(connection);

        Delegate Mapper2()
        {
            using var command = new global::Driver.Sync.HanaCommand(Select, connection);
            using var reader = command.ExecuteReader();
            return RowMapperCache.Get<OrderClass>(reader);
        }
    }
}
