using System.Diagnostics;

namespace Driver.ParserFuzz;

/// <summary>
/// The in-process loop: execution <c>i</c> mutates a seed chosen by (seed, i) and judges the result; a watchdog
/// thread ends the run when one input takes longer than the per-input bound (a hang). Workers take every
/// <c>threads</c>-th execution, so the inputs do not depend on the thread count.
/// </summary>
internal sealed class FuzzRunner
{
    private readonly FuzzOptions _options;
    private readonly SeedPool _pool;
    private readonly Mutator _mutator;
    private readonly CoverageMap? _coverage;
    private readonly object _gate = new();
    private readonly Dictionary<string, (Crash First, long Count)> _crashes = new(StringComparer.Ordinal);
    private readonly long[] _started;
    private readonly byte[]?[] _current;
    private readonly long[] _currentExecution;
    private long _executions;
    private long _maxTicks;
    private long _coverageAdds;
    private (long Execution, byte[] Input) _slowest;
    private volatile bool _stop;
    private int _stalls;

    public FuzzRunner(FuzzOptions options, SeedPool pool, CoverageMap? coverage)
    {
        _options = options;
        _pool = pool;
        _mutator = new Mutator(pool);
        _coverage = coverage;
        _started = new long[options.Threads];
        _current = new byte[options.Threads][];
        _currentExecution = new long[options.Threads];
    }

    /// <summary>The input of one execution, exactly as the run produced it.</summary>
    public byte[] InputOf(long execution)
    {
        var rng = new Rng(_options.Seed, (ulong)execution);
        var seed = _pool.PickAny(ref rng);
        // one in 64 runs a seed as it is, so the corpus itself is checked too
        return rng.Chance(64) ? seed : _mutator.Mutate(seed, ref rng);
    }

