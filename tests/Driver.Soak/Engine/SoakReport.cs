using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Driver.Soak;

/// <summary>The verdict, and the files: samples.csv, the SVG charts, summary.md.</summary>
internal static class SoakReport
{
    public static List<FlatnessCheck> Flatness(SoakResult result) => FlatnessCheck.Evaluate(result.Samples);

    /// <summary>Pass: flat (when long enough to judge), no hang, no raw exception, no wrong result, nothing left on the server, no worker stuck.</summary>
    public static bool Passed(SoakResult result) =>
        Flatness(result).All(check => check.Flat) && result.Hangs == 0 && result.RawExceptions == 0 && result.WrongResults == 0
        && result.NoLeftovers && result.AbandonedWorkers == 0;

    public static void Write(SoakResult result, string directory, string commandLine)
    {
        Directory.CreateDirectory(directory);
        var csv = new StringBuilder(SoakSample.CsvHeader).Append('\n');
        foreach (var sample in result.Samples)
        {
            csv.Append(sample.ToCsv()).Append('\n');
        }
        File.WriteAllText(Path.Combine(directory, "samples.csv"), csv.ToString());
        foreach (var (name, svg) in Charts(result.Samples))
        {
            File.WriteAllText(Path.Combine(directory, name), svg);
        }
        File.WriteAllText(Path.Combine(directory, "summary.md"), Summary(result, commandLine));
    }

    public static IEnumerable<(string File, string Svg)> Charts(List<SoakSample> samples)
    {
        var seconds = samples.Select(s => s.Seconds).ToList();
        IReadOnlyList<double> Of(Func<SoakSample, double> value) => samples.Select(value).Select(v => v < 0 ? double.NaN : v).ToList();
        // rates between consecutive samples
        IReadOnlyList<double> Rate(Func<SoakSample, double> counter) => samples.Select((s, i) =>
            i == 0 || s.Seconds <= samples[i - 1].Seconds ? double.NaN : (counter(s) - counter(samples[i - 1])) / (s.Seconds - samples[i - 1].Seconds)).ToList();
        yield return ("soak-memory.svg", SvgChart.Render("Memory (driver + in-process test server)", "MB", seconds,
        [
            ("managed heap", Of(s => s.ManagedHeapMb)),
            ("heap after last GC", Of(s => s.HeapAfterGcMb)),
            ("working set", Of(s => s.WorkingSetMb)),
            ("GC committed", Of(s => s.GcCommittedMb)),
            ("server's DuckDB", Of(s => s.ServerEngineMb)),
        ]));
        yield return ("soak-handles.svg", SvgChart.Render("Handles", "count", seconds,
        [
            ("open file descriptors", Of(s => s.FileDescriptors)),
            ("threads", Of(s => s.Threads)),
        ]));
        yield return ("soak-server.svg", SvgChart.Render("Server-side objects (all sessions but the monitor)", "count", seconds,
        [
            ("sessions", Of(s => s.ServerConnections)),
            ("prepared statements", Of(s => s.ServerPreparedStatements)),
            ("result sets", Of(s => s.ServerResultSets)),
        ]));
        yield return ("soak-pool.svg", SvgChart.Render("Pools (Max Pool Size per flavor)", "sessions", seconds,
        [
            ("sync total", Of(s => s.SyncPoolTotal)),
            ("sync in use", Of(s => s.SyncPoolInUse)),
            ("async total", Of(s => s.AsyncPoolTotal)),
            ("async in use", Of(s => s.AsyncPoolInUse)),
        ]));
        yield return ("soak-calls.svg", SvgChart.Render("Calls and failures", "per second", seconds,
        [
            ("calls", Rate(s => s.Calls)),
            ("documented exceptions", Rate(s => s.Documented)),
            ("faults planned", Rate(s => s.FaultsPlanned)),
            ("raw + wrong + hangs", Rate(s => s.Raw + s.Wrong + s.Hangs)),
        ]));
    }

