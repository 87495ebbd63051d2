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
