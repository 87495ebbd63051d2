using System.Data;
using System.Data.Common;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>HanaCommandBuilder's quoting and statements, and the provider factory's adapter and builder (no server needed for most).</summary>
public class CommandBuilderTests : DriverTestBase
{
    [Theory]
    [InlineData("Sync")]
    [InlineData("Async")]
    public void QuoteIdentifierDoublesQuotesAndUnquoteReversesIt(string name)
    {
        DbProviderFactory factory = name == "Sync" ? global::Driver.Sync.HanaProviderFactory.Instance : global::Driver.Async.HanaProviderFactory.Instance;
        Assert.True(factory.CanCreateDataAdapter);
        Assert.True(factory.CanCreateCommandBuilder);
        Assert.Equal(name == "Sync" ? typeof(global::Driver.Sync.HanaDataAdapter) : typeof(global::Driver.Async.HanaDataAdapter), factory.CreateDataAdapter()!.GetType());
        var builder = factory.CreateCommandBuilder()!;
        Assert.Equal("\"my \"\"x\"\" table\"", builder.QuoteIdentifier("my \"x\" table"));
        Assert.Equal("my \"x\" table", builder.UnquoteIdentifier("\"my \"\"x\"\" table\""));
        Assert.Equal("PLAIN", builder.UnquoteIdentifier("PLAIN"));
        Assert.Equal("\"", builder.QuotePrefix);
        Assert.Equal("\"", builder.QuoteSuffix);
        Assert.Throws<ArgumentException>(() => builder.QuotePrefix = "[");
        Assert.Throws<ArgumentNullException>(() => builder.QuoteIdentifier(null!));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task TheStatementsNameTheTableAndKeyWithPositionalMarkers(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE \"Mixed Case\" (\"Id\" INTEGER NOT NULL PRIMARY KEY, \"Note\" NVARCHAR(20))");
        using var select = flavor.Command(connection, "SELECT \"Id\", \"Note\" FROM \"Mixed Case\"");
        var adapter = DataSetFlavor.Adapter(flavor, select);
        var builder = DataSetFlavor.Builder(flavor, adapter);
        if (flavor.IsAsync)
        {
            await ((global::Driver.Async.HanaCommandBuilder)builder).LoadSchemaAsync();
        }
        var insert = (DbCommand)builder.GetType().GetMethod("GetInsertCommand", Type.EmptyTypes)!.Invoke(builder, null)!;
        var delete = (DbCommand)builder.GetType().GetMethod("GetDeleteCommand", Type.EmptyTypes)!.Invoke(builder, null)!;
        // the table as the catalog names it: schema and table, each quoted
        Assert.Equal("INSERT INTO \"SYSTEM\".\"Mixed Case\" (\"Id\", \"Note\") VALUES (?, ?)", insert.CommandText);
        Assert.StartsWith("DELETE FROM \"SYSTEM\".\"Mixed Case\" WHERE ((\"Id\" = ?)", delete.CommandText);
        Assert.Equal("p1", insert.Parameters[0].ParameterName);

        // and they run: a row inserted through the adapter lands in the mixed-case table
        var table = new DataTable();
        await DataSetFlavor.Fill(flavor, adapter, table);
        table.Rows.Add(1, "one");
        Assert.Equal(1, await DataSetFlavor.Update(flavor, adapter, table));
        Assert.Equal("one", await flavor.Scalar(connection, "SELECT \"Note\" FROM \"Mixed Case\" WHERE \"Id\" = 1"));
        await flavor.Close(connection);
    }
}
