using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using AsyncHana = Driver.Async;
using SyncHana = Driver.Sync;

namespace Driver.Benchmarks.Http;

/// <summary>
/// The HTTP load benchmark's app: <c>http-serve --hana CONNECTION_STRING --port P</c>. ASP.NET Core minimal API on
/// Kestrel, the same code path as the WebApi sample (docs/examples/WebApi: one pooled data source per application,
/// a connection rented per request), with the same endpoint twice:
/// <c>GET /async/point/{id}</c> on Driver.Async (awaits all the way) and <c>GET /sync/point/{id}</c> on Driver.Sync
/// (a synchronous handler: ASP.NET Core runs it on a thread-pool thread, which blocks in the pool and on the socket).
/// Both select one row by primary key with a parameter and return its NVARCHAR value as text.
/// </summary>
internal static class HttpBenchApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Compare.ClientCommand.ParseOptions(args);
        var port = Compare.ClientCommand.Int(options, "port", 5080);
        var connectionString = options["hana"];
        // a variant may add connection string keys for this process (--variant nocache:HANA_BENCH_CONNECTION_EXTRA=statementCacheSize=0)
        connectionString += Environment.GetEnvironmentVariable("HANA_BENCH_CONNECTION_EXTRA") is { Length: > 0 } extra ? ";" + extra : string.Empty;
        var sql = Compare.BenchmarkData.PointSql;

        var builder = WebApplication.CreateSlimBuilder();
        // no console logging per request: the benchmark measures the driver and the server, not the logger
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        builder.Services.AddSingleton(new AsyncHana.HanaDataSource(connectionString));
        builder.Services.AddSingleton(new SyncHana.HanaDataSource(connectionString));
        await using var app = builder.Build();

        app.MapGet("/async/point/{id:int}", async (int id, AsyncHana.HanaDataSource source, CancellationToken cancellationToken) =>
        {
            await using var connection = await source.OpenConnectionAsync(cancellationToken);
            await using var command = new AsyncHana.HanaCommand(sql, connection);
            command.Parameters.Add(new AsyncHana.HanaParameter { Value = id });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? reader.GetString(1) : "none";
        });
        app.MapGet("/sync/point/{id:int}", (int id, SyncHana.HanaDataSource source) =>
        {
            using var connection = source.OpenConnection();
            using var command = new SyncHana.HanaCommand(sql, connection);
            command.Parameters.Add(new SyncHana.HanaParameter { Value = id });
            using var reader = command.ExecuteReader();
            return reader.Read() ? reader.GetString(1) : "none";
        });

        await app.StartAsync();
        ThreadPool.GetMinThreads(out var workers, out _);
        Console.WriteLine($"listening on 127.0.0.1:{port} (thread pool minimum {workers} workers)");
        // runs until the harness closes standard input (or kills the process)
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
        return 0;
    }
}
