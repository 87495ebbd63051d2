using BenchmarkDotNet.Running;

namespace Driver.Benchmarks;

/// <summary>
/// BenchmarkDotNet suites (<c>dotnet run -c Release --project benchmarks/Driver.Benchmarks -- --filter *</c>) and
/// stand-alone measurements: <c>server-throughput</c>.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "server-throughput")
        {
            return await Server.ServerThroughput.RunAsync(args[1..]);
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
