using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Driver.Benchmarks.Compare;

/// <summary>
/// The scale harness (issue 18): <c>scale [--sizes 10000,100000,1000000,10000000] [--callers 1,4,16,64,256]
/// [--pool 16] [--step-seconds 5] [--fetch-seconds 1] [--statement parameter|literal|none] [--rounds 1] [--scenarios fetch,concurrency,compression]
/// [--contenders sync,async,raw-socket,node-hdb] [--variant LABEL:NAME=VALUE ...] [--out DIR]</c>.
/// One test server process loaded with the largest size; every measurement is a client in its own process:
/// <list type="bullet">
/// <item>fetch: rows/s and the client process's peak resident set (VmHWM) per size, per contender (node-hdb
/// included, as in every fetch run of the harness); the .NET clients and the raw socket repeat the fetch until
/// --fetch-seconds have passed (node-hdb's script fetches once);</item>
/// <item>concurrency: point selects by 1, 4, 16, … callers through one pool of --pool sessions, Driver.Sync on
/// threads, Driver.Async on tasks, and Driver.Async again per --variant (an environment variable set for that client
/// process only, e.g. the thread pool's spin limit): operations/s, p50/p99, client CPU per operation;</item>
/// <item>compression: the fetch at min(1,000,000, largest size) rows with Compress=false and Compress=true,
/// rows/s and the bytes on the wire (the connection's own counters).</item>
/// </list>
/// Medians over --rounds. Writes scale.json, scale.md (the tables) and the SVG charts into --out.
/// </summary>
internal static class ScaleCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        int[] sizes = [10_000, 100_000, 1_000_000, 10_000_000];
        int[] callers = [1, 4, 16, 64, 256];
        var pool = 16;
        var stepSeconds = 5;
        var fetchSeconds = 1.0;
        var statement = "parameter";
        var rounds = 1;
        string[] scenarios = ["fetch", "concurrency", "compression"];
        string[] fetchContenders = ["sync", "async", "raw-socket", "node-hdb"];
        var variants = new List<(string Label, string Name, string Value)>();
        string? output = null;
        static int[] Ints(string text) => text.Split(',').Select(t => int.Parse(t.Replace("_", string.Empty), CultureInfo.InvariantCulture)).ToArray();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--sizes": sizes = Ints(args[++i]); break;
                case "--callers": callers = Ints(args[++i]); break;
                case "--pool": pool = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--step-seconds": stepSeconds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--fetch-seconds": fetchSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--statement": statement = args[++i]; break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--scenarios": scenarios = args[++i].Split(','); break;
                case "--contenders": fetchContenders = args[++i].Split(','); break;
                case "--out": output = args[++i]; break;
                case "--variant":
                    // LABEL:NAME=VALUE, e.g. spin0:DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
                    var text = args[++i];
                    var colon = text.IndexOf(':');
                    var equals = text.IndexOf('=', colon + 1);
                    if (colon <= 0 || equals <= colon + 1)
                    {
                        Console.Error.WriteLine("--variant takes LABEL:NAME=VALUE");
                        return Task.FromResult(2);
                    }
                    variants.Add((text.Substring(0, colon), text.Substring(colon + 1, equals - colon - 1), text.Substring(equals + 1)));
                    break;
                default:
                    Console.Error.WriteLine($"unknown argument {args[i]}\nusage: scale [--sizes N,..] [--callers N,..] [--pool P] [--step-seconds S] [--fetch-seconds S] [--statement parameter|literal|none] [--rounds R] [--scenarios fetch,concurrency,compression] [--contenders sync,async,raw-socket,node-hdb] [--variant LABEL:NAME=VALUE ...] [--out DIR]");
                    return Task.FromResult(2);
            }
        }

        var total = Stopwatch.StartNew();
        Array.Sort(sizes);
        var largest = scenarios.Contains("fetch") || scenarios.Contains("compression") ? sizes[^1] : 0;
        var compressionRows = Math.Min(1_000_000, sizes[^1]);
        using var server = ServerProcess.Start();
        Console.WriteLine($"test server on {server.Host}:{server.Port}; loading {largest:N0} rows");
        var load = Stopwatch.StartNew();
        BenchmarkData.Create(server, largest, 1);
        Console.WriteLine($"loaded in {load.Elapsed.TotalSeconds:F0} s; load average {LoadAverage()}");
        var node = scenarios.Contains("fetch") && fetchContenders.Contains("node-hdb") ? NodePeer.TryPrepare() : null;
        if (scenarios.Contains("fetch") && fetchContenders.Contains("node-hdb"))
        {
            Console.WriteLine(node is null ? "node-hdb: not run (npm install failed or ../shared/conformance missing)" : "node-hdb: ready");
        }

        var fetches = new List<(int Size, Measurement M)>();
        var steps = new List<(int Callers, string Contender, Measurement M)>();
        var compressed = new List<(string Contender, Measurement M)>();
        for (var round = 1; round <= rounds; round++)
        {
            if (scenarios.Contains("fetch"))
            {
                foreach (var size in sizes)
                {
                    var sql = $"{BenchmarkData.FetchSql} WHERE ID < {size}";
                    // interleaved: the order of the contenders rotates per size and round
                    var order = fetchContenders.Skip((round + size.ToString(CultureInfo.InvariantCulture).Length) % fetchContenders.Length)
                        .Concat(fetchContenders.Take((round + size.ToString(CultureInfo.InvariantCulture).Length) % fetchContenders.Length));
                    foreach (var contender in order)
                    {
                        var measured = contender == "node-hdb"
                            ? node?.Fetch(server, sql, size, peak: true)
                            : CompareCommand.RunClient(server, contender, "fetch", sql, size, FormattableString.Invariant($"--min-seconds {fetchSeconds}"));
                        if (measured is not null)
                        {
                            fetches.Add((size, measured));
                            Console.WriteLine($"round {round}, {size:N0} rows: {measured}, peak {measured.PeakWorkingSetBytes / 1048576.0:F1} MiB");
                        }
                    }
                }
            }
            if (scenarios.Contains("concurrency"))
            {
                var contenders = new List<(string Label, string Client, Dictionary<string, string>? Environment)>
                {
                    ("sync-threads", "sync-pool", null),
                    ("async-tasks", "async-pool", null),
                };
                contenders.AddRange(variants.Select(v => ($"async-tasks {v.Label}", "async-pool", (Dictionary<string, string>?)new Dictionary<string, string> { [v.Name] = v.Value })));
                foreach (var count in callers)
                {
                    foreach (var (label, client, environment) in round % 2 == 0 ? Enumerable.Reverse(contenders) : contenders)
                    {
                        var measured = CompareCommand.RunClient(server, client, "point_select", BenchmarkData.PointSql, BenchmarkData.PointRows,
                            $"--callers {count} --pool {pool} --seconds {stepSeconds} --statement {statement}", environment);
                        if (measured is not null)
                        {
                            measured.Contender = label;
                            steps.Add((count, label, measured));
                            Console.WriteLine($"round {round}, {count} callers: {measured}, p50 {measured.P50Microseconds:F0} µs, p99 {measured.P99Microseconds:F0} µs, {measured.RoundTripsPerOperation:F2} round trips/op");
                        }
                    }
                }
            }
            if (scenarios.Contains("compression"))
            {
                var sql = $"{BenchmarkData.FetchSql} WHERE ID < {compressionRows}";
                foreach (var flavor in new[] { "sync", "async" })
                {
                    foreach (var compress in round % 2 == 0 ? new[] { "true", "false" } : new[] { "false", "true" })
                    {
                        var measured = CompareCommand.RunClient(server, flavor, "fetch", sql, compressionRows, FormattableString.Invariant($"--compress {compress} --min-seconds {fetchSeconds}"));
                        if (measured is not null)
                        {
                            var label = $"{flavor}, Compress={compress}";
                            compressed.Add((label, measured));
                            Console.WriteLine($"round {round}, {label}: {measured}, {measured.Bytes:N0} B on the wire, {measured.BytesUncompressed:N0} B uncompressed");
                        }
                    }
                }
            }
        }

        var report = Report(fetches, steps, compressed, sizes, callers, pool, stepSeconds, rounds, compressionRows, total.Elapsed);
        var markdown = Markdown(report);
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (output is not null)
        {
            Directory.CreateDirectory(output);
            File.WriteAllText(Path.Combine(output, "scale.json"), report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            File.WriteAllText(Path.Combine(output, "scale.md"), markdown);
            foreach (var (name, svg) in Charts(report))
            {
                File.WriteAllText(Path.Combine(output, name), svg);
            }
            Console.WriteLine($"wrote scale.json, scale.md and the charts into {output}");
        }
        Console.WriteLine($"harness time: {total.Elapsed.TotalSeconds:F0} s; load average {LoadAverage()}");
        return Task.FromResult(0);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    private static JsonObject Report(List<(int Size, Measurement M)> fetches, List<(int Callers, string Contender, Measurement M)> steps,
        List<(string Contender, Measurement M)> compressed, int[] sizes, int[] callers, int pool, int stepSeconds, int rounds, int compressionRows, TimeSpan elapsed)
    {
        var fetch = new JsonObject();
        foreach (var byContender in fetches.GroupBy(f => f.M.Contender))
        {
            var perSize = new JsonObject();
            foreach (var bySize in byContender.GroupBy(f => f.Size).OrderBy(g => g.Key))
            {
                var list = bySize.Select(f => f.M).ToList();
                perSize[bySize.Key.ToString(CultureInfo.InvariantCulture)] = new JsonObject
                {
                    ["rows_per_s"] = Math.Round(Median(list.Select(m => m.PerSecond))),
                    ["cpu_ns_per_row"] = Math.Round(Median(list.Select(m => m.CpuNanosecondsPerOperation)), 1),
                    ["peak_working_set_mib"] = Math.Round(Median(list.Select(m => m.PeakWorkingSetBytes / 1048576.0)), 1),
                };
            }
            fetch[byContender.Key] = perSize;
        }
        var concurrency = new JsonObject();
        foreach (var byContender in steps.GroupBy(s => s.Contender))
        {
            var perStep = new JsonObject();
            foreach (var byCallers in byContender.GroupBy(s => s.Callers).OrderBy(g => g.Key))
            {
                var list = byCallers.Select(s => s.M).ToList();
                perStep[byCallers.Key.ToString(CultureInfo.InvariantCulture)] = new JsonObject
                {
                    ["ops_per_s"] = Math.Round(Median(list.Select(m => m.PerSecond))),
                    ["p50_us"] = Math.Round(Median(list.Select(m => m.P50Microseconds)), 1),
                    ["p99_us"] = Math.Round(Median(list.Select(m => m.P99Microseconds)), 1),
                    ["cpu_us_per_op"] = Math.Round(Median(list.Select(m => m.CpuNanosecondsPerOperation)) / 1000, 1),
                    ["alloc_bytes_per_op"] = Math.Round(Median(list.Select(m => m.AllocatedBytesPerOperation))),
                    ["round_trips_per_op"] = Math.Round(Median(list.Select(m => m.RoundTripsPerOperation)), 2),
                };
            }
            concurrency[byContender.Key] = perStep;
        }
        var compression = new JsonObject();
        foreach (var byContender in compressed.GroupBy(c => c.Contender))
        {
            var list = byContender.Select(c => c.M).ToList();
            compression[byContender.Key] = new JsonObject
            {
                ["rows_per_s"] = Math.Round(Median(list.Select(m => m.PerSecond))),
                ["cpu_ns_per_row"] = Math.Round(Median(list.Select(m => m.CpuNanosecondsPerOperation)), 1),
                // the fetch repeats for --fetch-seconds: bytes per fetch of compression_rows rows
                ["wire_bytes"] = Math.Round(Median(list.Select(m => (double)m.Bytes / Math.Max(m.Operations, 1) * compressionRows))),
                ["uncompressed_bytes"] = Math.Round(Median(list.Select(m => (double)m.BytesUncompressed / Math.Max(m.Operations, 1) * compressionRows))),
            };
        }
        return new JsonObject
        {
            ["machine"] = $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
            ["recorded_utc"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            ["load_average_at_end"] = LoadAverage(),
            ["rounds"] = rounds,
            ["sizes"] = new JsonArray(sizes.Select(s => (JsonNode)s).ToArray()),
            ["callers"] = new JsonArray(callers.Select(c => (JsonNode)c).ToArray()),
            ["pool"] = pool,
            ["step_seconds"] = stepSeconds,
            ["compression_rows"] = compressionRows,
            ["harness_seconds"] = Math.Round(elapsed.TotalSeconds),
            ["fetch"] = fetch,
            ["concurrency"] = concurrency,
            ["compression"] = compression,
        };
    }

    private static string Markdown(JsonObject report)
    {
        var text = new StringBuilder();
        var fetch = (JsonObject)report["fetch"]!;
        if (fetch.Count > 0)
        {
            var sizes = fetch.SelectMany(c => ((JsonObject)c.Value!).Select(s => s.Key)).Distinct().OrderBy(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
            text.AppendLine("| fetch: contender | " + string.Join(" | ", sizes.Select(s => $"{int.Parse(s, CultureInfo.InvariantCulture):N0} rows")) + " | rows/s, lowest ÷ highest from 100,000 rows up |");
            text.AppendLine("|---|" + string.Concat(sizes.Select(_ => "---:|")) + "---:|");
            foreach (var (contender, perSize) in fetch)
            {
                var cells = sizes.Select(s => perSize![s] is { } f ? $"{(double)f["rows_per_s"]!:N0} rows/s, {(double)f["cpu_ns_per_row"]!:0.#} ns/row, {(double)f["peak_working_set_mib"]!:0.#} MiB" : "—");
                // the target: flat within 20 % from 100,000 rows up, so lowest ÷ highest ≥ 0.8
                var rates = sizes.Where(s => int.Parse(s, CultureInfo.InvariantCulture) >= 100_000 && perSize![s] is not null)
                    .Select(s => (double)perSize![s]!["rows_per_s"]!).ToList();
                var flat = rates.Count > 1 ? (rates.Min() / Math.Max(rates.Max(), 1e-9)).ToString("0.00", CultureInfo.InvariantCulture) : "—";
                text.AppendLine($"| {contender} | {string.Join(" | ", cells)} | {flat} |");
            }
            text.AppendLine();
        }
        var concurrency = (JsonObject)report["concurrency"]!;
        if (concurrency.Count > 0)
        {
            text.AppendLine($"| point select, {report["pool"]}-session pool: callers | contender | ops/s | p50 µs | p99 µs | client CPU µs/op | B/op | round trips/op |");
            text.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|");
            var counts = concurrency.SelectMany(c => ((JsonObject)c.Value!).Select(s => s.Key)).Distinct().OrderBy(s => int.Parse(s, CultureInfo.InvariantCulture));
            foreach (var count in counts)
            {
                foreach (var (contender, perStep) in concurrency)
                {
                    if (perStep![count] is { } f)
                    {
                        text.AppendLine($"| {count} | {contender} | {(double)f["ops_per_s"]!:N0} | {f["p50_us"]} | {f["p99_us"]} | {f["cpu_us_per_op"]} | {f["alloc_bytes_per_op"]} | {f["round_trips_per_op"]} |");
                    }
                }
            }
            text.AppendLine();
        }
        var compression = (JsonObject)report["compression"]!;
        if (compression.Count > 0)
        {
            text.AppendLine($"| fetch of {(int)report["compression_rows"]!:N0} rows | rows/s | client CPU ns/row | bytes on the wire per fetch | bytes uncompressed per fetch | wire ÷ uncompressed |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (var (contender, f) in compression)
            {
                var wire = (double)f!["wire_bytes"]!;
                var plain = (double)f["uncompressed_bytes"]!;
                text.AppendLine($"| {contender} | {(double)f["rows_per_s"]!:N0} | {f["cpu_ns_per_row"]} | {wire:N0} | {plain:N0} | {(plain > 0 ? wire / plain : 0):0.000} |");
            }
        }
        return text.ToString();
    }

    private static IEnumerable<(string Name, string Svg)> Charts(JsonObject report)
    {
        var note = $"{report["machine"]}, {report["recorded_utc"]} UTC, load {report["load_average_at_end"]}";
        var fetch = (JsonObject)report["fetch"]!;
        if (fetch.Count > 0)
        {
            var sizes = fetch.SelectMany(c => ((JsonObject)c.Value!).Select(s => s.Key)).Distinct().OrderBy(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
            var labels = sizes.Select(s => int.Parse(s, CultureInfo.InvariantCulture).ToString("N0", CultureInfo.InvariantCulture)).ToList();
            List<(string, double?[])> Series(string key) => fetch.Select(c => (c.Key, sizes.Select(s => (double?)c.Value![s]?[key]).ToArray())).ToList();
            yield return ("scale-fetch-rows-per-s.svg", LineChart.Render("fetch: rows per second by result size", note, "rows fetched", "rows per second", labels, Series("rows_per_s")));
            yield return ("scale-fetch-peak-working-set.svg", LineChart.Render("fetch: the client process's peak working set (VmHWM) by result size", note, "rows fetched", "MiB", labels, Series("peak_working_set_mib")));
        }
        var concurrency = (JsonObject)report["concurrency"]!;
        if (concurrency.Count > 0)
        {
            var counts = concurrency.SelectMany(c => ((JsonObject)c.Value!).Select(s => s.Key)).Distinct().OrderBy(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
            List<(string, double?[])> Series(string key, double scale = 1) =>
                concurrency.Select(c => (c.Key, counts.Select(n => c.Value![n]?[key] is { } v ? (double?)((double)v * scale) : null).ToArray())).ToList();
            var pool = report["pool"];
            yield return ("scale-point-select-throughput.svg", LineChart.Render($"point select through a {pool}-session pool: selects per second", note, "concurrent callers", "selects per second", counts, Series("ops_per_s")));
            yield return ("scale-point-select-p99.svg", LineChart.Render($"point select through a {pool}-session pool: p99 latency", note, "concurrent callers", "p99 ms (pool wait included)", counts, Series("p99_us", 0.001)));
            yield return ("scale-point-select-cpu.svg", LineChart.Render($"point select through a {pool}-session pool: client CPU per select", note, "concurrent callers", "µs of client CPU per select", counts, Series("cpu_us_per_op")));
        }
    }

    internal static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
