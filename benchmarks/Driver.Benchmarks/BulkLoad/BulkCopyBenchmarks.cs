using System.Data;
using BenchmarkDotNet.Attributes;
using SyncHana = Driver.Sync;

namespace Driver.Benchmarks.BulkLoad;

/// <summary>
/// Rows/s loading 2,000 rows (INTEGER, NVARCHAR(20)) into a table of an in-process test server (Driver.Sync):
/// HanaBulkCopy from a DataTable (batches of 1,000), a loop of prepared single-row inserts, and the batch path
/// (HanaCommand.ExecuteBatch, one batch EXECUTE). Per-row time: OperationsPerInvoke = rows.
/// </summary>
[MemoryDiagnoser]
public class BulkCopyBenchmarks
{
    private const int Rows = 2000;
    private Driver.TestServer.TestServer? _server;
    private SyncHana.HanaConnection? _connection;
    private DataTable _table = new();
    private List<object?[]> _rows = new();

    [GlobalSetup]
    public async Task Setup()
    {
        _server = await Driver.TestServer.TestServer.StartAsync();
        _connection = new SyncHana.HanaConnection(_server.ConnectionString + ";Command Timeout=600;Pooling=false");
        _connection.Open();
        using (var create = new SyncHana.HanaCommand("CREATE COLUMN TABLE BENCH_BULK (ID INTEGER, NAME NVARCHAR(20))", _connection))
        {
            create.ExecuteNonQuery();
        }
        _table.Columns.Add("ID", typeof(int));
        _table.Columns.Add("NAME", typeof(string));
        for (var i = 0; i < Rows; i++)
        {
            _table.Rows.Add(i, "name " + i);
            _rows.Add([i, "name " + i]);
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _connection?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public long BulkCopy()
    {
        using var copy = new SyncHana.HanaBulkCopy(_connection!) { DestinationTableName = "BENCH_BULK", BatchSize = 1000 };
        copy.WriteToServer(_table);
        return copy.RowsCopied;
    }

    [Benchmark(OperationsPerInvoke = Rows, Baseline = true)]
    public int PreparedSingleRowInserts()
    {
        using var insert = new SyncHana.HanaCommand("INSERT INTO BENCH_BULK VALUES (?, ?)", _connection);
        var id = new SyncHana.HanaParameter("ID", null);
        var name = new SyncHana.HanaParameter("NAME", null);
        insert.Parameters.Add(id);
        insert.Parameters.Add(name);
        insert.Prepare();
        var total = 0;
        foreach (var row in _rows)
        {
            id.Value = row[0];
            name.Value = row[1];
            total += insert.ExecuteNonQuery();
        }
        return total;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public long BatchPath()
    {
        using var insert = new SyncHana.HanaCommand("INSERT INTO BENCH_BULK VALUES (?, ?)", _connection);
        return insert.ExecuteBatch(_rows);
    }
}
