using System.Diagnostics;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Session;

namespace Driver.Benchmarks.Server;

/// <summary>
/// How fast the test server serves a large result to a client that only counts bytes and rows:
/// <c>dotnet run -c Release --project benchmarks/Driver.Benchmarks -- server-throughput [--rows N] [--fetch-size N] [--rounds R]</c>.
/// The client logs in with the protocol core, sends EXECUTEDIRECT and FETCHNEXT requests and reads the
/// RESULTSET parts' row counts and byte lengths, decoding no value.
/// </summary>
internal static class ServerThroughput
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = 1_000_000;
        var fetchSize = 10_000;
        var rounds = 5;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rows": rows = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--fetch-size": fetchSize = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }
        await using var server = await Driver.TestServer.TestServer.StartAsync();
        var settings = new ConnectionSettings { UserName = "SYSTEM", Password = Driver.TestServer.TestServer.DefaultPassword, CommandTimeout = TimeSpan.FromMinutes(5) };
        using var core = new ConnectionCore(settings, server.Host, server.Port);
        core.OpenSync();
        var sql = $"SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, {rows})";
        Console.WriteLine($"server throughput: {sql}, fetch size {fetchSize}, {rounds} rounds, {Environment.ProcessorCount} cores");
        var best = 0.0;
        for (var round = 0; round < rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            var (received, bytes) = FetchCounting(core, sql, fetchSize);
            watch.Stop();
            if (received != rows)
            {
                Console.Error.WriteLine($"expected {rows} rows, received {received}");
                return 1;
            }
            var rate = received / watch.Elapsed.TotalSeconds;
            best = Math.Max(best, rate);
            Console.WriteLine($"round {round + 1}: {received} rows, {bytes / 1e6:F1} MB of rows in {watch.Elapsed.TotalMilliseconds:F0} ms = {rate:N0} rows/s");
        }
        Console.WriteLine($"best: {best:N0} rows/s");
        return 0;
    }

    private static (long Rows, long Bytes) FetchCounting(ConnectionCore core, string sql, int fetchSize)
    {
        var reply = core.RoundTripSync(StatementRunner.BuildExecuteDirect(core, sql, autoCommit: true, fetchSize), core.Settings.CommandTimeout);
        reply.TryGetPart(PartKind.ResultSetId, out var idPart);
        var id = SimpleParts.ReadId(reply.GetPartSpan(idPart));
        long rows = 0, bytes = 0;
        while (true)
        {
            reply.TryGetPart(PartKind.ResultSet, out var part);
            rows += part.ArgumentCount;
            bytes += part.Length;
            if ((part.Attributes & PartAttributes.LastPacket) != 0)
            {
                return (rows, bytes);
            }
            reply = core.RoundTripSync(StatementRunner.BuildFetchNext(core, id, fetchSize), core.Settings.CommandTimeout);
        }
    }
}
