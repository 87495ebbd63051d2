using System.Data;
using System.Data.Common;

namespace Driver.Tests.PublicApi;

/// <summary>GetColumnSchema and GetSchemaTable from the result metadata (§6.21), without a round trip, in both flavors.</summary>
public class ColumnSchemaTests : DriverTestBase
{
    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ColumnSchemaDescribesBaseColumnsTypesAndNullability(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE SCHEMA_T (ID INTEGER NOT NULL PRIMARY KEY, NAME NVARCHAR(20), PRICE DECIMAL(10,2) NOT NULL, DATA BLOB, CREATED TIMESTAMP)");
        using var command = flavor.Command(connection, "SELECT ID, NAME AS LABEL, PRICE, DATA, CREATED, ID + 1 AS NEXT_ID FROM SCHEMA_T");
        var reader = await flavor.ExecuteReader(command);
        var schema = ((dynamic)reader).GetColumnSchema();
        var columns = ((IEnumerable<DbColumn>)schema).ToList();
        Assert.Equal(6, columns.Count);

        var id = columns[0];
        Assert.Equal("ID", id.ColumnName);
        Assert.Equal(0, id.ColumnOrdinal);
        Assert.Equal("SCHEMA_T", id.BaseTableName);
        Assert.Equal("SYSTEM", id.BaseSchemaName);
        Assert.Equal("ID", id.BaseColumnName);
        Assert.False(id.AllowDBNull);
        Assert.Equal(typeof(int), id.DataType);
        Assert.Equal("INTEGER", id.DataTypeName);
        Assert.Equal(0, id.NumericScale);
        Assert.False(id.IsAliased);
        Assert.False(id.IsExpression);
        Assert.Null(id.IsKey); // the result metadata does not say; see GetColumnSchema's doc

        var label = columns[1];
        Assert.Equal("LABEL", label.ColumnName);
        Assert.Equal("NAME", label.BaseColumnName);
        Assert.True(label.IsAliased);
        Assert.True(label.AllowDBNull);
        Assert.Equal(20, label.ColumnSize);
        Assert.Equal("NVARCHAR", label.DataTypeName);
        Assert.Null(label.NumericPrecision);

        var price = columns[2];
        Assert.Equal(10, price.NumericPrecision);
        Assert.Equal(2, price.NumericScale);
        Assert.Equal(typeof(decimal), price.DataType);
        Assert.Equal("DECIMAL", price.DataTypeName);
        Assert.False(price.AllowDBNull);

        var data = columns[3];
        Assert.True(data.IsLong);
        Assert.Equal(int.MaxValue, data.ColumnSize);
        Assert.Equal(typeof(byte[]), data.DataType);
        Assert.Equal("BLOB", data.DataTypeName);

        Assert.Equal("TIMESTAMP", columns[4].DataTypeName);
        Assert.Equal(typeof(DateTime), columns[4].DataType);

        var next = columns[5];
        Assert.Equal("NEXT_ID", next.ColumnName);
        Assert.True(next.IsExpression);
        Assert.Null(next.BaseColumnName);

        var table = reader.GetSchemaTable()!;
        Assert.Equal(6, table.Rows.Count);
        Assert.Equal("LABEL", table.Rows[1][SchemaTableColumn.ColumnName]);
        Assert.Equal("NAME", table.Rows[1][SchemaTableColumn.BaseColumnName]);
        Assert.Equal("SCHEMA_T", table.Rows[1][SchemaTableColumn.BaseTableName]);
        Assert.Equal(10, table.Rows[2][SchemaTableColumn.NumericPrecision]);
        Assert.Equal(2, table.Rows[2][SchemaTableColumn.NumericScale]);
        Assert.Equal(false, table.Rows[2][SchemaTableColumn.AllowDBNull]);
        Assert.Equal(typeof(byte[]), table.Rows[3][SchemaTableColumn.DataType]);
        Assert.Equal(true, table.Rows[3][SchemaTableColumn.IsLong]);
        Assert.Equal(DBNull.Value, table.Rows[0][SchemaTableColumn.IsKey]);
        Assert.Equal(DBNull.Value, table.Rows[5][SchemaTableColumn.BaseColumnName]);

        // DataTable.Load reads the schema table to build its columns
        var loaded = new DataTable();
        await flavor.CloseReader(reader);
        await flavor.Execute(connection, "INSERT INTO SCHEMA_T VALUES (1, 'one', 1.50, NULL, NULL)");
        if (!flavor.IsAsync)
        {
            using var again = await flavor.ExecuteReader(flavor.Command(connection, "SELECT ID, NAME AS LABEL, PRICE FROM SCHEMA_T"));
            loaded.Load(again);
            Assert.Equal(["ID", "LABEL", "PRICE"], loaded.Columns.Cast<DataColumn>().Select(column => column.ColumnName));
            Assert.Equal(typeof(decimal), loaded.Columns["PRICE"]!.DataType);
            Assert.Equal(1.50m, loaded.Rows[0]["PRICE"]);
        }
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task KeyInfoReadsTheKeyColumnsFromTheCatalog(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE KEYS_T (A INTEGER NOT NULL, B INTEGER NOT NULL, CODE NVARCHAR(8) NOT NULL UNIQUE, NOTE NVARCHAR(20), PRIMARY KEY (A, B))");
        await flavor.Execute(connection, "INSERT INTO KEYS_T VALUES (1, 2, 'x', 'n')");
        using var command = flavor.Command(connection, "SELECT A, B, CODE, NOTE, A + B AS S FROM KEYS_T");
        var reader = flavor.IsAsync
            ? await command.ExecuteReaderAsync(CommandBehavior.KeyInfo)
            : command.ExecuteReader(CommandBehavior.KeyInfo);
        var columns = ((IEnumerable<DbColumn>)((dynamic)reader).GetColumnSchema()).ToList();
        Assert.Equal([true, true, false, false, null], columns.Select(column => column.IsKey));
        Assert.Equal([false, false, true, false, null], columns.Select(column => column.IsUnique));
        var table = reader.GetSchemaTable()!;
        Assert.Equal(true, table.Rows[0][SchemaTableColumn.IsKey]);
        Assert.Equal(false, table.Rows[3][SchemaTableColumn.IsKey]);
        // the reader still reads its rows after the catalog query ran beside it
        Assert.True(await flavor.Read(reader));
        Assert.Equal("x", reader.GetString(2));
        await flavor.CloseReader(reader);

        // without KeyInfo nothing is asked: unknown
        var plain = await flavor.ExecuteReader(flavor.Command(connection, "SELECT A FROM KEYS_T"));
        Assert.Null(((IEnumerable<DbColumn>)((dynamic)plain).GetColumnSchema()).Single().IsKey);
        await flavor.CloseReader(plain);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AStatementWithoutResultHasNoSchemaTable(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        var reader = await flavor.ExecuteReader(flavor.Command(connection, "CREATE TABLE SCHEMA_NONE (A INTEGER)"));
        Assert.Null(reader.GetSchemaTable());
        Assert.Empty(((IEnumerable<DbColumn>)((dynamic)reader).GetColumnSchema()));
        await flavor.CloseReader(reader);
        await flavor.Close(connection);
    }
}
