namespace Driver.Soak;

/// <summary>
/// "Flat": the median of the last third of the samples is at most the median of the second third × 1.10 plus a
/// per-metric slack. The first third is warm-up (JIT, pools filling, the server's tables growing to their
/// working size) and is not judged. DuckDB's own memory figure is charted but not judged: it is the test
/// server's storage engine, a sawtooth of tables dropped and freed later (70-510 MB within minutes in the first
/// 30-minute run); the process working set, which contains it, is judged.
/// </summary>
internal sealed record FlatnessCheck(string Metric, string Unit, double SecondThirdMedian, double LastThirdMedian, double Limit)
{
    public const double Growth = 0.10;

    public bool Flat => LastThirdMedian <= Limit;

    /// <summary>Fewer samples than this and flatness is not judged (a short run has no steady state).</summary>
    public const int MinimumSamples = 9;

    public static List<FlatnessCheck> Evaluate(IReadOnlyList<SoakSample> samples)
    {
        var checks = new List<FlatnessCheck>();
        if (samples.Count < MinimumSamples)
        {
            return checks;
        }
        var third = samples.Count / 3;
        var second = samples.Skip(third).Take(third).ToList();
        var last = samples.Skip(samples.Count - third).ToList();
        void Add(string metric, string unit, double slack, Func<SoakSample, double> value)
        {
            var secondValues = second.Select(value).Where(v => v >= 0).ToList();
            var lastValues = last.Select(value).Where(v => v >= 0).ToList();
            if (secondValues.Count == 0 || lastValues.Count == 0)
            {
                return;
            }
            var before = Median(secondValues);
            checks.Add(new FlatnessCheck(metric, unit, before, Median(lastValues), before * (1 + Growth) + slack));
        }
        Add("managed heap after GC", "MB", 16, s => s.HeapAfterGcMb);
        Add("working set", "MB", 64, s => s.WorkingSetMb);
        Add("GC committed", "MB", 32, s => s.GcCommittedMb);
        Add("open file descriptors", "", 16, s => s.FileDescriptors);
        Add("threads", "", 8, s => s.Threads);
        Add("server sessions (M_CONNECTIONS)", "", 8, s => s.ServerConnections);
        Add("server prepared statements", "", 16, s => s.ServerPreparedStatements);
        Add("server result sets", "", 16, s => s.ServerResultSets);
        return checks;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