    public int Run()
    {
        var crashDirectory = _options.CrashDirectory ?? Path.Combine(Environment.CurrentDirectory, "parserfuzz-crashes");
        var clock = Stopwatch.StartNew();
        var watchdog = new Thread(() => Watch(crashDirectory)) { IsBackground = true, Name = "watchdog" };
        watchdog.Start();
        var workers = Enumerable.Range(0, _options.Threads)
            .Select(worker => new Thread(() => Work(worker), 16 << 20) { IsBackground = true, Name = $"fuzz {worker}" })
            .ToArray();
        foreach (var worker in workers)
        {
            worker.Start();
        }
        var lastReport = clock.Elapsed;
        while (workers.Any(worker => worker.IsAlive))
        {
            workers.First(worker => worker.IsAlive).Join(500);
            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(10))
            {
                lastReport = clock.Elapsed;
                Report(clock.Elapsed, final: false);
            }
        }
        _stop = true;
        Report(clock.Elapsed, final: true);
        SaveCrashes(crashDirectory);
        if (_slowest.Input is { } slowest && Volatile.Read(ref _maxTicks) > Stopwatch.Frequency / 10)
        {
            // kept for a look with --replay: slow inputs are where quadratic work hides
            Directory.CreateDirectory(crashDirectory);
            File.WriteAllBytes(Path.Combine(crashDirectory, $"slowest-{_slowest.Execution}.bin"), slowest);
        }
        return _crashes.Count == 0 ? 0 : 1;
    }

    private void Work(int worker)
    {
        var end = _options.Start + _options.Executions;
        for (var execution = _options.Start + worker; execution < end && !_stop; execution += _options.Threads)
        {
            var input = InputOf(execution);
            _current[worker] = input;
            _currentExecution[worker] = execution;
            _coverage?.Reset();
            var started = Stopwatch.GetTimestamp();
            Volatile.Write(ref _started[worker], started);
            var crash = Verdict.Judge(execution, input);
            var ticks = Stopwatch.GetTimestamp() - started;
            Volatile.Write(ref _started[worker], 0);
            if (ticks > Volatile.Read(ref _maxTicks))
            {
                InterlockedMax(ref _maxTicks, ticks);
                _slowest = (execution, input);
            }
            if (_coverage is not null && crash is null && _coverage.HasNewEdges())
            {
                // coverage-guided: an input that reached new edges becomes a seed for later executions
                _pool.AddRaw(input);
                _coverageAdds++;
            }
            Interlocked.Increment(ref _executions);
            if (crash is not null)
            {
                Record(crash);
            }
        }
    }

    private static void InterlockedMax(ref long location, long value)
    {
        long current;
        while ((current = Volatile.Read(ref location)) < value && Interlocked.CompareExchange(ref location, value, current) != current)
        {
        }
    }

    private void Record(Crash crash)
    {
        lock (_gate)
        {
            if (_crashes.TryGetValue(crash.Signature, out var known))
            {
                _crashes[crash.Signature] = (known.First, known.Count + 1);
                return;
            }
            _crashes[crash.Signature] = (crash, 1);
            Console.WriteLine($"CRASH at execution {crash.Execution} ({crash.Target}): {crash.Signature}: {crash.Message}");
            Console.WriteLine($"  input ({crash.Input.Length} bytes): {Convert.ToHexString(crash.Input.AsSpan(0, Math.Min(crash.Input.Length, 96)))}{(crash.Input.Length > 96 ? "…" : string.Empty)}");
            if (_options.StopOnCrash)
            {
                _stop = true;
            }
        }
    }

    private void Watch(string crashDirectory)
    {
        var bound = (long)(_options.TimeoutMilliseconds * (Stopwatch.Frequency / 1000.0));
        while (!_stop)
        {
            Thread.Sleep(100);
            for (var worker = 0; worker < _started.Length; worker++)
            {
                var started = Volatile.Read(ref _started[worker]);
                if (started != 0 && Stopwatch.GetTimestamp() - started > bound && _current[worker] is { } input)
                {
                    if (ReplayIsQuick(input, bound))
                    {
                        // the machine is shared: a worker descheduled (or a GC) past the bound is no hang if the same
                        // input, run again here, finishes within it; a real hang would not
                        _stalls++;
                        Volatile.Write(ref _started[worker], Stopwatch.GetTimestamp());
                        continue;
                    }
                    Directory.CreateDirectory(crashDirectory);
                    var path = Path.Combine(crashDirectory, $"hang-{_currentExecution[worker]}.bin");
                    File.WriteAllBytes(path, input);
                    Console.WriteLine($"HANG at execution {_currentExecution[worker]}: over {_options.TimeoutMilliseconds} ms; input saved to {path}");
                    Console.Out.Flush();
                    Environment.Exit(3);
                }
            }
        }
    }

    private static bool ReplayIsQuick(byte[] input, long bound)
    {
        var replay = new Thread(() => Verdict.Judge(-1, input), 16 << 20) { IsBackground = true, Name = "hang check" };
        var started = Stopwatch.GetTimestamp();
        replay.Start();
        return replay.Join(TimeSpan.FromSeconds(bound / (double)Stopwatch.Frequency)) && Stopwatch.GetTimestamp() - started <= bound;
    }

    private void Report(TimeSpan elapsed, bool final)
    {
        var executions = Interlocked.Read(ref _executions);
        var rate = executions / Math.Max(elapsed.TotalSeconds, 0.001);
        var crashes = 0L;
        lock (_gate)
        {
            crashes = _crashes.Values.Sum(c => c.Count);
        }
        var maxMs = Volatile.Read(ref _maxTicks) * 1000.0 / Stopwatch.Frequency;
        var coverage = _coverage is null ? string.Empty : $", edges {_coverage.EdgeCount:N0}, corpus +{_coverageAdds:N0}";
        if (!final)
        {
            Console.WriteLine($"[{elapsed:hh\\:mm\\:ss}] executions {executions:N0}, exec/s {rate:N0}, crashes {crashes}{coverage}");
            return;
        }
        Console.WriteLine();
        Console.WriteLine($"seed: {_options.Seed} (executions {_options.Start:N0} … {_options.Start + _options.Executions - 1:N0}), threads: {_options.Threads}");
        Console.WriteLine($"executions: {executions:N0}");
        Console.WriteLine($"elapsed: {elapsed.TotalSeconds:N1} s");
        Console.WriteLine($"exec/s: {rate:N0}");
        Console.WriteLine($"slowest input: {maxMs:N1} ms, execution {_slowest.Execution} ({Harness.TargetOf(_slowest.Input ?? [])}, {_slowest.Input?.Length ?? 0} bytes; hang bound {_options.TimeoutMilliseconds} ms)");
        if (_coverage is not null)
        {
            Console.WriteLine($"edges: {_coverage.EdgeCount:N0}; inputs added to the corpus for new edges: {_coverageAdds:N0}");
        }
        Console.WriteLine($"hangs: 0 (inputs over the bound that finished within it when run again: {_stalls})");
        Console.WriteLine($"crashes: {crashes} ({_crashes.Count} unique)");
        foreach (var (signature, (first, count)) in _crashes.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"  {count,8:N0} × {signature} (first at execution {first.Execution}, {first.Target})");
        }
    }

    private void SaveCrashes(string crashDirectory)
    {
        if (_crashes.Count == 0)
        {
            return;
        }
        Directory.CreateDirectory(crashDirectory);
        foreach (var (first, _) in _crashes.Values)
        {
            var path = Path.Combine(crashDirectory, $"crash-{first.Kind}-{first.Execution}.bin");
            File.WriteAllBytes(path, first.Input);
            Console.WriteLine($"saved {path}");
        }
    }
}