    public static string Summary(SoakResult result, string commandLine)
    {
        var invariant = CultureInfo.InvariantCulture;
        var options = result.Options;
        var counters = result.Counters;
        var text = new StringBuilder();
        var passed = Passed(result);
        text.Append(invariant, $"# Soak: {(passed ? "PASS" : "FAIL")}\n\n");
        text.Append(invariant, $"- command: `{commandLine}`\n");
        text.Append(invariant, $"- machine: {Machine()}\n");
        text.Append(invariant, $"- ran {result.Elapsed.TotalMinutes:0.0} min (asked {options.Duration.TotalMinutes:0.##}); {options.SyncThreads} sync threads (Driver.Sync), {options.AsyncTasks} async tasks (Driver.Async); seed {options.Seed}\n");
        if (options.Skipped.Count > 0)
        {
            text.Append(invariant, $"- left out of the mix: {string.Join(", ", options.Skipped)}\n");
        }
        text.Append(invariant, $"- pools: Max Pool Size={options.MaxPoolSize} per flavor, FetchSize=64, Command Timeout={options.CommandTimeoutSeconds} s, Connect Timeout={options.ConnectTimeoutSeconds} s\n");
        text.Append(invariant, $"- faults: {options.FaultRate:0.##}/s on average, {result.Faults.Planned} planned; injected stalls last {options.StallLength.TotalSeconds:0} s{(options.StallLiveSessions ? "" : "; live sessions' replies never stalled")}\n");
        text.Append(invariant, $"- hang limit: {options.HangLimit.TotalSeconds:0} s per call (Connect Timeout + Command Timeout + cancel grace {options.CancelGrace.TotalSeconds:0} s + margin {options.HangMargin.TotalSeconds:0} s)\n\n");

        var calls = counters.Calls;
        text.Append(invariant, $"## Calls: {calls:N0} ({calls / Math.Max(1, result.Elapsed.TotalSeconds):0.0}/s)\n\n");
        text.Append("| flavor | call | success | documented | raw | wrong | hang |\n|---|---|---:|---:|---:|---:|---:|\n");
        foreach (var isAsync in new[] { false, true })
        {
            foreach (var operation in Enum.GetValues<SoakOperation>())
            {
                text.Append(invariant, $"| {(isAsync ? "async" : "sync")} | {operation} ");
                foreach (var outcome in Enum.GetValues<Outcome>())
                {
                    text.Append(invariant, $"| {counters.Get(isAsync, operation, outcome):N0} ");
                }
                text.Append("|\n");
            }
        }
        text.Append(invariant, $"| **all** | | **{counters.Total(Outcome.Success):N0}** | **{counters.Total(Outcome.Documented):N0}** | **{counters.Total(Outcome.Raw):N0}** | **{counters.Total(Outcome.Wrong):N0}** | **{counters.Total(Outcome.Hang):N0}** |\n\n");

        text.Append("## Documented exceptions by kind\n\n| flavor, type, code | count |\n|---|---:|\n");
        foreach (var (kind, count) in counters.DocumentedKinds.OrderByDescending(pair => pair.Value))
        {
            text.Append(invariant, $"| {kind} | {count:N0} |\n");
        }
        text.Append("\n## Documented exceptions by call (first message seen)\n\n| flavor, type, code, call | count | message |\n|---|---:|---|\n");
        foreach (var (kind, (count, example)) in counters.DocumentedByCall.OrderByDescending(pair => pair.Value.Count))
        {
            text.Append(invariant, $"| {kind} | {count:N0} | {example.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal)} |\n");
        }
        text.Append("\n## Faults planned by kind\n\n| fault | count |\n|---|---:|\n");
        foreach (var (kind, count) in result.Faults.PlannedByKind.OrderByDescending(pair => pair.Value))
        {
            text.Append(invariant, $"| {kind} | {count:N0} |\n");
        }

        text.Append("\n## Flat?\n\n");
        var checks = Flatness(result);
        if (checks.Count == 0)
        {
            text.Append(invariant, $"Not judged: {result.Samples.Count} samples, fewer than {FlatnessCheck.MinimumSamples}.\n");
        }
        else
        {
            text.Append(invariant, $"Rule: median of the last third of the samples ≤ median of the second third × {1 + FlatnessCheck.Growth:0.00} + slack (the first third is warm-up).\n\n");
            text.Append("| metric | 2nd third median | last third median | limit | flat |\n|---|---:|---:|---:|---|\n");
            foreach (var check in checks)
            {
                text.Append(invariant, $"| {check.Metric}{(check.Unit.Length > 0 ? " (" + check.Unit + ")" : "")} | {check.SecondThirdMedian:0.#} | {check.LastThirdMedian:0.#} | {check.Limit:0.#} | {(check.Flat ? "yes" : "**NO**")} |\n");
            }
        }
        text.Append(invariant, $"\nAfter both pools were cleared: {result.LeftoverConnections} sessions, {result.LeftoverPreparedStatements} prepared statements, {result.LeftoverResultSets} result sets left on the server (the monitor's own not counted). Workers abandoned inside a call: {result.AbandonedWorkers}.\n");

        if (result.PreparedStatementsAtEnd.Count > 0)
        {
            text.Append("\nPrepared statements of the pooled sessions once the workers had stopped (before the pools were cleared):\n\n| statement | count |\n|---|---:|\n");
            foreach (var (sql, count) in result.PreparedStatementsAtEnd.Take(10))
            {
                text.Append(invariant, $"| `{sql}` | {count} |\n");
            }
        }

        var events = counters.Events.ToList();
        if (events.Count > 0)
        {
            text.Append(invariant, $"\n## Raw exceptions, wrong results and hangs (first {events.Count})\n\n");
            foreach (var soakEvent in events)
            {
                text.Append(invariant, $"- {soakEvent.At.TotalMinutes:0.00} min, **{soakEvent.Outcome}**, {soakEvent.Flavor} {soakEvent.Operation}, worker {soakEvent.Worker}, connection {soakEvent.ConnectionId}, fault on it: {soakEvent.FaultOnConnection ?? "none planned"}\n");
                text.Append("  ```\n  ").Append(soakEvent.Detail.Replace("\n", "\n  ", StringComparison.Ordinal)).Append("\n  ```\n");
            }
        }
        if (!counters.LateCompletions.IsEmpty)
        {
            text.Append("\n## Hangs that ended after all\n\n");
            foreach (var late in counters.LateCompletions)
            {
                text.Append("- ").Append(late).Append('\n');
            }
        }
        text.Append(invariant, $"\n## Verdict: {(passed ? "PASS" : "FAIL")}\n\n");
        text.Append(invariant, $"- flat: {(checks.Count == 0 ? "not judged" : checks.All(c => c.Flat) ? "yes" : "NO (" + string.Join(", ", checks.Where(c => !c.Flat).Select(c => c.Metric)) + ")")}\n");
        text.Append(invariant, $"- hangs: {result.Hangs}\n- raw exceptions: {result.RawExceptions}\n- wrong results: {result.WrongResults}\n");
        text.Append(invariant, $"- left on the server after clearing the pools: {(result.NoLeftovers ? "nothing" : $"{result.LeftoverConnections}/{result.LeftoverPreparedStatements}/{result.LeftoverResultSets}")}\n");
        return text.ToString();
    }

    private static string Machine()
    {
        var cpu = "unknown CPU";
        if (File.Exists("/proc/cpuinfo"))
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        return $"{Environment.ProcessorCount} logical CPUs ({cpu}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC";
    }
}
