using System.Diagnostics;
using System.Globalization;

namespace Driver.Benchmarks.Compare;

/// <summary>
/// One contender in its own process: <c>client CONTENDER SCENARIO --host H --port P --user U --password W
/// [--rows N] [--sql SQL] [--fetch-size F]</c>. Prints one <see cref="Measurement"/> line.
/// </summary>
internal static class ClientCommand
{
    public const int PointSelects = 10_000;
    public const int BatchRows = 100_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var contender = args[0];
        var scenario = args[1];
        var options = ParseOptions(args.Skip(2).ToArray());
        if (scenario == "fetch" && options.TryGetValue("min-seconds", out var minimum))
        {
            Measurement.MinimumSeconds = double.Parse(minimum, CultureInfo.InvariantCulture);
        }
        var measurement = contender switch
        {
            "raw-socket" => RunRaw(scenario, options, capture: false),
            "memcpy" => RunMemcpy(scenario, options),
            "sync-pool" or "async-pool" => await PooledCallers.RunAsync(contender, scenario, options).ConfigureAwait(false),
            _ => await DriverContenders.RunAsync(contender, scenario, options).ConfigureAwait(false),
        };
        if (measurement is null)
        {
            Console.Error.WriteLine($"{contender} does not run {scenario}");
            return 3;
        }
        Console.WriteLine(measurement.ToLine());
        return 0;
    }

    public static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }
        return options;
    }

    public static int Int(Dictionary<string, string> options, string key, int fallback) =>
        options.TryGetValue(key, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static Measurement? RunRaw(string scenario, Dictionary<string, string> o, bool capture)
    {
        using var client = RawClient.Connect(o["host"], Int(o, "port", 30015), o["user"], o["password"]);
        var fetchSize = Int(o, "fetch-size", 1000);
        switch (scenario)
        {
            case "fetch":
                Measurement.WarmUp(() => client.Fetch(o["sql"], fetchSize));
                var bytes = client.BytesReceived;
                var fetch = Measurement.Run("raw-socket", scenario, () => client.Fetch(o["sql"], fetchSize));
                fetch.Bytes = client.BytesReceived - bytes;
                return fetch;
            case "point_select":
                var statement = client.Prepare(o["sql"]);
                var ticks = new long[PointSelects];
                long Selects()
                {
                    for (var i = 0; i < PointSelects; i++)
                    {
                        var start = Stopwatch.GetTimestamp();
                        client.ExecuteIntParameter(statement, i % Int(o, "rows", PointSelects));
                        ticks[i] = Stopwatch.GetTimestamp() - start;
                    }
                    return PointSelects;
                }
                Measurement.WarmUp(Selects);
                var point = Measurement.Run("raw-socket", scenario, Selects);
                point.SetLatencies(ticks);
                return point;
            case "lob_read":
                return LobContenders.RawRead(client, o);
            case "lob_write":
                return LobContenders.RawWrite(client, o);
            case "batch_insert":
                return LobContenders.RawBatch(client);
            default:
                return null;
        }
    }

    /// <summary>The bound for decoding: copying the very reply bytes of the fetch once more.</summary>
    private static Measurement? RunMemcpy(string scenario, Dictionary<string, string> o)
    {
        if (scenario != "fetch")
        {
            return null;
        }
        using var client = RawClient.Connect(o["host"], Int(o, "port", 30015), o["user"], o["password"]);
        client.StartCapture();
        var rows = client.Fetch(o["sql"], Int(o, "fetch-size", 1000));
        var replies = client.Captured!;
        var target = new byte[replies.Max(r => r.Length)];
        return Measurement.Run("memcpy", scenario, () =>
        {
            foreach (var reply in replies)
            {
                Buffer.BlockCopy(reply, 0, target, 0, reply.Length);
            }
            return rows;
        });
    }
}
