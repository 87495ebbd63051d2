using Driver.Core.Protocol;
using Driver.Tests.PublicApi;
using Driver.Tests.Support;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.TestServer;

/// <summary>
/// PARAMETERMETADATA of parameters HANA types from the other operand (arithmetic, comparisons, BETWEEN, IN), over the
/// wire and end to end through both drivers, which send what the metadata says.
/// </summary>
public class ServerParameterTypeTests : DriverTestBase
{
    private const string CreateTable = "CREATE COLUMN TABLE PRODUCTS (ID INTEGER PRIMARY KEY, STOCK INTEGER, PRICE DECIMAL(10,2), D DATE)";

    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    [InlineData(1)]
    public async Task PrepareReportsTheOperandTypes(int dataFormatVersion)
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server, settings => settings.DataFormatVersion = dataFormatVersion);
        client.ExecuteNonQuery(CreateTable);

        var update = client.Prepare("UPDATE PRODUCTS SET STOCK = STOCK - ? WHERE ID = ?");
        Assert.Equal([HanaTypeCode.Int, HanaTypeCode.Int], update.Parameters.Select(p => p.TypeCode));
        update.Release();

        var decimals = client.Prepare("SELECT ID FROM PRODUCTS WHERE PRICE * ? > ?");
        var decimalCode = dataFormatVersion >= 8 ? HanaTypeCode.Fixed8 : HanaTypeCode.Decimal;
        Assert.Equal([decimalCode, decimalCode], decimals.Parameters.Select(p => p.TypeCode));
        Assert.Equal((10, 2), (decimals.Parameters[0].Length, decimals.Parameters[0].Fraction));
        decimals.Release();

        var dates = client.Prepare("SELECT ID FROM PRODUCTS WHERE D BETWEEN ? AND ?");
        var dateCode = dataFormatVersion >= 4 ? HanaTypeCode.DayDate : HanaTypeCode.Date;
        Assert.Equal([dateCode, dateCode], dates.Parameters.Select(p => p.TypeCode));
        dates.Release();

        var inList = client.Prepare("SELECT ID FROM PRODUCTS WHERE STOCK + ? IN (?, ?)");
        Assert.Equal([HanaTypeCode.Int, HanaTypeCode.Int, HanaTypeCode.Int], inList.Parameters.Select(p => p.TypeCode));
        inList.Release();
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ArithmeticParametersBindIntsDecimalsAndDates(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, CreateTable);
        await flavor.Execute(connection, "INSERT INTO PRODUCTS VALUES (?, ?, ?, ?)", 1, 10, 2.50m, new DateTime(2024, 1, 10));
        await flavor.Execute(connection, "INSERT INTO PRODUCTS VALUES (?, ?, ?, ?)", 2, 20, 7.25m, new DateTime(2024, 3, 1));
        await flavor.Execute(connection, "INSERT INTO PRODUCTS VALUES (?, ?, ?, ?)", 3, 30, 1.99m, new DateTime(2024, 5, 31));

        using (var update = flavor.Command(connection, "UPDATE PRODUCTS SET STOCK = STOCK - ? WHERE ID = ?", 3, 1))
        {
            await flavor.Prepare(update);
            Assert.Equal(1, await flavor.ExecuteNonQuery(update));
            update.Parameters[0].Value = 5;
            update.Parameters[1].Value = 2;
            Assert.Equal(1, await flavor.ExecuteNonQuery(update));
        }

        Assert.Equal(1, await flavor.Execute(connection, "UPDATE PRODUCTS SET STOCK = STOCK - ? WHERE ID = ?", -1, 3));
        var stock = await flavor.Query(connection, "SELECT STOCK FROM PRODUCTS ORDER BY ID");
        Assert.Equal([7, 15, 31], stock.Select(r => Convert.ToInt32(r[0])));

        var expensive = await flavor.Query(connection, "SELECT ID FROM PRODUCTS WHERE PRICE * ? > ? ORDER BY ID", 2m, 4.5m);
        Assert.Equal([1, 2], expensive.Select(r => Convert.ToInt32(r[0])));

        var between = await flavor.Query(connection, "SELECT ID FROM PRODUCTS WHERE D BETWEEN ? AND ? ORDER BY ID",
            new DateTime(2024, 1, 10), new DateTime(2024, 3, 1));
        Assert.Equal([1, 2], between.Select(r => Convert.ToInt32(r[0])));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AnUntypedParameterStaysNVarCharAndTheDriverDoesNotTurnAnIntIntoText(string name)
    {
        // a column of a table function is not in the catalog: the parameter keeps the NVARCHAR fallback, and the
        // driver sends what the metadata says, refusing a number for a string (docs/protocol.md §7.4, §15 ask nothing else)
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        using var command = flavor.Command(connection, "SELECT GENERATED_PERIOD_START + ? FROM SERIES_GENERATE_INTEGER(1, 0, 1)", 41);
        await Assert.ThrowsAsync<InvalidCastException>(() => flavor.ExecuteScalar(command));
        command.Parameters[0].Value = "41";
        Assert.Equal(41L, Convert.ToInt64(await flavor.ExecuteScalar(command)));
        await flavor.Close(connection);
    }
}
