using System.Diagnostics;
using System.Globalization;
using Driver.Tests.Reliability;

namespace Driver.Fuzz;

/// <summary>
/// dotnet run -c Release --project tests/Driver.Fuzz -- --runs N --seed S [--parallel P] [--minutes M] [--replay SEED] [--sign-in METHOD]
/// Each session's seed picks its configuration (flavor, pooling, compression), its mutation class, the reply it
/// mutates and the mutation's own seed; --replay runs one session again from its seed and prints it in full.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = FuzzOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: Driver.Fuzz --runs N --seed S [--parallel P] [--minutes M] [--class NAME] [--replay SEED] [--sign-in SCRAMSHA256|SCRAMPBKDF2SHA256] [--verbose]");
            return 2;
        }
        Driver.TestServer.TestServerOptions? serverOptions = null;
        if (options.SignIn is { } method)
        {
            // one sign-in method: SCRAMSHA256 spares the 15,000 PBKDF2 rounds per sign-in on both sides (most of a
            // session's CPU); the mutated replies are the same otherwise
            serverOptions = new Driver.TestServer.TestServerOptions();
            serverOptions.AuthenticationMethods.Clear();
            serverOptions.AuthenticationMethods.Add(method);
        }
        await using var harness = await HostileHarness.StartAsync(serverOptions);
        harness.ExactAsyncAllocations = options.Parallel == 1;
        var configs = HostileConfig.All.ToArray();
        var replyCounts = new int[configs.Length];
        for (var i = 0; i < configs.Length; i++)
        {
            replyCounts[i] = (await harness.DryRunAsync(configs[i])).Count;
            Console.WriteLine($"unmutated {configs[i]}: {replyCounts[i]} replies");
        }

        (HostileConfig, MutationPlan) Session(int seed)
        {
            var random = new Random(seed);
            var config = random.Next(configs.Length);
            var classes = Enum.GetValues<MutationClass>();
            var mutation = options.Class ?? classes[random.Next(classes.Length)];
            // one past the end: a plan whose reply never comes (the session must then be correct)
            var index = random.Next(replyCounts[config] + 1);
            return (configs[config], new MutationPlan(index, mutation, random.Next()));
        }

        if (options.Replay is { } replay)
        {
            var (config, plan) = Session(replay);
            var result = await harness.RunAsync(config, plan);
            Console.WriteLine($"seed {replay}: {result}");
            return result.IsBad ? 1 : 0;
        }

        var seeds = new Random(options.Seed);
        var table = new SummaryTable();
        var bad = new List<(int Seed, CaseResult Result)>();
        var clock = Stopwatch.StartNew();
        var stopAt = options.Minutes is { } minutes ? TimeSpan.FromMinutes(minutes) : TimeSpan.MaxValue;
        var started = 0;
        using var gate = new SemaphoreSlim(options.Parallel);
        var running = new List<Task>();
        var lastReport = TimeSpan.Zero;
        while (started < options.Runs && clock.Elapsed < stopAt)
        {
            await gate.WaitAsync();
            var seed = seeds.Next();
            started++;
            running.Add(Task.Run(async () =>
            {
                try
                {
                    var (config, plan) = Session(seed);
                    var result = await harness.RunAsync(config, plan);
                    lock (table)
                    {
                        table.Add(result);
                        if (result.IsBad)
                        {
                            bad.Add((seed, result));
                            Console.WriteLine($"BAD seed {seed}: {result}");
                        }
                        else if (result.LateDetected)
                        {
                            Console.WriteLine($"LATE seed {seed}: {result}");
                        }
                        else if (options.Verbose)
                        {
                            Console.WriteLine($"seed {seed}: {result}");
                        }
                    }
                }
                finally
                {
                    gate.Release();
                }
            }));
            running.RemoveAll(task => task.IsCompleted);
            if (clock.Elapsed - lastReport > TimeSpan.FromMinutes(1))
            {
                lastReport = clock.Elapsed;
                lock (table)
                {
                    Console.WriteLine($"{clock.Elapsed:hh\\:mm\\:ss} {table.Total} sessions, {table.Total / clock.Elapsed.TotalSeconds:0.0}/s, {bad.Count} bad");
                }
            }
        }
        await Task.WhenAll(running);
        var elapsed = clock.Elapsed;
        Console.WriteLine();
        Console.WriteLine($"seed {options.Seed}, {table.Total} sessions in {elapsed.TotalSeconds:0} s ({table.Total / elapsed.TotalSeconds:0.00} sessions/s), parallel {options.Parallel}");
        Console.WriteLine(table.Render());
        foreach (var (seed, result) in bad.OrderBy(item => item.Result.Plan.Class))
        {
            Console.WriteLine($"replay: --replay {seed}{(options.SignIn is { } m ? " --sign-in " + m : "")}   {result.Config} {result.Plan} -> {result.Outcome}{(result.Reused ? " REUSED" : "")}{(result.AllocationSuspect ? " ALLOC" : "")}");
        }
        return bad.Count == 0 ? 0 : 1;
    }
}
