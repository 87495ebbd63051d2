using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Driver.Benchmarks.Compare;

/// <summary>
/// What one client process measured for one scenario: wall time, its own CPU time and its allocations over the
/// measured section only (login and setup excluded), and per-operation latencies where they apply.
/// </summary>
internal sealed class Measurement
{
    public string Contender { get; set; } = string.Empty;
    public string Scenario { get; set; } = string.Empty;
    public long Operations { get; set; }
    public double Seconds { get; set; }
    public double CpuSeconds { get; set; }
    public long AllocatedBytes { get; set; }

    /// <summary>Thread-pool work items completed during the measured section (each can wake a worker).</summary>
    public long WorkItems { get; set; }
    public long Bytes { get; set; }
    public double P50Microseconds { get; set; }
    public double P99Microseconds { get; set; }

    /// <summary>Reply bytes after decompression (the compression scenario), or 0.</summary>
    public long BytesUncompressed { get; set; }

    /// <summary>The client process's peak resident set (VmHWM) when the measurement ended, or 0 where unknown.</summary>
    public long PeakWorkingSetBytes { get; set; }

    /// <summary>Round trips per operation where the contender counts them (the pooled point select), or 0.</summary>
    public double RoundTripsPerOperation { get; set; }

    public double PerSecond => Operations / Math.Max(Seconds, 1e-9);
    public double CpuNanosecondsPerOperation => CpuSeconds * 1e9 / Math.Max(Operations, 1);
    public double AllocatedBytesPerOperation => (double)AllocatedBytes / Math.Max(Operations, 1);

    public const string Prefix = "RESULT ";

    public string ToLine() => Prefix + JsonSerializer.Serialize(this);

    public static Measurement? Parse(string line) =>
        line.StartsWith(Prefix, StringComparison.Ordinal) ? JsonSerializer.Deserialize<Measurement>(line.Substring(Prefix.Length)) : null;

    /// <summary>
    /// How long a contender runs its workload before the measured section. Tiered compilation promotes hot methods
    /// to optimized code only after they ran for a while (call counting, then a background compile that competes
    /// for the two cores): a short warm-up measured mostly tier-0 code (perf showed 30 % of an async fetch's CPU in
    /// [QuickJitted] methods), and the async flavor, with more methods and busier threads, suffered more.
    /// </summary>
    /// <remarks>
    /// 2 s by default; <c>HARNESS_WARMUP_SECONDS</c> (inherited by every client process) sets another: on a loaded
    /// machine the tier-1 compiles of a long path (a pooled rent, statement and reset) were still running after 2 s.
    /// </remarks>
    public static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(
        double.TryParse(Environment.GetEnvironmentVariable("HARNESS_WARMUP_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 ? seconds : 2);

    /// <summary>
    /// The measured section repeats its workload until this many seconds have passed (0, the default: once). Only for
    /// workloads whose operations are counted by their return value alone (the fetch), never for per-operation latencies.
    /// </summary>
    public static double MinimumSeconds { get; set; }

    /// <summary>Repeats <paramref name="work"/> until <see cref="WarmUpTime"/> has passed (at least once).</summary>
    public static void WarmUp(Func<long> work) => WarmUpAsync(() => Task.FromResult(work())).GetAwaiter().GetResult();

    /// <summary>The same for asynchronous work.</summary>
    public static async Task WarmUpAsync(Func<Task<long>> work)
    {
        var watch = Stopwatch.StartNew();
        do
        {
            await work().ConfigureAwait(false);
        }
        while (watch.Elapsed < WarmUpTime);
    }

    /// <summary>Measures <paramref name="work"/>, which returns the number of operations (rows, statements).</summary>
    public static Measurement Run(string contender, string scenario, Func<long> work) =>
        RunAsync(contender, scenario, () => Task.FromResult(work())).GetAwaiter().GetResult();

    /// <summary>The same for asynchronous work (the sync overload completes synchronously through it).</summary>
    public static async Task<Measurement> RunAsync(string contender, string scenario, Func<Task<long>> work)
    {
        var process = Process.GetCurrentProcess();
        using var sampler = Environment.GetEnvironmentVariable("HARNESS_ALLOC_TYPES") is null ? null : new AllocationSampler();
        GC.Collect();
        sampler?.Start();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var workItems = ThreadPool.CompletedWorkItemCount;
        var watch = Stopwatch.StartNew();
        var operations = await work().ConfigureAwait(false);
        // --min-seconds (the scale harness's fetch): a 10,000-row fetch takes milliseconds, too short a window to
        // read a rate from on a shared machine, so the workload repeats until the window is long enough
        while (watch.Elapsed.TotalSeconds < MinimumSeconds)
        {
            operations += await work().ConfigureAwait(false);
        }
        watch.Stop();
        sampler?.StopAndReport(Console.Error);
        process.Refresh();
        return new Measurement
        {
            Contender = contender,
            Scenario = scenario,
            Operations = operations,
            Seconds = watch.Elapsed.TotalSeconds,
            CpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds,
            AllocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - allocated,
            WorkItems = ThreadPool.CompletedWorkItemCount - workItems,
            PeakWorkingSetBytes = PeakWorkingSet(),
        };
    }

    /// <summary>
    /// This process's peak resident set: VmHWM of /proc/self/status (Linux), else the runtime's PeakWorkingSet64.
    /// The whole process is counted (runtime, JIT, warm-up included): the figure an operator sees.
    /// </summary>
    public static long PeakWorkingSet()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Substring(6).Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }

    /// <summary>Fills p50/p99 from per-operation latencies in Stopwatch ticks.</summary>
    public void SetLatencies(long[] ticks)
    {
        Array.Sort(ticks);
        double Micros(long t) => t * 1e6 / Stopwatch.Frequency;
        P50Microseconds = Micros(ticks[ticks.Length / 2]);
        P99Microseconds = Micros(ticks[Math.Min(ticks.Length - 1, (int)(ticks.Length * 0.99))]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Contender}/{Scenario}: {Operations} in {Seconds:F3} s = {PerSecond:N0}/s, cpu {CpuNanosecondsPerOperation:F0} ns/op, alloc {AllocatedBytesPerOperation:F1} B/op, {(double)WorkItems / Math.Max(Operations, 1):F3} work items/op");
}
