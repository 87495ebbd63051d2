using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Driver.Benchmarks.Compare;

/// <summary>
/// The macro harness: <c>compare [--rows N] [--rounds R] [--out FILE] [--client-env NAME=VALUE ...] [--peer NAME=COMMAND ...]</c>. Starts the
/// test server as its own process, then, in rounds that interleave the contenders, runs every contender in its
/// own process against the same server: fetch, point select, batch insert, LOB read. Medians over the rounds go
/// to a console table and, with --out, to JSON (and an SVG chart beside it).
/// </summary>
internal static class CompareCommand
{
    private static readonly string[] DriverContendersNames = ["sync", "async"];

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = 1_000_000;
        var rounds = 3;
        var lobMegabytes = 100;
        string? output = null;
        var peers = new List<(string Name, string Command)>();
        string[]? onlyScenarios = null, onlyContenders = null;
        var serveOnly = false;
        string? oldServerDll = null;
        var clientEnvironment = new Dictionary<string, string>();
        string? oldClientDll = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rows": rows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--lob-mb": lobMegabytes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--out": output = args[++i]; break;
                case "--scenarios": onlyScenarios = args[++i].Split(','); break;
                case "--contenders": onlyContenders = args[++i].Split(','); break;
                case "--serve-only": serveOnly = true; break;
                case "--old-server": oldServerDll = Path.GetFullPath(args[++i]); break;
                case "--client-env":
                    // NAME=VALUE for the contenders' processes only (not the server's), e.g. a thread-pool setting
                    var setting = args[++i];
                    clientEnvironment[setting.Substring(0, Math.Max(setting.IndexOf('='), 0))] = setting.Substring(setting.IndexOf('=') + 1);
                    break;
                case "--old-client": oldClientDll = Path.GetFullPath(args[++i]); break;
                case "--peer":
                    var peer = args[++i];
                    var equals = peer.IndexOf('=');
                    if (equals <= 0)
                    {
                        Console.Error.WriteLine("--peer takes NAME=COMMAND");
                        return 2;
                    }
                    peers.Add((peer.Substring(0, equals), peer.Substring(equals + 1)));
                    break;
                default:
                    Console.Error.WriteLine($"unknown argument {args[i]}\nusage: compare [--rows N] [--rounds R] [--lob-mb M] [--out FILE] [--scenarios S,..] [--contenders C,..] [--serve-only] [--old-server DLL] [--old-client DLL] [--client-env NAME=VALUE ...] [--peer NAME=COMMAND ...]");
                    return 2;
            }
        }

        var total = Stopwatch.StartNew();
        using var server = ServerProcess.Start();
        s_lobMegabytes = lobMegabytes;
        Console.WriteLine($"test server on {server.Host}:{server.Port}; loading {rows:N0} rows, a {lobMegabytes} MB BLOB and {BenchmarkData.PointRows:N0} point rows");
        BenchmarkData.Create(server, rows, lobMegabytes << 20);
        // --old-server: a second test server from another build, same data; the raw socket fetches from both in every
        // round ("raw-socket-old-server"), so two server builds are compared in one run
        using var oldServer = oldServerDll is null ? null : ServerProcess.Start(oldServerDll);
        if (oldServer is not null)
        {
            Console.WriteLine($"old test server ({oldServerDll}) on {oldServer.Host}:{oldServer.Port}");
            BenchmarkData.Create(oldServer, rows, lobMegabytes << 20);
        }
        if (serveOnly)
        {
            // for a profiler: run `client CONTENDER SCENARIO ...` by hand under it against this server
            Console.WriteLine($"client arguments: --host {server.Host} --port {server.Port} --user {server.User} --password {server.Password} --rows {BenchmarkData.PointRows} --fetch-size 1000");
            Console.WriteLine("serving until standard input closes");
            await Console.In.ReadToEndAsync().ConfigureAwait(false);
            return 0;
        }
        var node = onlyContenders is null ? NodePeer.TryPrepare() : null;
        Console.WriteLine(node is null ? "node-hdb: not run (filtered out, npm install failed or ../shared/conformance missing)" : "node-hdb: ready");

        var results = new List<Measurement>();
        var scenarios = new (string Scenario, string Sql, string[] Contenders)[]
        {
            // --old-client: the harness of another build runs its sync and async contenders too ("sync-old", "async-old"),
            // so two driver builds are compared in one run, interleaved, against the same server
            ("fetch", BenchmarkData.FetchSql, [.. DriverContendersNames, .. (oldClientDll is null ? Array.Empty<string>() : ["sync-old", "async-old"]), "raw-socket", "memcpy"]),
            ("point_select", BenchmarkData.PointSql, [.. DriverContendersNames, "raw-socket"]),
            ("batch_insert", string.Empty, [.. DriverContendersNames, "raw-socket"]),
            ("lob_read", BenchmarkData.LobSql, [.. DriverContendersNames, "raw-socket"]),
            ("lob_write", string.Empty, [.. DriverContendersNames, "raw-socket"]),
        };
        // --scenarios and --contenders narrow a run to what is being profiled (node-hdb and peers run only unfiltered)
        scenarios = scenarios
            .Where(s => onlyScenarios is null || onlyScenarios.Contains(s.Scenario))
            .Select(s => (s.Scenario, s.Sql, Contenders: s.Contenders.Where(c => onlyContenders is null || onlyContenders.Contains(c)).ToArray()))
            .Where(s => s.Contenders.Length > 0)
            .ToArray();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (scenario, sql, contenders) in scenarios)
            {
                // interleave: the order of contenders rotates from round to round
                var order = contenders.Skip(round % contenders.Length).Concat(contenders.Take(round % contenders.Length)).ToList();
                foreach (var contender in order)
                {
                    var measured = RunClient(server, contender, scenario, sql, rows, environment: clientEnvironment, oldClientDll: oldClientDll);
                    if (measured is not null)
                    {
                        results.Add(measured);
                        Console.WriteLine($"round {round}: {measured}");
                    }
                }
                if (scenario == "fetch" && oldServer is not null && RunClient(oldServer, "raw-socket", scenario, sql, rows) is { } old)
                {
                    old.Contender = "raw-socket-old-server";
                    results.Add(old);
                    Console.WriteLine($"round {round}: {old}");
                }
                if (scenario == "fetch" && onlyContenders is null)
                {
                    if (node is not null && node.Fetch(server, BenchmarkData.FetchSql, rows) is { } nodeResult)
                    {
                        results.Add(nodeResult);
                        Console.WriteLine($"round {round}: {nodeResult}");
                    }
                    foreach (var (name, command) in peers)
                    {
                        if (NodePeer.RunPeer(name, command, server, BenchmarkData.FetchSql, rows) is { } peerResult)
                        {
                            results.Add(peerResult);
                            Console.WriteLine($"round {round}: {peerResult}");
                        }
                    }
                }
            }
        }

        var json = Report(results, rows);
        Console.WriteLine();
        Console.WriteLine(Table(json));
        if (output is not null)
        {
            File.WriteAllText(output, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            var svg = Path.ChangeExtension(output, ".svg");
            File.WriteAllText(svg, Chart.FetchBars(json));
            Console.WriteLine($"wrote {output} and {svg}");
        }
        Console.WriteLine($"harness time: {total.Elapsed.TotalSeconds:F0} s");
        return 0;
    }

    /// <summary>The LOB size of this run (--lob-mb), which the lob_write clients send.</summary>
    private static int s_lobMegabytes = 100;

    /// <summary>
    /// Runs one contender in its own process. <paramref name="extra"/> is appended to its arguments (the scale
    /// harness's options), <paramref name="environment"/> set for the client process only (never the server's);
    /// <paramref name="oldClientDll"/> runs the "-old" contenders from another build's harness.
    /// </summary>
    internal static Measurement? RunClient(ServerProcess server, string contender, string scenario, string sql, int rows,
        string? extra = null, IReadOnlyDictionary<string, string>? environment = null, string? oldClientDll = null)
    {
        var self = Environment.ProcessPath!;
        var prefix = Path.GetFileNameWithoutExtension(self) == "dotnet" ? $"\"{typeof(CompareCommand).Assembly.Location}\" " : string.Empty;
        var old = contender.EndsWith("-old", StringComparison.Ordinal) && oldClientDll is not null;
        if (old)
        {
            self = "dotnet";
            prefix = $"\"{oldClientDll}\" ";
        }
        var arguments = new StringBuilder(prefix)
            .Append($"client {(old ? contender.Substring(0, contender.Length - 4) : contender)} {scenario} --host {server.Host} --port {server.Port} --user {server.User} --password {server.Password} ")
            .Append($"--rows {(scenario == "point_select" ? BenchmarkData.PointRows : rows)} --fetch-size 1000");
        if (sql.Length > 0)
        {
            arguments.Append($" --sql \"{sql}\"");
        }
        if (scenario == "lob_write")
        {
            arguments.Append($" --lob-mb {s_lobMegabytes}");
        }
        if (extra is not null)
        {
            arguments.Append(' ').Append(extra);
        }
        var start = new ProcessStartInfo(self, arguments.ToString()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Console.Error.WriteLine($"{contender}/{scenario}: timed out");
            return null;
        }
        var measured = stdout.Result.Split('\n').Select(Measurement.Parse).FirstOrDefault(m => m is not null);
        if (measured is not null && old)
        {
            measured.Contender = contender;
        }
        if (measured is null && process.ExitCode != 3)
        {
            Console.Error.WriteLine($"{contender}/{scenario}: exit {process.ExitCode}: {stderr.Result.Trim()}");
        }
        return measured;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    /// <summary>The JSON of the issue: machine, rows, and per scenario the median figures per contender.</summary>
    private static JsonObject Report(List<Measurement> results, int rows)
    {
        var scenarios = new JsonObject();
        foreach (var group in results.GroupBy(r => r.Scenario))
        {
            var contenders = new JsonObject();
            foreach (var byContender in group.GroupBy(r => r.Contender))
            {
                var list = byContender.ToList();
                contenders[byContender.Key] = group.Key switch
                {
                    "fetch" => new JsonObject
                    {
                        ["rows_per_s"] = Math.Round(Median(list.Select(m => m.PerSecond))),
                        ["cpu_ns_per_row"] = Math.Round(Median(list.Select(m => m.CpuNanosecondsPerOperation)), 1),
                        ["alloc_bytes_per_row"] = list.Any(m => m.AllocatedBytes >= 0) ? Math.Round(Median(list.Select(m => m.AllocatedBytesPerOperation)), 2) : null,
                    },
                    "point_select" => new JsonObject
                    {
                        ["p50_us"] = Math.Round(Median(list.Select(m => m.P50Microseconds)), 1),
                        ["p99_us"] = Math.Round(Median(list.Select(m => m.P99Microseconds)), 1),
                        // client CPU and allocations per select (both measured for every contender)
                        ["cpu_us_per_op"] = Math.Round(Median(list.Select(m => m.CpuNanosecondsPerOperation)) / 1000, 1),
                        ["alloc_bytes_per_op"] = Math.Round(Median(list.Select(m => m.AllocatedBytesPerOperation)), 1),
                    },
                    "batch_insert" => new JsonObject { ["rows_per_s"] = Math.Round(Median(list.Select(m => m.PerSecond))) },
                    _ => new JsonObject { ["mb_per_s"] = Math.Round(Median(list.Select(m => m.Bytes / 1e6 / Math.Max(m.Seconds, 1e-9))), 1) },
                };
                // fields that do not apply are left out
                foreach (var key in ((JsonObject)contenders[byContender.Key]!).Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    ((JsonObject)contenders[byContender.Key]!).Remove(key);
                }
            }
            scenarios[group.Key] = contenders;
        }
        return new JsonObject
        {
            ["machine"] = $"{Environment.ProcessorCount} cores, {RuntimeName()}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}",
            ["rows"] = rows,
            ["results"] = scenarios,
        };
    }

    private static string RuntimeName()
    {
        try
        {
            var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return model is null ? "unknown CPU" : model.Substring(model.IndexOf(':') + 1).Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    private static string Table(JsonObject report)
    {
        var text = new StringBuilder();
        foreach (var (scenario, contenders) in (JsonObject)report["results"]!)
        {
            text.AppendLine(scenario);
            foreach (var (contender, figures) in (JsonObject)contenders!)
            {
                text.Append("  ").Append(contender.PadRight(12));
                foreach (var (key, value) in (JsonObject)figures!)
                {
                    text.Append($"  {key}={value}");
                }
                text.AppendLine();
            }
        }
        return text.ToString();
    }
}
