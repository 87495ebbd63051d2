using System.Data;
using System.Data.Common;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// HanaDataAdapter and HanaCommandBuilder against the test server, one body per flavor: Fill, FillSchema, Update
/// (insert, update, delete, in batch EXECUTEs), concurrency violations, failing rows, DataTable.Load.
/// </summary>
public class DataAdapterTests : DriverTestBase
{
    private static async Task<DbConnection> WithTable(Flavor flavor, DbConnection connection, int rows)
    {
        await flavor.Execute(connection, "CREATE TABLE DA (ID INTEGER NOT NULL PRIMARY KEY, NAME NVARCHAR(20), PRICE DECIMAL(10,2))");
        for (var i = 1; i <= rows; i++)
        {
            await flavor.Execute(connection, "INSERT INTO DA VALUES (?, ?, ?)", i, "n" + i, i * 1.5m);
        }
        return connection;
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task FillReadsEveryRowWithTheKeyAndFillSchemaTheColumns(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await WithTable(flavor, await Open(flavor), 1200);
        using var select = flavor.Command(connection, "SELECT ID, NAME, PRICE FROM DA ORDER BY ID");
        var adapter = DataSetFlavor.Adapter(flavor, select);
        adapter.MissingSchemaAction = MissingSchemaAction.AddWithKey;
        var table = new DataTable();
        // 1,200 rows: more than one chunk of the awaited fill (1,000) and more than one fetch page
        Assert.Equal(1200, await DataSetFlavor.Fill(flavor, adapter, table));
        Assert.Equal(1200, table.Rows.Count);
        Assert.Equal(["ID", "NAME", "PRICE"], table.Columns.Cast<DataColumn>().Select(c => c.ColumnName));
        Assert.Equal(typeof(decimal), table.Columns["PRICE"]!.DataType);
        Assert.Equal("ID", Assert.Single(table.PrimaryKey).ColumnName);
        Assert.Equal(("n1200", 1800m), ((string)table.Rows[1199]["NAME"], (decimal)table.Rows[1199]["PRICE"]));

        // filling again refreshes by key rather than adding rows
        await flavor.Execute(connection, "UPDATE DA SET NAME = 'changed' WHERE ID = 7");
        Assert.Equal(1200, await DataSetFlavor.Fill(flavor, adapter, table));
        Assert.Equal(1200, table.Rows.Count);
        Assert.Equal("changed", table.Rows.Find(7)!["NAME"]);

        var set = new DataSet();
        Assert.Equal(1200, await DataSetFlavor.Fill(flavor, adapter, set));
        Assert.Equal("Table", Assert.Single(set.Tables.Cast<DataTable>()).TableName);

        var schema = new DataTable();
        await DataSetFlavor.FillSchema(flavor, adapter, schema);
        Assert.Equal(0, schema.Rows.Count);
        Assert.Equal(3, schema.Columns.Count);
        Assert.Equal("ID", Assert.Single(schema.PrimaryKey).ColumnName);
        Assert.False(schema.Columns["ID"]!.AllowDBNull);
        Assert.Equal(20, schema.Columns["NAME"]!.MaxLength);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task DataTableLoadReadsTheRowsLobsIncluded(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE DL (ID INTEGER PRIMARY KEY, DOC NCLOB)");
        var big = new string('x', 300_000);
        await flavor.Execute(connection, "INSERT INTO DL VALUES (?, ?)", 1, big);
        await flavor.Execute(connection, "INSERT INTO DL VALUES (?, ?)", 2, null);
        var table = await DataSetFlavor.Load(flavor, connection, "SELECT ID, DOC FROM DL ORDER BY ID");
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal(big, table.Rows[0]["DOC"]);
        Assert.Equal(DBNull.Value, table.Rows[1]["DOC"]);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task UpdateWithACommandBuilderInsertsUpdatesAndDeletesInBatches(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await WithTable(flavor, await Open(flavor), 10);
        using var select = flavor.Command(connection, "SELECT ID, NAME, PRICE FROM DA");
        var adapter = DataSetFlavor.Adapter(flavor, select);
        var builder = DataSetFlavor.Builder(flavor, adapter);
        adapter.UpdateBatchSize = 0;
        var table = new DataTable();
        await DataSetFlavor.Fill(flavor, adapter, table);
        for (var i = 100; i < 150; i++)
        {
            table.Rows.Add(i, "new" + i, 2m);
        }
        var before = DataSetFlavor.RoundTrips(flavor, connection);
        Assert.Equal(50, await DataSetFlavor.Update(flavor, adapter, table));
        // the builder's schema query (and its key lookup), then one PREPARE + one batch EXECUTE for 50 rows, not 50 EXECUTEs
        Assert.InRange(DataSetFlavor.RoundTrips(flavor, connection) - before, 2, 8);
        Assert.Equal(DataRowState.Unchanged, table.Rows[^1].RowState);

        foreach (DataRow row in table.Rows)
        {
            if ((int)row["ID"] <= 5)
            {
                row["NAME"] = "upd" + row["ID"];
            }
            else if ((int)row["ID"] <= 10)
            {
                row.Delete();
            }
        }
        Assert.Equal(10, await DataSetFlavor.Update(flavor, adapter, table));
        Assert.Equal(55, table.Rows.Count);
        var rows = await flavor.Query(connection, "SELECT ID, NAME FROM DA WHERE ID <= 10 ORDER BY ID");
        Assert.Equal([1, 2, 3, 4, 5], rows.Select(r => Convert.ToInt32(r[0])));
        Assert.Equal("upd3", rows[2][1]);
        Assert.Equal(55L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM DA")));
        Assert.Contains("\"DA\"", ((DbCommand)builder.GetType().GetMethod("GetInsertCommand", Type.EmptyTypes)!.Invoke(builder, null)!).CommandText);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AnUpdateOfARowChangedMeanwhileIsAConcurrencyViolationAndAFailingInsertKeepsItsError(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await WithTable(flavor, await Open(flavor), 3);
        using var select = flavor.Command(connection, "SELECT ID, NAME, PRICE FROM DA");
        var adapter = DataSetFlavor.Adapter(flavor, select);
        DataSetFlavor.Builder(flavor, adapter);
        var table = new DataTable();
        await DataSetFlavor.Fill(flavor, adapter, table);
        await flavor.Execute(connection, "UPDATE DA SET NAME = 'someone else' WHERE ID = 2");
        table.Rows[1]["NAME"] = "mine";
        var violation = await Assert.ThrowsAsync<DBConcurrencyException>(() => DataSetFlavor.Update(flavor, adapter, table));
        Assert.Contains("affected 0 of the expected 1", violation.Message);
        Assert.Equal(DataRowState.Modified, table.Rows[1].RowState);

        // a duplicate key among good rows: with ContinueUpdateOnError the good rows are accepted, the bad one keeps its error
        table.Rows[1].RejectChanges();
        adapter.UpdateBatchSize = 10;
        adapter.ContinueUpdateOnError = true;
        table.Rows.Add(10, "a", 1m);
        var duplicate = table.NewRow();
        duplicate.ItemArray = [1, "dup", 1m];
        table.Constraints.Clear();
        table.PrimaryKey = [];
        table.Rows.Add(duplicate);
        table.Rows.Add(11, "b", 1m);
        Assert.Equal(2, await DataSetFlavor.Update(flavor, adapter, table));
        Assert.True(duplicate.HasErrors);
        Assert.Contains("unique constraint", duplicate.RowError);
        Assert.Equal(DataRowState.Added, duplicate.RowState);
        Assert.Equal(5L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM DA")));

        // without it, the first failure is thrown after its batch
        adapter.ContinueUpdateOnError = false;
        var error = await Assert.ThrowsAnyAsync<DbException>(() => DataSetFlavor.Update(flavor, adapter, table));
        Assert.Equal(301, flavor.ErrorCode(error));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task TheUpdateStatementsAreMadeFromTheKeyAndAQueryWithoutAKeyIsRefused(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await WithTable(flavor, await Open(flavor), 1);
        await flavor.Execute(connection, "CREATE TABLE NOKEY (A INTEGER, B INTEGER)");
        await flavor.Execute(connection, "INSERT INTO NOKEY VALUES (1, 2)");
        using var select = flavor.Command(connection, "SELECT A, B FROM NOKEY");
        var adapter = DataSetFlavor.Adapter(flavor, select);
        DataSetFlavor.Builder(flavor, adapter);
        var table = new DataTable();
        await DataSetFlavor.Fill(flavor, adapter, table);
        table.Rows[0]["B"] = 3;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DataSetFlavor.Update(flavor, adapter, table));
        Assert.Contains("key", error.Message);
        await flavor.Close(connection);
    }

    [Fact]
    public async Task DriverAsyncRefusesTheBlockingMembersNamingTheAwaitableOnes()
    {
        await using var connection = new global::Driver.Async.HanaConnection(ConnectionString);
        await connection.OpenAsync();
        await using (var create = new global::Driver.Async.HanaCommand("CREATE TABLE RF (ID INTEGER PRIMARY KEY)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        using var adapter = new global::Driver.Async.HanaDataAdapter("SELECT ID FROM RF", connection);
        Assert.Contains("FillAsync", Assert.Throws<NotSupportedException>(() => adapter.Fill(new DataTable())).Message);
        Assert.Contains("FillSchemaAsync", Assert.Throws<NotSupportedException>(() => adapter.FillSchema(new DataTable(), SchemaType.Source)).Message);
        var changed = new DataTable();
        changed.Columns.Add("DUMMY", typeof(string));
        changed.Rows.Add("Y");
        Assert.Contains("UpdateAsync", Assert.Throws<NotSupportedException>(() => adapter.Update(changed)).Message);
        var builder = new global::Driver.Async.HanaCommandBuilder(adapter);
        Assert.Contains("LoadSchemaAsync", Assert.Throws<NotSupportedException>(() => builder.GetInsertCommand()).Message);
        await builder.LoadSchemaAsync();
        Assert.StartsWith("INSERT INTO \"SYSTEM\".\"RF\"", builder.GetInsertCommand().CommandText);
        using var copy = new global::Driver.Async.HanaBulkCopy(connection) { DestinationTableName = "DUMMY" };
        Assert.Contains("WriteToServerAsync", Assert.Throws<NotSupportedException>(() => copy.WriteToServer(new DataTable())).Message);
    }
}
