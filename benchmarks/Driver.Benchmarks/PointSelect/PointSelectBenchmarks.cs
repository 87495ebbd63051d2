using BenchmarkDotNet.Attributes;
using Driver.Benchmarks.Compare;
using AsyncHana = Driver.Async;
using SyncHana = Driver.Sync;

namespace Driver.Benchmarks.PointSelect;

/// <summary>
/// One prepared single-row select by primary key (the macro harness's point select), per flavor, with the default
/// Command Timeout (30 s) and without one. The test server runs as its own process, so the allocations the
/// MemoryDiagnoser reports are the client's alone: what the driver allocates per request.
/// </summary>
[MemoryDiagnoser]
public class PointSelectBenchmarks
{
    private const int Rows = 1000;
    private ServerProcess? _server;
    private SyncHana.HanaConnection? _sync;
    private SyncHana.HanaCommand? _syncCommand;
    private AsyncHana.HanaConnection? _async;
    private AsyncHana.HanaCommand? _asyncCommand;
    private int _next;

    /// <summary>The connection's Command Timeout in seconds; 0 means none.</summary>
    [Params(30, 0)]
    public int CommandTimeout { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _server = ServerProcess.Start();
        var connectionString = $"Server={_server.Host}:{_server.Port};UserName={_server.User};Password={_server.Password};Pooling=false;Command Timeout={CommandTimeout}";
        _sync = new SyncHana.HanaConnection(connectionString);
        _sync.Open();
        using (var create = new SyncHana.HanaCommand("CREATE COLUMN TABLE BENCH_POINT (ID INTEGER PRIMARY KEY, V NVARCHAR(20))", _sync))
        {
            create.ExecuteNonQuery();
        }
        using (var insert = new SyncHana.HanaCommand("INSERT INTO BENCH_POINT VALUES (?, ?)", _sync))
        {
            insert.Prepare();
            insert.ExecuteBatch(Enumerable.Range(0, Rows).Select(i => new object?[] { i, $"value {i}" }).ToList());
        }
        _syncCommand = new SyncHana.HanaCommand("SELECT ID, V FROM BENCH_POINT WHERE ID = ?", _sync);
        _syncCommand.Parameters.Add(_syncCommand.CreateParameter());
        _syncCommand.Prepare();
        _async = new AsyncHana.HanaConnection(connectionString);
        await _async.OpenAsync();
        _asyncCommand = new AsyncHana.HanaCommand("SELECT ID, V FROM BENCH_POINT WHERE ID = ?", _async);
        _asyncCommand.Parameters.Add(_asyncCommand.CreateParameter());
        await _asyncCommand.PrepareAsync();
    }

    [Benchmark(Baseline = true)]
    public string Sync()
    {
        _syncCommand!.Parameters[0].Value = _next++ % Rows;
        using var reader = _syncCommand.ExecuteReader();
        reader.Read();
        return reader.GetString(1);
    }

    [Benchmark]
    public async Task<string> Async()
    {
        _asyncCommand!.Parameters[0].Value = _next++ % Rows;
        await using var reader = await _asyncCommand.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader.GetString(1);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _syncCommand?.Dispose();
        _sync?.Dispose();
        if (_asyncCommand is not null)
        {
            await _asyncCommand.DisposeAsync();
        }
        if (_async is not null)
        {
            await _async.DisposeAsync();
        }
        _server?.Dispose();
    }
}
