using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Driver.Benchmarks.Http;

/// <summary>
/// The HTTP load benchmark (issue 18): <c>http-load [--seconds 30] [--warmup 5] [--connections 64,256]
/// [--endpoints async,sync] [--pool 16] [--variant LABEL:NAME=VALUE ...] [--out FILE.md]</c>. Three kinds of process:
/// the test server (loaded with the 10,000 point rows), the app (<see cref="HttpBenchApp"/>, started once per
/// variant: the default runtime settings, then each --variant's environment variable, set for the app only; each
/// endpoint driven for --warmup seconds, unmeasured, before the first step), and per endpoint and connection count a
/// load client (<see cref="HttpLoadClient"/>). Prints, and with --out writes, one
/// table: requests/s, p50/p99 latency, errors, and the app's CPU per request (the app process's CPU time in the
/// measured window ÷ requests), the database server's beside it.
/// </summary>
internal static class HttpLoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = 30;
        var warmup = 5;
        int[] connectionCounts = [64, 256];
        string[] endpoints = ["async", "sync"];
        var pool = 16;
        var latencyMs = 0.0;
        string? output = null;
        var variants = new List<(string Label, string? Name, string? Value)> { ("default", null, null) };
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds": seconds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--connections": connectionCounts = args[++i].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--endpoints": endpoints = args[++i].Split(','); break;
                case "--pool": pool = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--server-latency-ms": latencyMs = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--out": output = args[++i]; break;
                case "--no-default": variants.RemoveAll(v => v.Name is null); break;
                case "--variant":
                    var text = args[++i];
                    var colon = text.IndexOf(':');
                    var equals = text.IndexOf('=', colon + 1);
                    if (colon <= 0 || equals <= colon + 1)
                    {
                        Console.Error.WriteLine("--variant takes LABEL:NAME=VALUE");
                        return 2;
                    }
                    variants.Add((text.Substring(0, colon), text.Substring(colon + 1, equals - colon - 1), text.Substring(equals + 1)));
                    break;
                default:
                    Console.Error.WriteLine($"unknown argument {args[i]}\nusage: http-load [--seconds S] [--warmup W] [--connections N,..] [--endpoints async,sync] [--pool P] [--server-latency-ms MS] [--variant LABEL:NAME=VALUE ...] [--no-default] [--out FILE.md]");
                    return 2;
            }
        }

        var total = Stopwatch.StartNew();
        // a latency holds every reply of the test server that long (a remote database's round trip, no CPU)
        using var server = Compare.ServerProcess.Start(extraArguments: latencyMs > 0 ? string.Create(CultureInfo.InvariantCulture, $"--reply-latency-ms {latencyMs}") : "");
        Compare.BenchmarkData.Create(server, 0, 1);
        var connectionString = $"Server={server.Host}:{server.Port};UserName={server.User};Password={server.Password};Pooling=true;Max Pool Size={pool};Connect Timeout=60;Command Timeout=60";
        Console.WriteLine($"test server on {server.Host}:{server.Port}; pool of {pool} sessions per flavor; server latency {latencyMs} ms per reply; {seconds} s per step after {warmup} s of warm-up; load average {Compare.ScaleCommand.LoadAverage()}");

        var rows = new List<(string Variant, string Endpoint, HttpLoadClient.Result Result)>();
        foreach (var (label, name, value) in variants)
        {
            var port = FreePort();
            using var app = StartApp(connectionString, port, name, value);
            Console.WriteLine($"app ({label}) on 127.0.0.1:{port}");
            // a fresh app runs tier-0 code: every endpoint is driven once before anything is measured (discarded), so
            // the first endpoint measured does not pay for the JIT and the thread pool's growth alone
            foreach (var endpoint in endpoints)
            {
                RunClient($"http://127.0.0.1:{port}/{endpoint}/point/", connectionCounts[0], warmup, 1, app.Id, server.ProcessId);
            }
            foreach (var connections in connectionCounts)
            {
                foreach (var endpoint in endpoints)
                {
                    var result = RunClient($"http://127.0.0.1:{port}/{endpoint}/point/", connections, seconds, warmup, app.Id, server.ProcessId);
                    if (result is not null)
                    {
                        rows.Add((label, endpoint, result));
                        Console.WriteLine($"{label}, {endpoint}, {connections} connections: {result.RequestsPerSecond:N0} req/s, p50 {result.P50Microseconds / 1000:F2} ms, p99 {result.P99Microseconds / 1000:F2} ms, " +
                            $"app CPU {result.AppCpuSeconds * 1e6 / Math.Max(result.Requests, 1):F0} µs/req, db CPU {result.DatabaseCpuSeconds * 1e6 / Math.Max(result.Requests, 1):F0} µs/req, {result.Errors} errors, {result.AppThreads} app threads");
                    }
                }
            }
            app.StandardInput.Close();
            if (!app.WaitForExit(10_000))
            {
                app.Kill(entireProcessTree: true);
            }
        }

        var table = Table(rows, seconds, pool, latencyMs);
        Console.WriteLine();
        Console.WriteLine(table);
        if (output is not null)
        {
            File.WriteAllText(output, table);
            File.WriteAllText(Path.ChangeExtension(output, ".json"), JsonSerializer.Serialize(rows.Select(r => new { r.Variant, r.Endpoint, r.Result }), new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"wrote {output}");
        }
        Console.WriteLine($"harness time: {total.Elapsed.TotalSeconds:F0} s; load average {Compare.ScaleCommand.LoadAverage()}");
        return 0;
    }

    private static string Table(List<(string Variant, string Endpoint, HttpLoadClient.Result Result)> rows, int seconds, int pool, double latencyMs)
    {
        var text = new StringBuilder();
        text.AppendLine($"| runtime settings | endpoint ({pool}-session pool) | connections | requests/s | p50 ms | p99 ms | app CPU µs/request | test server CPU µs/request | errors | app threads at end |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (variant, endpoint, r) in rows)
        {
            var perRequest = 1e6 / Math.Max(r.Requests, 1);
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {variant} | {(endpoint == "async" ? "Driver.Async" : "Driver.Sync")} | {r.Connections} | {r.RequestsPerSecond:N0} | {r.P50Microseconds / 1000:F2} | {r.P99Microseconds / 1000:F2} | {r.AppCpuSeconds * perRequest:F0} | {r.DatabaseCpuSeconds * perRequest:F0} | {r.Errors} | {r.AppThreads} |"));
        }
        text.AppendLine();
        text.AppendLine($"({seconds} s per step; test server latency {latencyMs.ToString(CultureInfo.InvariantCulture)} ms per reply; async ÷ sync requests/s: " + string.Join(", ", rows.GroupBy(r => (r.Variant, r.Result.Connections))
            .Select(g => (g.Key, Async: g.FirstOrDefault(r => r.Endpoint == "async").Result, Sync: g.FirstOrDefault(r => r.Endpoint == "sync").Result))
            .Where(g => g.Async is not null && g.Sync is not null)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key.Variant} at {g.Key.Connections}: {g.Async!.RequestsPerSecond / Math.Max(g.Sync!.RequestsPerSecond, 1e-9):F2} ×"))) + ")");
        return text.ToString();
    }

    private static Process StartApp(string connectionString, int port, string? name, string? value)
    {
        var self = Environment.ProcessPath!;
        var prefix = Path.GetFileNameWithoutExtension(self) == "dotnet" ? $"\"{typeof(HttpLoadCommand).Assembly.Location}\" " : string.Empty;
        var start = new ProcessStartInfo(self, $"{prefix}http-serve --port {port} --hana \"{connectionString}\"")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (name is not null)
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the app");
        var line = process.StandardOutput.ReadLine();
        if (line is null || !line.Contains("listening", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("the app did not start: " + line + process.StandardError.ReadToEnd());
        }
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    private static HttpLoadClient.Result? RunClient(string url, int connections, int seconds, int warmup, int appPid, int dbPid)
    {
        var self = Environment.ProcessPath!;
        var prefix = Path.GetFileNameWithoutExtension(self) == "dotnet" ? $"\"{typeof(HttpLoadCommand).Assembly.Location}\" " : string.Empty;
        var start = new ProcessStartInfo(self, $"{prefix}http-client --url {url} --connections {connections} --seconds {seconds} --warmup {warmup} --app-pid {appPid} --db-pid {dbPid}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(seconds + warmup + 120)))
        {
            process.Kill(entireProcessTree: true);
            Console.Error.WriteLine($"{url} at {connections}: timed out");
            return null;
        }
        var line = stdout.Result.Split('\n').FirstOrDefault(l => l.StartsWith(HttpLoadClient.Prefix, StringComparison.Ordinal));
        if (line is null)
        {
            Console.Error.WriteLine($"{url} at {connections}: exit {process.ExitCode}: {stderr.Result.Trim()}");
            return null;
        }
        return JsonSerializer.Deserialize<HttpLoadClient.Result>(line.Substring(HttpLoadClient.Prefix.Length));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
