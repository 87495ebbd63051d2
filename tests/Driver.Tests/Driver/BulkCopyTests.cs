using System.Data;
using System.Data.Common;
using Driver.TestServer;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// HanaBulkCopy against the test server, one body per flavor: each source (DataTable, DataRow[], a reader) with
/// mappings, batches of BatchSize rows in batch EXECUTEs, NotifyAfter and Abort, LOB columns, a failing row, a timeout.
/// </summary>
public class BulkCopyTests : DriverTestBase
{
    private static DataTable Source(int rows)
    {
        var table = new DataTable();
        table.Columns.Add("Key", typeof(int));
        table.Columns.Add("Text", typeof(string));
        table.Columns.Add("Ignored", typeof(string));
        for (var i = 0; i < rows; i++)
        {
            table.Rows.Add(i, i % 10 == 0 ? null : "t" + i, "x");
        }
        return table;
    }

    private static async Task<DbConnection> WithTable(Flavor flavor, DbConnection connection)
    {
        await flavor.Execute(connection, "CREATE TABLE BC (ID INTEGER PRIMARY KEY, TXT NVARCHAR(20), FILLED NVARCHAR(5) DEFAULT 'd')");
        return connection;
    }

    private static async Task<long> Count(Flavor flavor, DbConnection connection) => Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM BC"));

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ADataTableGoesInBatchesThroughItsMappings(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await WithTable(flavor, await Open(flavor));
        var copy = DataSetFlavor.BulkCopy(flavor, connection, "BC");
        copy.BatchSize = 400;
        copy.ColumnMappings.Add("Key", "ID");
        copy.ColumnMappings.Add(1, "txt");
        var before = DataSetFlavor.RoundTrips(flavor, connection);
        await DataSetFlavor.Write(flavor, copy, Source(1000));
        // PREPARE of the probe, PREPARE of the INSERT, three batch EXECUTEs (400, 400, 200)
        Assert.InRange(DataSetFlavor.RoundTrips(flavor, connection) - before, 5, 6);
        Assert.Equal(1000L, (long)copy.RowsCopied);
        Assert.Equal(1000L, await Count(flavor, connection));
        var rows = await flavor.Query(connection, "SELECT ID, TXT, FILLED FROM BC WHERE ID IN (10, 11) ORDER BY ID");
        Assert.Equal([10, null, "d"], [Convert.ToInt32(rows[0][0]), rows[0][1], rows[0][2]]);
        Assert.Equal("t11", rows[1][1]);
        ((IDisposable)copy).Dispose();
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task RowsAndAReaderCopyByOrdinalWithoutMappings(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await WithTable(flavor, await Open(flavor));
        var table = Source(50);
        table.Columns.Remove("Ignored");
        var copy = DataSetFlavor.BulkCopy(flavor, connection, "BC");
        await DataSetFlavor.Write(flavor, copy, table.Select("Key < 20"));
        Assert.Equal(20L, await Count(flavor, connection));

        // a reader of this driver as the source: another table of the same server
        await flavor.Execute(connection, "CREATE TABLE BC2 (ID INTEGER PRIMARY KEY, TXT NVARCHAR(20), FILLED NVARCHAR(5))");
        var second = await Open(flavor);
        using var query = flavor.Command(second, "SELECT ID + 100, TXT FROM BC ORDER BY ID");
        var reader = await flavor.ExecuteReader(query);
        var into = DataSetFlavor.BulkCopy(flavor, connection, "\"BC2\"");
        into.BatchSize = 7;
        await DataSetFlavor.Write(flavor, into, reader);
        await flavor.CloseReader(reader);
        Assert.Equal(20L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM BC2 WHERE ID >= 100 AND FILLED IS NULL")));
        await flavor.Close(second);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task NotifyAfterRaisesTheEventAtEachCountAndAbortStopsTheCopy(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await WithTable(flavor, await Open(flavor));
        var copy = DataSetFlavor.BulkCopy(flavor, connection, "BC");
        copy.BatchSize = 1000;
        copy.NotifyAfter = 30;
        copy.ColumnMappings.Add(0, 0);
        var seen = new List<long>();
        DataSetFlavor.OnRowsCopied(flavor, (object)copy, rows =>
        {
            seen.Add(rows);
            return rows == 90;
        });
        var error = await Assert.ThrowsAsync<OperationCanceledException>(() => DataSetFlavor.Write(flavor, copy, Source(200)));
        Assert.Contains("90 rows were copied", error.Message);
        Assert.Equal([30L, 60L, 90L], seen);
        Assert.Equal(90L, await Count(flavor, connection));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task LobColumnsAreCopied(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE BL (ID INTEGER PRIMARY KEY, DOC NCLOB, BIN BLOB)");
        var table = new DataTable();
        table.Columns.Add("ID", typeof(int));
        table.Columns.Add("DOC", typeof(string));
        table.Columns.Add("BIN", typeof(byte[]));
        var text = new string('é', 1_500_000);
        var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray();
        table.Rows.Add(1, text, bytes);
        table.Rows.Add(2, "short", null);
        table.Rows.Add(3, text, bytes);
        var copy = DataSetFlavor.BulkCopy(flavor, connection, "BL");
        await DataSetFlavor.Write(flavor, copy, table);
        var rows = await flavor.Query(connection, "SELECT ID, DOC, BIN FROM BL ORDER BY ID");
        Assert.Equal(3, rows.Count);
        Assert.Equal(text, rows[0][1]);
        Assert.Equal(bytes, rows[2][2]);
        Assert.Equal(("short", null), (rows[1][1], rows[1][2]));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AFailingRowSaysWhichSourceRowAndWhatIsOnTheServer(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await WithTable(flavor, await Open(flavor));
        await flavor.Execute(connection, "INSERT INTO BC (ID) VALUES (25)");
        var copy = DataSetFlavor.BulkCopy(flavor, connection, "BC");
        copy.BatchSize = 10;
        copy.ColumnMappings.Add("Key", "ID");
        var error = await Assert.ThrowsAnyAsync<DbException>(() => DataSetFlavor.Write(flavor, copy, Source(100)));
        Assert.Equal("HanaBatchException", error.GetType().Name);
        Assert.Equal(301, flavor.ErrorCode(error));
        Assert.Contains("source rows 20..29", error.Message);
        Assert.Contains("first row 25", error.Message);
        Assert.Contains("29 rows are on the server", error.Message);
        Assert.Equal(25, flavor.BatchFailure(error)!.Value.Errors.Single().Row);
        // rows 0..19 (two batches) and the batch's nine others, plus the row that was there
        Assert.Equal(30L, await Count(flavor, connection));
        Assert.Equal(29L, (long)copy.RowsCopied);

        // a table that does not exist: the server's error, before any row is sent
        copy.DestinationTableName = "NO_SUCH_TABLE";
        await Assert.ThrowsAnyAsync<DbException>(() => DataSetFlavor.Write(flavor, copy, Source(1)));
        // a mapping to a column the table lacks: named in the message
        copy.DestinationTableName = "BC";
        copy.ColumnMappings.Add("Text", "NOPE");
        var mapping = await Assert.ThrowsAsync<InvalidOperationException>(() => DataSetFlavor.Write(flavor, copy, Source(1)));
        Assert.Contains("'NOPE'", mapping.Message);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task BulkCopyTimeoutBoundsABatch(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await WithTable(flavor, await Open(flavor));
        var copy = DataSetFlavor.BulkCopy(flavor, connection, "BC");
        copy.BulkCopyTimeout = 1;
        copy.ColumnMappings.Add("Key", "ID");
        Server.Faults.ForConnection(flavor.ConnectionId(connection), new SessionFaults { StallReply = TimeSpan.FromMinutes(2), StallCount = 1 });
        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAnyAsync<DbException>(() => DataSetFlavor.Write(flavor, copy, Source(5)));
        Assert.Contains("Command Timeout", error.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
        connection.Dispose();
    }
}
