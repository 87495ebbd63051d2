using System.Diagnostics;

namespace Driver.ParserFuzz;

/// <summary>
/// Entry point. Modes: the in-process fuzzer (default), --replay FILE (run stored inputs), --reproduce N (write and
/// run execution N of --seed), --instrument (SharpFuzz-instrument Driver.Sync.dll beside this program, for
/// --coverage and AFL++) and --afl (the AFL++ persistent-mode entry, started by run-afl.sh).
/// </summary>
public static class Program
{
    private const string Usage = """
        Driver.ParserFuzz: in-process fuzzing of the HANA reply parser, part readers, LZ4 inflate and value decoders.

          dotnet run -c Release --project tests/Driver.ParserFuzz -- --executions 10M --seed 1
            --executions N    inputs to run (10000000, 10_000_000 or 10M)      default 1M
            --seed S          the run's seed; execution i's input depends on (S, i) only   default 20261206
            --start N         first execution index (resume or bisect a run)
            --threads T       worker threads (the machine is shared: default 1)
            --timeout-ms MS   per-input time bound; longer counts as a hang    default 5000
            --stop-on-crash   stop at the first crash
            --coverage        keep inputs that reach new edges (needs --instrument first; see run-afl.sh)
            --vectors DIR     protocol vectors (default ../shared/protocol/vectors beside the repository)
            --crashes DIR     where failing inputs are written (default ./parserfuzz-crashes)
          --replay FILE       run one stored input (repeatable) and print what happened
          --reproduce N       print, save and run the input of execution N (with --seed)
          --export-seeds DIR  write the seed corpus as files (AFL++'s -i folder)
          --instrument        SharpFuzz-instrument Driver.Sync.dll in this program's folder (once per build)
          --afl               AFL++ persistent-mode entry (run-afl.sh)
        Prints executions, exec/s and crashes; exits 1 if any input crashed, 3 on a hang.
        """;

    public static int Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Usage);
            return 0;
        }
        if (args.Contains("--instrument"))
        {
            // before anything loads Driver.Sync: the assembly is rewritten in place
            return Instrumentation.Instrument(Path.Combine(AppContext.BaseDirectory, "Driver.Sync.dll"));
        }
        FuzzOptions options;
        try
        {
            options = FuzzOptions.Parse(args);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine(exception.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }
        if (options.Afl)
        {
            return AflEntry.Run();
        }
        // instrumented code bumps SharpFuzz's edge map from its first call on, so the map must exist before any
        // driver code runs (AFL++ mode gets AFL's shared memory from Fuzzer.Run instead)
        using var coverage = Instrumentation.IsInstrumented() ? new CoverageMap() : null;
        if (options.Replay.Count > 0)
        {
            return Replay(options.Replay);
        }
        var vectors = options.VectorsDirectory ?? FindVectors();
        var clock = Stopwatch.StartNew();
        var pool = SeedPool.Load(vectors, Path.Combine(AppContext.BaseDirectory, "corpus"));
        Console.WriteLine($"seed corpus: {pool.Count} inputs from {vectors} and the recorded replies ({string.Join(", ", Enum.GetValues<FuzzTarget>().Select(t => $"{t} {pool.CountOf(t)}"))}), loaded in {clock.ElapsedMilliseconds} ms");
        var runner = new FuzzRunner(options, pool, options.Coverage ? coverage : null);
        if (options.ExportSeeds is { } seedDirectory)
        {
            // AFL++ takes its seeds as files, target byte included, like every stored input here
            Directory.CreateDirectory(seedDirectory);
            var index = 0;
            foreach (var seed in pool.All)
            {
                File.WriteAllBytes(Path.Combine(seedDirectory, $"seed-{index++:0000}-{Harness.TargetOf(seed)}"), seed);
            }
            Console.WriteLine($"{index} seeds written to {seedDirectory}");
            return 0;
        }
        if (options.ReproduceExecution is { } execution)
        {
            var input = runner.InputOf(execution);
            var path = Path.Combine(Environment.CurrentDirectory, $"execution-{options.Seed}-{execution}.bin");
            File.WriteAllBytes(path, input);
            Console.WriteLine($"execution {execution} of seed {options.Seed}: {input.Length} bytes, saved to {path}");
            return Replay([path]);
        }
        if (options.Coverage && coverage is null)
        {
            Console.Error.WriteLine("--coverage needs an instrumented Driver.Sync.dll: run with --instrument first (without rebuilding afterwards).");
            return 2;
        }
        return runner.Run();
    }

    private static int Replay(IEnumerable<string> files)
    {
        var failures = 0;
        foreach (var file in files)
        {
            var input = File.ReadAllBytes(file);
            var crash = Verdict.Judge(-1, input);
            Console.WriteLine(crash is null
                ? $"{file}: {Harness.TargetOf(input)}, {input.Length} bytes: ok (a result or HanaProtocolException)"
                : $"{file}: {crash.Target}, {input.Length} bytes: CRASH {crash.Signature}: {crash.Message}");
            if (crash is not null)
            {
                failures++;
                try
                {
                    Harness.Execute(input);
                }
                catch (Exception exception)
                {
                    Console.WriteLine(exception);
                }
            }
        }
        return failures == 0 ? 0 : 1;
    }

    /// <summary>../shared/protocol/vectors beside the repository (the folder holding Driver.sln).</summary>
    private static string FindVectors()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Driver.sln")))
            {
                return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "protocol", "vectors"));
            }
        }
        throw new DirectoryNotFoundException("Driver.sln not found above the program; pass --vectors DIR.");
    }
}
