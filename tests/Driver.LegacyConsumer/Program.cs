using System;
using System.Collections.Generic;
using System.Linq;
using Driver.AotConsumer;

namespace Driver.LegacyConsumer;

/// <summary>
/// Usage: Driver.LegacyConsumer.exe &lt;plain connection string&gt; &lt;TLS connection string or "-"&gt;.
/// Driver.Sync on .NET Framework (run by Mono in CI): 1,000 rows inserted in a committed transaction and 50 in a
/// rolled-back one, read back through Query&lt;T&gt; and Map&lt;T&gt;, plain, LZ4-compressed and (unless "-") over TLS;
/// then <see cref="LegacyChecks"/>: DbProviderFactories from App.config, Dapper, pooling, LOB streams;
/// <see cref="TimeoutChecks"/>: a CommandTimeout that expires and Cancel() from another thread.
/// </summary>
public static class Program
{
    private static string Runtime => Type.GetType("Mono.Runtime") is null ? ".NET Framework" : "Mono";

    /// <summary>Runs the checks; exit code 0 when all passed.</summary>
    public static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: Driver.LegacyConsumer.exe <plain connection string> <TLS connection string or ->");
            return 2;
        }
        Check.Rows = 1000;
        var runs = new List<(string Name, string ConnectionString)>
        {
            ("plain", args[0] + ";Compress=false"),
            ("compressed", args[0] + ";Compress=true"),
        };
        if (args[1] != "-")
        {
            runs.Add(("tls", args[1]));
        }
        var passed = 0;
        var failed = 0;
        foreach (var (name, connectionString) in runs)
        {
            try
            {
                var summary = SyncRun.Run(connectionString, $"LEGACY_{name}".ToUpperInvariant());
                Console.WriteLine($"ok   net48 {name,-10} {summary} ({Runtime} {Environment.Version})");
                passed++;
            }
            catch (Exception exception)
            {
                Console.WriteLine($"FAIL net48 {name,-10} {exception}");
                failed++;
            }
        }
        var legacy = new (string Name, Func<string, string> Run)[]
        {
            ("factories", LegacyChecks.ProviderFactory),
            ("dapper", LegacyChecks.Dapper),
            ("pooling", LegacyChecks.Pooling),
            ("lob", LegacyChecks.Lob),
            ("timeout", TimeoutChecks.CommandTimeout),
            ("cancel", TimeoutChecks.Cancel),
        };
        foreach (var (name, run) in legacy)
        {
            try
            {
                Console.WriteLine($"ok   net48 {name,-10} {run(args[0])}");
                passed++;
            }
            catch (Exception exception)
            {
                Console.WriteLine($"FAIL net48 {name,-10} {exception}");
                failed++;
            }
        }
        Console.WriteLine($"{passed} passed, {failed} failed");
        return failed == 0 && passed == runs.Count + legacy.Length ? 0 : 1;
    }
}
