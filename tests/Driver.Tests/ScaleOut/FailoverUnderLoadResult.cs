using System.Globalization;
using System.Text;

namespace Driver.Tests.ScaleOut;

/// <summary>
/// What a failover-under-load run measured and what it found wrong (docs/scale-out.md, "Failover under load").
/// </summary>
internal sealed class FailoverUnderLoadResult
{
    private readonly Dictionary<string, FlavorFigures> _flavors = [];

    /// <summary>The run's size.</summary>
    public required FailoverUnderLoadOptions Options { get; init; }

    /// <summary>Every worker ended within its bound (no hang).</summary>
    public bool Finished { get; init; }

    /// <summary>The node that was stopped (the master at the time).</summary>
    public int StoppedNode { get; init; }

    /// <summary>When both flavors had committed their first transaction (the run's time counts from there).</summary>
    public TimeSpan WarmAt { get; init; }

    /// <summary>When the workers were told to end.</summary>
    public TimeSpan EndAt { get; init; }

    /// <summary>When the stop began, on the run's clock.</summary>
    public TimeSpan StopAt { get; init; }

    /// <summary>One message per flavor, call and exception type, to show what the callers were told.</summary>
    public SortedDictionary<string, string> Samples { get; } = new(StringComparer.Ordinal);

    /// <summary>How long StopNodeAsync took (listener closed, sessions aborted).</summary>
    public TimeSpan StopTook { get; init; }

    /// <summary>From the start of the stop to the first successful read of a Driver.Sync thread begun after it on a surviving node.</summary>
    public TimeSpan? FirstReadAfterStopSync { get; init; }

    /// <summary>From the start of the stop to the first successful read of a Driver.Async worker begun after it on a surviving node.</summary>
    public TimeSpan? FirstReadAfterStopAsync { get; init; }

    /// <summary>Opens that returned a session on which a call had already failed with a connection error.</summary>
    public int BrokenSessionsReused { get; init; }

    /// <summary>Opens begun after the stop that returned a session on the stopped node (its socket already reset).</summary>
    public int StaleSessionsHandedOut { get; init; }

    /// <summary>Reads begun after the stop that ran on the stopped node (impossible unless a stale session was used).</summary>
    public int ReadsOnStoppedNode { get; init; }

    /// <summary>Distinct sessions (server connection ids) on which a call failed with a connection error.</summary>
    public int SessionsSeenBroken { get; init; }

    /// <summary>Everything the checks found wrong (empty for a good run), at most 200 lines.</summary>
    public List<string> Violations { get; } = [];

    /// <summary>The figures of one flavor ("Sync" or "Async").</summary>
    public FlavorFigures Flavor(string name) => _flavors.TryGetValue(name, out var figures) ? figures : _flavors[name] = new FlavorFigures();

