using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Driver.Benchmarks.Compare;

/// <summary>
/// node-hdb (SAP's JavaScript client) through <c>../shared/conformance/hdb-check.js --bench</c>, and any other
/// client given with <c>--peer NAME=COMMAND</c>. Each runs in its own process under bash, whose <c>times</c>
/// reports the child's CPU time (node's start-up included, which slightly favours the .NET contenders).
/// </summary>
internal sealed class NodePeer
{
    private static readonly Regex s_rate = new(@"(?<rows>\d+) rows in (?<seconds>[\d.]+) s = (?<rate>\d+) rows/s");
    private static readonly Regex s_peak = new(@"PEAK_KB (?<kb>\d+)");
    private static readonly Regex s_anyRate = new(@"(?<rate>[\d,.]+) rows/s");
    private readonly string _folder;

    private NodePeer(string folder)
    {
        _folder = folder;
    }

    public static NodePeer? TryPrepare()
    {
        var conformance = FindConformance();
        if (conformance is null)
        {
            return null;
        }
        var folder = Path.Combine(Path.GetTempPath(), "driver-bench-node-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(conformance))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }
        var (status, _, _) = Bash("npm install --no-audit --no-fund --loglevel=error", folder, TimeSpan.FromMinutes(5));
        return status == 0 ? new NodePeer(folder) : null;
    }

    private static string? FindConformance()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Driver.sln")))
            {
                var candidate = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "conformance"));
                return File.Exists(Path.Combine(candidate, "hdb-check.js")) ? candidate : null;
            }
        }
        return null;
    }

    /// <summary>
    /// Fetches <paramref name="rows"/> rows with node-hdb. With <paramref name="peak"/> (the scale harness) the shell
    /// polls node's VmHWM every 0.1 s while it runs (a high-water mark, so the last reading is its peak up to then; the
    /// polling's <c>sleep</c> processes add about 1 % to the CPU figure, so compare runs without it).
    /// </summary>
    public Measurement? Fetch(ServerProcess server, string sql, int rows, bool peak = false)
    {
        var command = $"node hdb-check.js {server.Host} {server.Port} {server.User} '{server.Password}' --bench {rows} --sql \"{sql}\" --fetch-size 1000";
        if (peak)
        {
            command = command + " & pid=$!; peak=0; while kill -0 $pid 2>/dev/null; do "
                + "while read -r key value _; do [ \"$key\" = VmHWM: ] && peak=$value; done < /proc/$pid/status 2>/dev/null; sleep 0.1; done; "
                + "wait $pid; code=$?; echo \"PEAK_KB $peak\"; (exit $code)";
        }
        var (status, output, cpu) = Bash(command, _folder, TimeSpan.FromMinutes(10));
        var match = s_rate.Match(output);
        if (status != 0 || !match.Success)
        {
            Console.Error.WriteLine($"node-hdb: exit {status}: {output.Trim()}");
            return null;
        }
        var fetched = long.Parse(match.Groups["rows"].Value, CultureInfo.InvariantCulture);
        return new Measurement
        {
            Contender = "node-hdb",
            Scenario = "fetch",
            Operations = fetched,
            Seconds = double.Parse(match.Groups["seconds"].Value, CultureInfo.InvariantCulture),
            CpuSeconds = cpu,
            AllocatedBytes = -1,
            PeakWorkingSetBytes = s_peak.Match(output) is { Success: true } p ? long.Parse(p.Groups["kb"].Value, CultureInfo.InvariantCulture) * 1024 : 0,
        };
    }

    /// <summary>A --peer client: COMMAND with {host} {port} {user} {password} {rows} {sql}; prints "N rows/s".</summary>
    public static Measurement? RunPeer(string name, string template, ServerProcess server, string sql, int rows)
    {
        var command = template.Replace("{host}", server.Host).Replace("{port}", server.Port.ToString(CultureInfo.InvariantCulture))
            .Replace("{user}", server.User).Replace("{password}", server.Password)
            .Replace("{rows}", rows.ToString(CultureInfo.InvariantCulture)).Replace("{sql}", sql);
        var (status, output, cpu) = Bash(command, Environment.CurrentDirectory, TimeSpan.FromMinutes(10));
        var match = s_anyRate.Match(output);
        if (status != 0 || !match.Success)
        {
            Console.Error.WriteLine($"{name}: exit {status}: {output.Trim()}");
            return null;
        }
        var rate = double.Parse(match.Groups["rate"].Value.Replace(",", string.Empty), CultureInfo.InvariantCulture);
        return new Measurement { Contender = name, Scenario = "fetch", Operations = rows, Seconds = rows / rate, CpuSeconds = cpu, AllocatedBytes = -1 };
    }

    /// <summary>Runs a command under bash; returns its exit code, output, and the CPU seconds of its children.</summary>
    private static (int Status, string Output, double CpuSeconds) Bash(string command, string folder, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash", ["-c", command + "\nstatus=$?\ntimes\nexit $status"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out", 0);
        }
        var lines = stdout.Result.TrimEnd().Split('\n');
        // `times` prints the shell's user/sys, then its children's: "0m1.234s 0m0.056s"
        var cpu = lines.Length > 0 ? ParseTimes(lines[^1]) : 0;
        return (process.ExitCode, stdout.Result + stderr.Result, cpu);
    }

    private static double ParseTimes(string line)
    {
        double total = 0;
        foreach (Match part in Regex.Matches(line, @"(?<m>\d+)m(?<s>[\d.]+)s"))
        {
            total += int.Parse(part.Groups["m"].Value, CultureInfo.InvariantCulture) * 60
                + double.Parse(part.Groups["s"].Value, CultureInfo.InvariantCulture);
        }
        return total;
    }
}
