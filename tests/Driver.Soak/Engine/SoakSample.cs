namespace Driver.Soak;

/// <summary>One row of samples.csv: the process, the pools, the server's objects and the calls so far.</summary>
internal sealed record SoakSample(
    double Seconds,
    double ManagedHeapMb,
    double HeapAfterGcMb,
    double WorkingSetMb,
    double GcCommittedMb,
    double ServerEngineMb,
    int FileDescriptors,
    int Threads,
    int SyncPoolTotal,
    int SyncPoolInUse,
    int AsyncPoolTotal,
    int AsyncPoolInUse,
    long ServerConnections,
    long ServerPreparedStatements,
    long ServerResultSets,
    long Calls,
    double CallsPerSecond,
    long Success,
    long Documented,
    long Raw,
    long Wrong,
    long Hangs,
    long FaultsPlanned)
{
    public const string CsvHeader =
        "seconds,managed_heap_mb,heap_after_gc_mb,working_set_mb,gc_committed_mb,server_engine_mb,fds,threads,sync_pool_total,sync_pool_in_use," +
        "async_pool_total,async_pool_in_use,server_connections,server_prepared_statements,server_result_sets," +
        "calls,calls_per_s,success,documented,raw,wrong,hangs,faults_planned";

    /// <summary>Reads a row written by <see cref="ToCsv"/> (to draw the charts again from a run's samples.csv).</summary>
    public static SoakSample FromCsv(string line)
    {
        var f = line.Split(',');
        double D(int i) => double.Parse(f[i], System.Globalization.CultureInfo.InvariantCulture);
        int I(int i) => int.Parse(f[i], System.Globalization.CultureInfo.InvariantCulture);
        long L(int i) => long.Parse(f[i], System.Globalization.CultureInfo.InvariantCulture);
        return new SoakSample(D(0), D(1), D(2), D(3), D(4), D(5), I(6), I(7), I(8), I(9), I(10), I(11), L(12), L(13), L(14),
            L(15), D(16), L(17), L(18), L(19), L(20), L(21), L(22));
    }

    public string ToCsv() => string.Join(",", new object[]
    {
        Seconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
        ManagedHeapMb.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
        HeapAfterGcMb.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
        WorkingSetMb.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
        GcCommittedMb.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
        ServerEngineMb.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
        FileDescriptors, Threads, SyncPoolTotal, SyncPoolInUse, AsyncPoolTotal, AsyncPoolInUse,
        ServerConnections, ServerPreparedStatements, ServerResultSets, Calls,
        CallsPerSecond.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
        Success, Documented, Raw, Wrong, Hangs, FaultsPlanned,
    });
}