    /// <summary>The figures as the markdown docs/scale-out.md quotes.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        var stopAt = StopAt.TotalSeconds;
        var end = EndAt.TotalSeconds;
        // the rate before the stop from the warm-up's end (the pools' first opens and the JIT are not the failover)
        var before = WarmAt.TotalSeconds;
        text.AppendLine(CultureInfo.InvariantCulture, $"{Options.Nodes} nodes, {Options.AsyncWorkers} Driver.Async workers, {Options.SyncThreads} Driver.Sync threads, {Options.Duration.TotalSeconds:0} s from the first commit of both flavors (at {before:0.0} s of the run), master (node {StoppedNode}) stopped at {stopAt:0.0} s (the stop took {StopTook.TotalMilliseconds:0} ms); finished: {Finished}");
        text.AppendLine();
        text.AppendLine("| | Driver.Async | Driver.Sync |");
        text.AppendLine("|---|---|---|");
        var a = Flavor("Async");
        var s = Flavor("Sync");
        void Row(string label, Func<FlavorFigures, string> value) => text.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {value(a)} | {value(s)} |");
        Row("transactions committed (Commit returned)", f => $"{f.Committed} ({f.CommittedBeforeStop} before the stop, {f.CommittedAfterStop} after)");
        Row("committed transactions missing", f => f.Missing.ToString(CultureInfo.InvariantCulture));
        Row("failed before their commit (all absent)", f => $"{f.FailedBeforeCommit} ({f.CommittedWithoutCommit} present)");
        Row("commit failed: in doubt", f => $"{f.CommitFailed}: {f.InDoubtCommitted} committed, {f.InDoubtRolledBack} rolled back; OutcomeUnknown on {f.OutcomeUnknown}");
        Row("commit failed with OutcomeUnknown = false, yet committed", f => f.CommittedDespiteKnownOutcome.ToString(CultureInfo.InvariantCulture));
        Row("partly visible transactions", f => f.Partial.ToString(CultureInfo.InvariantCulture));
        Row("reads that missed a committed transaction / saw too many", f => $"{f.ReadsTooFew} / {f.ReadsTooMany}");
        Row(string.Create(CultureInfo.InvariantCulture, $"throughput before the stop ({before:0.#} s to {stopAt:0.#} s), commits/s"), f => Rate(f, before, stopAt));
        Row(string.Create(CultureInfo.InvariantCulture, $"throughput after the stop ({stopAt:0.#} s to {end:0.#} s), commits/s"), f => Rate(f, stopAt, end));
        Row(string.Create(CultureInfo.InvariantCulture, $"throughput in the 2 s after the stop, commits/s"), f => Rate(f, stopAt, stopAt + 2));
        text.AppendLine(CultureInfo.InvariantCulture, $"| first successful read begun after the stop began, on a surviving node, from the stop | {Ms(FirstReadAfterStopAsync)} | {Ms(FirstReadAfterStopSync)} |");
        Row("pooled sessions created / destroyed from the stop to the end", f => $"{f.SessionsCreatedAfterStop} / {f.SessionsDestroyedAfterStop}");
        Row("workers whose call failed after the stop", f => f.AffectedWorkers.ToString(CultureInfo.InvariantCulture));
        Row("their failed call returned, from the stop (median / max)", f => Spread(f.Detections));
        Row("their next successful read, from the stop (median / max)", f => Spread(f.Recoveries));
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Sessions a call saw broken: {SessionsSeenBroken}; broken sessions handed out again: {BrokenSessionsReused}; sessions on the stopped node handed out after the stop: {StaleSessionsHandedOut}; reads on the stopped node after the stop: {ReadsOnStoppedNode}.");
        text.AppendLine();
        text.AppendLine("Calls by outcome:");
        text.AppendLine();
        text.AppendLine("| call: outcome | Driver.Async | Driver.Sync |");
        text.AppendLine("|---|---|---|");
        foreach (var key in a.Calls.Keys.Union(s.Calls.Keys).Order(StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {key} | {a.Calls.GetValueOrDefault(key)} | {s.Calls.GetValueOrDefault(key)} |");
        }
        text.AppendLine();
        text.AppendLine("Commits per second of the run (Async/Sync): " + string.Join(", ", Enumerable.Range(0, (int)Math.Ceiling(end))
            .Select(second => string.Create(CultureInfo.InvariantCulture, $"{second}: {Rate(a, second, second + 1)}/{Rate(s, second, second + 1)}"))));
        text.AppendLine();
        text.AppendLine("What the failed calls were told (one message per flavor, call and type):");
        text.AppendLine();
        foreach (var (key, message) in Samples)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {key}: \"{message}\"");
        }
        if (Violations.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Violations:");
            foreach (var violation in Violations)
            {
                text.AppendLine("- " + violation);
            }
        }
        return text.ToString();
    }

    private static string Spread(List<TimeSpan> times) =>
        times.Count == 0 ? "-" : $"{Ms(times.Order().ElementAt(times.Count / 2))} / {Ms(times.Max())}";

    private static string Ms(TimeSpan? time) => time is { } t ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0} ms") : "none";

    private static string Rate(FlavorFigures figures, double from, double to)
    {
        var commits = figures.CommitTimes.Count(t => t >= from && t < to);
        return string.Create(CultureInfo.InvariantCulture, $"{commits / Math.Max(0.001, to - from):0}");
    }

    /// <summary>One flavor's counts.</summary>
    internal sealed class FlavorFigures
    {
        public Dictionary<string, int> Calls { get; } = [];
        public int Committed { get; set; }
        public int CommittedBeforeStop { get; set; }
        public int CommittedAfterStop { get; set; }
        public int Missing { get; set; }
        public int FailedBeforeCommit { get; set; }
        public int CommittedWithoutCommit { get; set; }
        public int CommitFailed { get; set; }
        public int InDoubtCommitted { get; set; }
        public int InDoubtRolledBack { get; set; }
        public int OutcomeUnknown { get; set; }
        public int CommittedDespiteKnownOutcome { get; set; }
        public int AffectedWorkers { get; set; }
        public long SessionsCreatedAfterStop { get; set; }
        public long SessionsDestroyedAfterStop { get; set; }
        public List<TimeSpan> Recoveries { get; } = [];
        public List<TimeSpan> Detections { get; } = [];
        public int Partial { get; set; }
        public int ReadsTooFew { get; set; }
        public int ReadsTooMany { get; set; }
        public List<double> CommitTimes { get; set; } = [];
    }
}
