using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Driver.Benchmarks.Http;

/// <summary>
/// The HTTP load client (neither wrk nor bombardier is installed here): <c>http-client --url URL_PREFIX
/// --connections N --seconds S [--warmup W] [--ids K] [--app-pid PID] [--db-pid PID]</c>. N tasks, each with a
/// request in flight at all times over its own keep-alive HTTP/1.1 connection (one SocketsHttpHandler allowing N
/// connections), GET URL_PREFIX + id for ids cycling over K rows. Closed loop, like wrk: a new request is sent as soon
/// as the previous one of that connection is answered. W seconds unmeasured, then S seconds measured: requests/s,
/// p50/p99 latency, errors, and the CPU time the app (and the database server) process spent in the measured window
/// (read from /proc by pid), so CPU per request is the app's own.
/// </summary>
internal static class HttpLoadClient
{
    /// <summary>One line of results, printed after <c>HTTPRESULT </c>.</summary>
    internal sealed class Result
    {
        public int Connections { get; set; }
        public long Requests { get; set; }
        public long Errors { get; set; }
        public double Seconds { get; set; }
        public double P50Microseconds { get; set; }
        public double P99Microseconds { get; set; }
        public double AppCpuSeconds { get; set; }
        public double DatabaseCpuSeconds { get; set; }
        public double ClientCpuSeconds { get; set; }
        public int AppThreads { get; set; }

        public double RequestsPerSecond => Requests / Math.Max(Seconds, 1e-9);
    }

    public const string Prefix = "HTTPRESULT ";

    public static async Task<int> RunAsync(string[] args)
    {
        var o = Compare.ClientCommand.ParseOptions(args);
        var url = o["url"];
        var connections = Compare.ClientCommand.Int(o, "connections", 64);
        var seconds = Compare.ClientCommand.Int(o, "seconds", 30);
        var warmup = Compare.ClientCommand.Int(o, "warmup", 3);
        var ids = Compare.ClientCommand.Int(o, "ids", Compare.BenchmarkData.PointRows);
        Process? app = o.TryGetValue("app-pid", out var appPid) ? Process.GetProcessById(int.Parse(appPid, CultureInfo.InvariantCulture)) : null;
        Process? database = o.TryGetValue("db-pid", out var dbPid) ? Process.GetProcessById(int.Parse(dbPid, CultureInfo.InvariantCulture)) : null;

        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };

        async Task<(List<long> Ticks, long Errors)[]> Phase(TimeSpan duration)
        {
            var watch = Stopwatch.StartNew();
            return await Task.WhenAll(Enumerable.Range(0, connections).Select(connection => Task.Run(async () =>
            {
                var ticks = new List<long>(1 << 12);
                long errors = 0;
                var id = connection * 7919;
                while (watch.Elapsed < duration)
                {
                    var start = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await client.GetAsync(url + (id++ % ids).ToString(CultureInfo.InvariantCulture), HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            errors++;
                        }
                    }
                    catch (HttpRequestException)
                    {
                        errors++;
                    }
                    catch (TaskCanceledException)
                    {
                        errors++;
                    }
                    ticks.Add(Stopwatch.GetTimestamp() - start);
                }
                return (ticks, errors);
            }))).ConfigureAwait(false);
        }

        static TimeSpan Cpu(Process? process)
        {
            if (process is null)
            {
                return TimeSpan.Zero;
            }
            process.Refresh();
            return process.TotalProcessorTime;
        }

        await Phase(TimeSpan.FromSeconds(warmup)).ConfigureAwait(false);
        var self = Process.GetCurrentProcess();
        var (appCpu, dbCpu, clientCpu) = (Cpu(app), Cpu(database), Cpu(self));
        var measuredWatch = Stopwatch.StartNew();
        var logs = await Phase(TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
        measuredWatch.Stop();
        var result = new Result
        {
            Connections = connections,
            Seconds = measuredWatch.Elapsed.TotalSeconds,
            AppCpuSeconds = (Cpu(app) - appCpu).TotalSeconds,
            DatabaseCpuSeconds = (Cpu(database) - dbCpu).TotalSeconds,
            ClientCpuSeconds = (Cpu(self) - clientCpu).TotalSeconds,
            AppThreads = app?.Threads.Count ?? 0,
        };
        var all = logs.SelectMany(l => l.Ticks).ToArray();
        Array.Sort(all);
        result.Requests = all.Length;
        result.Errors = logs.Sum(l => l.Errors);
        double Micros(long t) => t * 1e6 / Stopwatch.Frequency;
        if (all.Length > 0)
        {
            result.P50Microseconds = Micros(all[all.Length / 2]);
            result.P99Microseconds = Micros(all[Math.Min(all.Length - 1, (int)(all.Length * 0.99))]);
        }
        Console.WriteLine(Prefix + JsonSerializer.Serialize(result));
        return 0;
    }
}
