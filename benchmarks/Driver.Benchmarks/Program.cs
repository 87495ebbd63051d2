using BenchmarkDotNet.Running;

namespace Driver.Benchmarks;

/// <summary>
/// BenchmarkDotNet suites (<c>dotnet run -c Release --project benchmarks/Driver.Benchmarks -- --filter *</c>) and
/// stand-alone measurements: <c>server-throughput</c>, the macro harness <c>compare</c> (with its
/// per-contender child processes, <c>client</c>), the scale curves <c>scale</c>, and the HTTP load benchmark
/// <c>http-load</c> (with its app, <c>http-serve</c>, and its load client, <c>http-client</c>).
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        switch (args.Length > 0 ? args[0] : string.Empty)
        {
            case "server-throughput":
                return await Server.ServerThroughput.RunAsync(args[1..]);
            case "compare":
                return await Compare.CompareCommand.RunAsync(args[1..]);
            case "client":
                return await Compare.ClientCommand.RunAsync(args[1..]);
            case "scale":
                return await Compare.ScaleCommand.RunAsync(args[1..]);
            case "http-load":
                return await Http.HttpLoadCommand.RunAsync(args[1..]);
            case "http-serve":
                return await Http.HttpBenchApp.RunAsync(args[1..]);
            case "http-client":
                return await Http.HttpLoadClient.RunAsync(args[1..]);
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
