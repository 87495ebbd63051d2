using System.Globalization;
using Driver.Soak;

// dotnet run -c Release --project tests/Driver.Soak -- --minutes M [--sync-threads T] [--async-tasks A] [--seed S]
//   [--fault-rate R] [--out DIR] [--sample-seconds N] [--skip OPERATION]... [--no-live-stalls]
//   or: --render-csv samples.csv --out DIR (the charts again from a run's samples)
// Exit code: 0 pass, 1 fail (not flat, a hang, a raw exception, a wrong result, something left on the server), 2 usage.
if (args is ["--render-csv", var csvPath, "--out", var chartDirectory])
{
    // draws the charts again from a run's samples (the SVG code changed, or a chart was added)
    var samples = File.ReadLines(csvPath).Skip(1).Where(line => line.Length > 0).Select(SoakSample.FromCsv).ToList();
    Directory.CreateDirectory(chartDirectory);
    foreach (var (name, svg) in SoakReport.Charts(samples))
    {
        File.WriteAllText(Path.Combine(chartDirectory, name), svg);
    }
    Console.WriteLine($"drew {samples.Count} samples into {Path.GetFullPath(chartDirectory)}");
    return 0;
}

var options = new SoakOptions { OutputDirectory = "soak-out", Log = Console.WriteLine };
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--minutes": options.Duration = TimeSpan.FromMinutes(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
            case "--sync-threads": options.SyncThreads = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--async-tasks": options.AsyncTasks = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--seed": options.Seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--fault-rate": options.FaultRate = double.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--out": options.OutputDirectory = Next(); break;
            case "--no-live-stalls": options.StallLiveSessions = false; break;
            case "--skip": options.Skipped.Add(Enum.Parse<SoakOperation>(Next(), ignoreCase: true)); break;
            case "--sample-seconds": options.SampleInterval = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
            default: throw new ArgumentException($"unknown argument {args[i]}");
        }
    }
}
catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine("usage: --minutes M [--sync-threads T] [--async-tasks A] [--seed S] [--fault-rate R] [--out DIR] [--sample-seconds N] [--skip OPERATION]... [--no-live-stalls]");
    return 2;
}

var commandLine = "dotnet run -c Release --project tests/Driver.Soak -- " + string.Join(" ", args);
Console.WriteLine($"soak: {options.Duration.TotalMinutes:0.##} min, {options.SyncThreads} sync threads, {options.AsyncTasks} async tasks, " +
                  $"seed {options.Seed}, {options.FaultRate:0.##} faults/s, hang limit {options.HangLimit.TotalSeconds:0} s, out {options.OutputDirectory}");
var result = await SoakEngine.RunAsync(options);
SoakReport.Write(result, options.OutputDirectory!, commandLine);
var passed = SoakReport.Passed(result);
Console.WriteLine($"calls {result.Counters.Calls:N0}, hangs {result.Hangs}, raw {result.RawExceptions}, wrong {result.WrongResults}, " +
                  $"abandoned workers {result.AbandonedWorkers}, left on server {result.LeftoverConnections}/{result.LeftoverPreparedStatements}/{result.LeftoverResultSets}: {(passed ? "PASS" : "FAIL")}");
Console.WriteLine($"wrote {Path.GetFullPath(options.OutputDirectory!)}/summary.md, samples.csv, soak-*.svg");
// a worker stuck in the driver must not keep the process alive (they are background threads, but be explicit)
Environment.Exit(passed ? 0 : 1);
return passed ? 0 : 1;
