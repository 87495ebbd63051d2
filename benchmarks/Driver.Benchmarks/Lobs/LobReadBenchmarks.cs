using BenchmarkDotNet.Attributes;
using AsyncHana = Driver.Async;
using SyncHana = Driver.Sync;

namespace Driver.Benchmarks.Lobs;

/// <summary>
/// Reading a 100 MB BLOB through <c>GetStream</c>, in the sync flavor and in the async flavor, from an in-process
/// test server. Memory stays bounded by the chunk size: the figure is allocations per whole read.
/// </summary>
[MemoryDiagnoser]
public class LobReadBenchmarks
{
    private const int Size = 100 << 20;
    private Driver.TestServer.TestServer? _server;
    private SyncHana.HanaConnection? _sync;
    private AsyncHana.HanaConnection? _async;
    private readonly byte[] _buffer = new byte[1 << 20];

    [GlobalSetup]
    public async Task Setup()
    {
        _server = await Driver.TestServer.TestServer.StartAsync();
        var connectionString = _server.ConnectionString + ";Command Timeout=600;Pooling=false";
        _sync = new SyncHana.HanaConnection(connectionString);
        _sync.Open();
        using (var create = new SyncHana.HanaCommand("CREATE COLUMN TABLE BENCH_LOB (ID INTEGER PRIMARY KEY, B BLOB)", _sync))
        {
            create.ExecuteNonQuery();
        }
        var data = new byte[Size];
        new Random(11).NextBytes(data);
        using (var insert = new SyncHana.HanaCommand("INSERT INTO BENCH_LOB VALUES (1, ?)", _sync))
        {
            insert.Parameters.AddWithValue(data);
            insert.ExecuteNonQuery();
        }
        _async = new AsyncHana.HanaConnection(connectionString);
        await _async.OpenAsync();
    }

    [Benchmark]
    public long ReadSync()
    {
        using var command = new SyncHana.HanaCommand("SELECT B FROM BENCH_LOB WHERE ID = 1", _sync);
        using var reader = command.ExecuteReader();
        reader.Read();
        using var stream = reader.GetStream(0);
        long total = 0;
        int read;
        while ((read = stream.Read(_buffer, 0, _buffer.Length)) > 0)
        {
            total += read;
        }
        return total;
    }

    [Benchmark]
    public async Task<long> ReadAsync()
    {
        await using var command = new AsyncHana.HanaCommand("SELECT B FROM BENCH_LOB WHERE ID = 1", _async);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        await using var stream = reader.GetStream(0);
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(_buffer.AsMemory())) > 0)
        {
            total += read;
        }
        return total;
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _sync?.Dispose();
        if (_async is not null)
        {
            await _async.DisposeAsync();
        }
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
