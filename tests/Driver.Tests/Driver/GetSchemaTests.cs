using System.Data;
using System.Data.Common;

namespace Driver.Tests.PublicApi;

/// <summary>HanaConnection.GetSchema (Driver.Sync) and GetSchemaAsync (Driver.Async): fixed collections and the SYS catalog.</summary>
public class GetSchemaTests : DriverTestBase
{
    private static Task<DataTable> Schema(Flavor flavor, DbConnection connection, string collection, params string?[] restrictions) =>
        flavor.IsAsync
            ? connection.GetSchemaAsync(collection, restrictions)
            : Task.FromResult(connection.GetSchema(collection, restrictions));

    private static List<object?[]> Rows(DataTable table, params string[] columns) =>
        table.Rows.Cast<DataRow>().Select(row => columns.Select(column => row[column] is DBNull ? null : row[column]).ToArray()).ToList();

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task FixedCollectionsDescribeTheProvider(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        var collections = await Schema(flavor, connection, "METADATACOLLECTIONS");
        Assert.Equal(
            ["MetaDataCollections", "DataSourceInformation", "DataTypes", "Restrictions", "ReservedWords", "Tables", "Columns", "Views",
             "Procedures", "ProcedureParameters", "Indexes", "IndexColumns", "ForeignKeys"],
            collections.Rows.Cast<DataRow>().Select(row => (string)row[DbMetaDataColumnNames.CollectionName]));

        var information = (await Schema(flavor, connection, DbMetaDataCollectionNames.DataSourceInformation)).Rows[0];
        Assert.Equal("SAP HANA", information[DbMetaDataColumnNames.DataSourceProductName]);
        Assert.Equal(((DbConnection)connection).ServerVersion, information[DbMetaDataColumnNames.DataSourceProductVersion]);
        Assert.Equal("?", information[DbMetaDataColumnNames.ParameterMarkerFormat]);

        var types = await Schema(flavor, connection, DbMetaDataCollectionNames.DataTypes);
        var decimalType = types.Rows.Cast<DataRow>().Single(row => (string)row[DbMetaDataColumnNames.TypeName] == "DECIMAL");
        Assert.Equal("System.Decimal", decimalType[DbMetaDataColumnNames.DataType]);
        Assert.Equal("DECIMAL({0},{1})", decimalType[DbMetaDataColumnNames.CreateFormat]);

        var restrictions = await Schema(flavor, connection, DbMetaDataCollectionNames.Restrictions);
        Assert.Equal([["Columns", "SCHEMA_NAME", 1], ["Columns", "TABLE_NAME", 2], ["Columns", "COLUMN_NAME", 3]],
            Rows(restrictions, "CollectionName", "RestrictionName", "RestrictionNumber").Where(row => (string)row[0]! == "Columns"));

        var words = await Schema(flavor, connection, DbMetaDataCollectionNames.ReservedWords);
        Assert.Contains(words.Rows.Cast<DataRow>(), row => (string)row[DbMetaDataColumnNames.ReservedWord] == "SELECT");

        await Assert.ThrowsAsync<ArgumentException>(() => Schema(flavor, connection, "NoSuchCollection"));
        await Assert.ThrowsAsync<ArgumentException>(() => Schema(flavor, connection, "Tables", "A", "B", "C", "D"));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task CatalogCollectionsReadTheSysViewsWithRestrictions(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE SCHEMA GS");
        await flavor.Execute(connection, "CREATE TABLE GS.ORDERS (ID INTEGER NOT NULL PRIMARY KEY, CUSTOMER NVARCHAR(40) NOT NULL, TOTAL DECIMAL(12,2))");
        await flavor.Execute(connection, "CREATE TABLE GS.LINES (ORDER_ID INTEGER NOT NULL REFERENCES GS.ORDERS (ID), LINE INTEGER NOT NULL, PRIMARY KEY (ORDER_ID, LINE))");
        await flavor.Execute(connection, "CREATE INDEX ORDERS_CUSTOMER ON GS.ORDERS (CUSTOMER)");
        await flavor.Execute(connection, "CREATE VIEW GS.BIG_ORDERS AS SELECT ID FROM GS.ORDERS WHERE TOTAL > 100");

        Assert.Equal([["GS", "LINES"], ["GS", "ORDERS"]], Rows(await Schema(flavor, connection, "Tables", "GS"), "SCHEMA_NAME", "TABLE_NAME"));
        Assert.Equal([["GS", "ORDERS"]], Rows(await Schema(flavor, connection, "tables", "GS", "ORDERS"), "SCHEMA_NAME", "TABLE_NAME"));

        var columns = await Schema(flavor, connection, "Columns", "GS", "ORDERS");
        Assert.Equal([["ID", "INTEGER", 10, "FALSE"], ["CUSTOMER", "NVARCHAR", 40, "FALSE"], ["TOTAL", "DECIMAL", 12, "TRUE"]],
            Rows(columns, "COLUMN_NAME", "DATA_TYPE_NAME", "LENGTH", "IS_NULLABLE"));
        Assert.Equal(typeof(int), columns.Columns["LENGTH"]!.DataType);
        Assert.Equal([["TOTAL", 2]], Rows(await Schema(flavor, connection, "Columns", null, "ORDERS", "TOTAL"), "COLUMN_NAME", "SCALE"));

        Assert.Equal([["BIG_ORDERS"]], Rows(await Schema(flavor, connection, "Views", "GS"), "VIEW_NAME"));

        var indexes = Rows(await Schema(flavor, connection, "Indexes", "GS", "ORDERS"), "INDEX_NAME", "CONSTRAINT");
        Assert.Equal(2, indexes.Count);
        Assert.Contains(["ORDERS_CUSTOMER", null], indexes);
        Assert.Contains(indexes, row => (string?)row[1] == "PRIMARY KEY");

        var key = Rows(await Schema(flavor, connection, "IndexColumns", "GS", "LINES"), "COLUMN_NAME", "POSITION", "CONSTRAINT");
        Assert.Equal([["ORDER_ID", 1, "PRIMARY KEY"], ["LINE", 2, "PRIMARY KEY"]], key);

        var foreignKeys = Rows(await Schema(flavor, connection, "ForeignKeys", "GS"), "TABLE_NAME", "COLUMN_NAME", "REFERENCED_TABLE_NAME", "REFERENCED_COLUMN_NAME");
        Assert.Equal([["LINES", "ORDER_ID", "ORDERS", "ID"]], foreignKeys);

        Assert.Empty((await Schema(flavor, connection, "Tables", "NO_SUCH_SCHEMA")).Rows);
        await flavor.Close(connection);
    }

    [Fact]
    public async Task DriverAsyncRefusesTheBlockingGetSchema()
    {
        var connection = await Open(Flavor.Async);
        var error = Assert.Throws<NotSupportedException>(() => connection.GetSchema("Tables"));
        Assert.Contains("GetSchemaAsync", error.Message, StringComparison.Ordinal);
        await Flavor.Async.Close(connection);
    }
}
