using System.Diagnostics;
using AsyncHana = Driver.Async;
using SyncHana = Driver.Sync;

namespace Driver.Benchmarks.Compare;

/// <summary>
/// The scale harness's concurrency step, in its own process: <c>client sync-pool|async-pool point_select ...
/// --callers N --pool P --seconds S [--statement parameter|literal|none]</c>. N callers (Driver.Sync: N dedicated threads; Driver.Async: N tasks) share
/// one data source whose pool holds at most P sessions; each operation is what a request handler does: rent a
/// connection, run the parameterized single-row select, read the row, give the connection back. Runs for
/// <see cref="Measurement.WarmUpTime"/> unmeasured, then S seconds measured: operations per second, the latency of
/// every operation (p50/p99, pool wait included), the process's CPU and allocations, and round trips per operation.
/// --statement takes the operation apart: the id in the SQL text instead of a parameter, or no statement at all.
/// </summary>
internal static class PooledCallers
{
    public static async Task<Measurement?> RunAsync(string contender, string scenario, Dictionary<string, string> o)
    {
        if (scenario != "point_select")
        {
            return null;
        }
        var callers = ClientCommand.Int(o, "callers", 1);
        var pool = ClientCommand.Int(o, "pool", 16);
        var seconds = ClientCommand.Int(o, "seconds", 5);
        var rows = ClientCommand.Int(o, "rows", BenchmarkData.PointRows);
        // Connect Timeout bounds the wait for a pooled session: 256 callers on 16 sessions wait, but far less than this
        var connectionString = $"Server={o["host"]}:{o["port"]};UserName={o["user"]};Password={o["password"]};Pooling=true;Max Pool Size={pool};Connect Timeout=60;Command Timeout=60";
        // a variant may add connection string keys for this process (--variant nocache:HANA_BENCH_CONNECTION_EXTRA=statementCacheSize=0)
        connectionString += Environment.GetEnvironmentVariable("HANA_BENCH_CONNECTION_EXTRA") is { Length: > 0 } extra ? ";" + extra : string.Empty;
        var sql = o["sql"];
        // --statement: "parameter" (the default: what a request handler writes), "literal" (the id written into the
        // SQL text: EXECUTEDIRECT, no PREPARE) or "none" (rent and give back only): the cost of each part of an operation
        var statement = o.TryGetValue("statement", out var kind) ? kind : "parameter";
        return contender == "sync-pool"
            ? RunSync(connectionString, sql, callers, seconds, rows, statement)
            : await RunAsyncFlavor(connectionString, sql, callers, seconds, rows, statement).ConfigureAwait(false);
    }

    /// <summary>Per caller: the latencies it measured (Stopwatch ticks) and the round trips of its connections.</summary>
    private sealed class CallerLog
    {
        public readonly List<long> Ticks = new(1 << 14);
        public long RoundTrips;
    }

    private static string Literal(string sql, int id) => sql.Replace("?", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static Measurement RunSync(string connectionString, string sql, int callers, int seconds, int rows, string statement)
    {
        using var source = new SyncHana.HanaDataSource(connectionString);
        CallerLog[] Phase(TimeSpan duration)
        {
            var logs = Enumerable.Range(0, callers).Select(_ => new CallerLog()).ToArray();
            var watch = Stopwatch.StartNew();
            var threads = logs.Select((log, caller) => new Thread(() =>
            {
                var id = caller * 7919;
                while (watch.Elapsed < duration)
                {
                    var start = Stopwatch.GetTimestamp();
                    using (var connection = source.OpenConnection())
                    {
                        if (statement != "none")
                        {
                            using var command = new SyncHana.HanaCommand(statement == "literal" ? Literal(sql, id++ % rows) : sql, connection);
                            if (statement != "literal")
                            {
                                command.Parameters.Add(new SyncHana.HanaParameter { Value = id++ % rows });
                            }
                            using (var reader = command.ExecuteReader())
                            {
                                reader.Read();
                                _ = reader.GetString(1);
                            }
                        }
                        log.RoundTrips += connection.GetStatistics().RoundTrips;
                    }
                    log.Ticks.Add(Stopwatch.GetTimestamp() - start);
                }
            }, 256 * 1024) { IsBackground = true }).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            return logs;
        }
        Phase(Measurement.WarmUpTime);
        CallerLog[] measuredLogs = [];
        var measured = Measurement.Run("sync-pool", "point_select", () =>
        {
            measuredLogs = Phase(TimeSpan.FromSeconds(seconds));
            return measuredLogs.Sum(l => (long)l.Ticks.Count);
        });
        return Finish(measured, measuredLogs, callers);
    }

    private static async Task<Measurement> RunAsyncFlavor(string connectionString, string sql, int callers, int seconds, int rows, string statement)
    {
        await using var source = new AsyncHana.HanaDataSource(connectionString);
        async Task<CallerLog[]> Phase(TimeSpan duration)
        {
            var logs = Enumerable.Range(0, callers).Select(_ => new CallerLog()).ToArray();
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(logs.Select((log, caller) => Task.Run(async () =>
            {
                var id = caller * 7919;
                while (watch.Elapsed < duration)
                {
                    var start = Stopwatch.GetTimestamp();
                    await using (var connection = await source.OpenConnectionAsync().ConfigureAwait(false))
                    {
                        if (statement != "none")
                        {
                            await using var command = new AsyncHana.HanaCommand(statement == "literal" ? Literal(sql, id++ % rows) : sql, connection);
                            if (statement != "literal")
                            {
                                command.Parameters.Add(new AsyncHana.HanaParameter { Value = id++ % rows });
                            }
                            await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
                            {
                                await reader.ReadAsync().ConfigureAwait(false);
                                _ = reader.GetString(1);
                            }
                        }
                        log.RoundTrips += connection.GetStatistics().RoundTrips;
                    }
                    log.Ticks.Add(Stopwatch.GetTimestamp() - start);
                }
            }))).ConfigureAwait(false);
            return logs;
        }
        await Phase(Measurement.WarmUpTime).ConfigureAwait(false);
        CallerLog[] measuredLogs = [];
        var measured = await Measurement.RunAsync("async-pool", "point_select", async () =>
        {
            measuredLogs = await Phase(TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
            return measuredLogs.Sum(l => (long)l.Ticks.Count);
        }).ConfigureAwait(false);
        return Finish(measured, measuredLogs, callers);
    }

    private static Measurement Finish(Measurement measured, CallerLog[] logs, int callers)
    {
        measured.SetLatencies(logs.SelectMany(l => l.Ticks).ToArray());
        measured.RoundTripsPerOperation = (double)logs.Sum(l => l.RoundTrips) / Math.Max(measured.Operations, 1);
        // the scale harness labels the step by its caller count
        measured.Contender += "@" + callers;
        return measured;
    }
}
