// A program written against SAP's ADO.NET provider (Sap.Data.Hana), moved to this driver by changing the using below
// and nothing else (docs/migrating-from-sap-provider.md). It uses the names such programs use: HanaConnection,
// HanaCommand, HanaParameter with HanaDbType and Direction, CommandType.StoredProcedure, HanaDataAdapter with
// HanaCommandBuilder, HanaBulkCopy with column mappings and its HanaRowsCopied event. MigrationSampleTests runs it.
using System.Data;
using Driver.Sync; // was: using Sap.Data.Hana;

namespace Driver.Tests.Docs.Migration;

/// <summary>What the sample saw, for the test to check.</summary>
public sealed record SapProviderSampleResult(int Inserted, decimal Total, string? Name, int FilledRows, int UpdatedRows, long BulkRows, int Notifications);

/// <summary>The sample program's body.</summary>
public static class SapProviderSample
{
    /// <summary>Runs the sample against <paramref name="connectionString"/>.</summary>
    public static SapProviderSampleResult Run(string connectionString)
    {
        using var connection = new HanaConnection(connectionString);
        connection.Open();

        using (var ddl = connection.CreateCommand())
        {
            ddl.CommandText = "CREATE COLUMN TABLE ITEMS (ID INTEGER PRIMARY KEY, NAME NVARCHAR(40), PRICE DECIMAL(10,2))";
            ddl.ExecuteNonQuery();
            ddl.CommandText = "CREATE PROCEDURE ITEM_STATS (IN MIN_PRICE DECIMAL(10,2), OUT TOTAL DECIMAL(10,2), OUT FIRST_NAME NVARCHAR(40)) " +
                              "LANGUAGE SQLSCRIPT READS SQL DATA AS BEGIN " +
                              "SELECT SUM(PRICE) INTO TOTAL FROM ITEMS WHERE PRICE >= :MIN_PRICE; " +
                              "SELECT MIN(NAME) INTO FIRST_NAME FROM ITEMS WHERE PRICE >= :MIN_PRICE; END";
            ddl.ExecuteNonQuery();
        }

        // typed parameters, as SAP's provider declares them
        var inserted = 0;
        using (var insert = new HanaCommand("INSERT INTO ITEMS VALUES (?, ?, ?)", connection))
        {
            insert.Parameters.Add(new HanaParameter("ID", HanaDbType.Integer));
            insert.Parameters.Add(new HanaParameter("NAME", HanaDbType.NVarChar, 40));
            insert.Parameters.Add(new HanaParameter("PRICE", HanaDbType.Decimal));
            foreach (var (id, name, price) in new[] { (1, "Anvil", 120.50m), (2, "Bellows", 35.00m), (3, "Chisel", 12.25m) })
            {
                insert.Parameters[0].Value = id;
                insert.Parameters[1].Value = name;
                insert.Parameters[2].Value = price;
                inserted += insert.ExecuteNonQuery();
            }
        }

        // a procedure with OUT parameters
        decimal total;
        string? firstName;
        using (var call = new HanaCommand("ITEM_STATS", connection) { CommandType = CommandType.StoredProcedure })
        {
            call.Parameters.Add(new HanaParameter("MIN_PRICE", HanaDbType.Decimal) { Value = 20m });
            var totalParameter = call.Parameters.Add(new HanaParameter("TOTAL", HanaDbType.Decimal) { Direction = ParameterDirection.Output });
            var nameParameter = call.Parameters.Add(new HanaParameter("FIRST_NAME", HanaDbType.NVarChar, 40) { Direction = ParameterDirection.Output });
            call.ExecuteNonQuery();
            total = (decimal)totalParameter.Value!;
            firstName = nameParameter.Value as string;
        }

        // DataSet code: fill, change, write back with generated statements
        int filled;
        int updated;
        using (var adapter = new HanaDataAdapter("SELECT ID, NAME, PRICE FROM ITEMS", connection))
        using (var builder = new HanaCommandBuilder(adapter))
        {
            var table = new DataTable();
            filled = adapter.Fill(table);
            table.Rows[0]["PRICE"] = 99.99m;
            table.Rows.Add(4, "Drill", 80m);
            updated = adapter.Update(table);
        }

        // bulk load with mappings and progress events
        var notifications = 0;
        var source = new DataTable();
        source.Columns.Add("ItemId", typeof(int));
        source.Columns.Add("ItemName", typeof(string));
        source.Columns.Add("ItemPrice", typeof(decimal));
        for (var i = 0; i < 250; i++)
        {
            source.Rows.Add(1000 + i, "Bulk " + i, 1m + i);
        }
        long bulkRows;
        using (var bulk = new HanaBulkCopy(connection) { DestinationTableName = "ITEMS", BatchSize = 100, NotifyAfter = 100 })
        {
            bulk.ColumnMappings.Add("ItemId", "ID");
            bulk.ColumnMappings.Add("ItemName", "NAME");
            bulk.ColumnMappings.Add("ItemPrice", "PRICE");
            bulk.HanaRowsCopied += (_, e) => notifications++;
            bulk.WriteToServer(source);
            bulkRows = bulk.RowsCopied;
        }

        return new SapProviderSampleResult(inserted, total, firstName, filled, updated, bulkRows, notifications);
    }
}
