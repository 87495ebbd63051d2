using BenchmarkDotNet.Attributes;
using Dapper;
using AsyncHana = Driver.Async;
using SyncHana = Driver.Sync;

namespace Driver.Benchmarks.Mapping;

/// <summary>
/// 10,000 rows of (INTEGER, NVARCHAR(20), DECIMAL(18,4), TIMESTAMP) from an in-process test server into records:
/// by hand with the typed getters (the floor), through the driver's compiled row mapper (<c>Query&lt;T&gt;</c>,
/// <c>QueryAsync&lt;T&gt;</c>), and through Dapper. The server's share is the same for every method, so the
/// differences are the mapping's cost.
/// </summary>
[MemoryDiagnoser]
public class RowMappingBenchmarks
{
    private const int Rows = 10_000;
    private const string Select = "SELECT ID, NAME, AMOUNT, CREATED FROM BENCH_MAP ORDER BY ID";
    private Driver.TestServer.TestServer? _server;
    private SyncHana.HanaConnection _sync = null!;
    private AsyncHana.HanaConnection _async = null!;

    public sealed record Row(int Id, string Name, decimal Amount, DateTime Created);

    [GlobalSetup]
    public async Task Setup()
    {
        _server = await Driver.TestServer.TestServer.StartAsync();
        var connectionString = _server.ConnectionString + ";Pooling=false;FetchSize=2000";
        _sync = new SyncHana.HanaConnection(connectionString);
        _sync.Open();
        using (var create = new SyncHana.HanaCommand("CREATE COLUMN TABLE BENCH_MAP (ID INTEGER PRIMARY KEY, NAME NVARCHAR(20), AMOUNT DECIMAL(18,4), CREATED TIMESTAMP)", _sync))
        {
            create.ExecuteNonQuery();
        }
        using (var insert = new SyncHana.HanaCommand("INSERT INTO BENCH_MAP VALUES (?, ?, ?, ?)", _sync))
        {
            var start = new DateTime(2026, 1, 1, 8, 0, 0);
            insert.ExecuteBatch(Enumerable.Range(0, Rows).Select(i => new object?[] { i, $"name {i:D6}", i * 1.2345m, start.AddSeconds(i) }));
        }
        _async = new AsyncHana.HanaConnection(connectionString);
        await _async.OpenAsync();
    }

    [Benchmark(Baseline = true)]
    public int SyncTypedGetters()
    {
        using var command = new SyncHana.HanaCommand(Select, _sync);
        using var reader = command.ExecuteReader();
        var count = 0;
        while (reader.Read())
        {
            var row = new Row(reader.GetInt32(0), reader.GetString(1), reader.GetDecimal(2), reader.GetDateTime(3));
            count += row.Id >= 0 ? 1 : 0;
        }
        return count;
    }

    [Benchmark]
    public int SyncQueryOfT()
    {
        using var command = new SyncHana.HanaCommand(Select, _sync);
        var count = 0;
        foreach (var row in command.Query<Row>())
        {
            count += row.Id >= 0 ? 1 : 0;
        }
        return count;
    }

    [Benchmark]
    public int SyncDapperUnbuffered()
    {
        var count = 0;
        foreach (var row in _sync.Query<Row>(Select, buffered: false))
        {
            count += row.Id >= 0 ? 1 : 0;
        }
        return count;
    }

    [Benchmark]
    public async Task<int> AsyncTypedGetters()
    {
        await using var command = new AsyncHana.HanaCommand(Select, _async);
        await using var reader = await command.ExecuteReaderAsync();
        var count = 0;
        while (await reader.ReadAsync())
        {
            var row = new Row(reader.GetInt32(0), reader.GetString(1), reader.GetDecimal(2), reader.GetDateTime(3));
            count += row.Id >= 0 ? 1 : 0;
        }
        return count;
    }

    [Benchmark]
    public async Task<int> AsyncQueryOfT()
    {
        await using var command = new AsyncHana.HanaCommand(Select, _async);
        var count = 0;
        await foreach (var row in command.QueryAsync<Row>())
        {
            count += row.Id >= 0 ? 1 : 0;
        }
        return count;
    }

    [Benchmark]
    public async Task<int> AsyncDapperUnbuffered()
    {
        var count = 0;
        await foreach (var row in _async.QueryUnbufferedAsync<Row>(Select))
        {
            count += row.Id >= 0 ? 1 : 0;
        }
        return count;
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _sync.Dispose();
        await _async.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
