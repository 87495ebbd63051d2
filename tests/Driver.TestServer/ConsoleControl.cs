using System.Globalization;

namespace Driver.TestServer;

/// <summary>
/// The console host's control commands, one per line on standard input (docs/scale-out.md): <c>stop K</c>,
/// <c>start K</c>, <c>master K</c>, <c>load K FACTOR</c>, <c>place TABLE K</c> and <c>nodes</c>. Each answers one
/// line, "ok ..." or "error: ...". The end of input ends the reading, not the server.
/// </summary>
internal static class ConsoleControl
{
    public static async Task RunAsync(TestServer server, TextReader input, TextWriter output)
    {
        while (await input.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            var answer = await ExecuteAsync(server, line).ConfigureAwait(false);
            if (answer is not null)
            {
                await output.WriteLineAsync(answer).ConfigureAwait(false);
                await output.FlushAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs one command line; null for a blank one.</summary>
    public static async Task<string?> ExecuteAsync(TestServer server, string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return null;
        }
        try
        {
            int NodeAt(int index) => words.Length > index && int.TryParse(words[index], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new ArgumentException($"{words[0]} needs a node number");
            switch (words[0].ToLowerInvariant())
            {
                case "stop":
                    await server.StopNodeAsync(NodeAt(1)).ConfigureAwait(false);
                    return $"ok stopped node {NodeAt(1)}";
                case "start":
                    server.StartNode(NodeAt(1));
                    return $"ok started node {NodeAt(1)}";
                case "master":
                    server.MoveMaster(NodeAt(1));
                    return $"ok master is node {NodeAt(1)}";
                case "load":
                    var factor = words.Length > 2 && double.TryParse(words[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                        ? value
                        : throw new ArgumentException("load needs a node number and a factor");
                    server.SetLoadFactor(NodeAt(1), factor);
                    return $"ok node {NodeAt(1)} load {factor.ToString(CultureInfo.InvariantCulture)}";
                case "place":
                    var table = words.Length > 1 ? words[1] : throw new ArgumentException("place needs a table and a node number");
                    server.PlaceTable(table, NodeAt(2));
                    return $"ok {table} on node {NodeAt(2)}";
                case "nodes":
                    return "ok " + string.Join("; ", server.Nodes.Select(n => $"{n} {(n.IsUp ? "up" : "down")}{(n.IsMaster ? " master" : string.Empty)}"));
                default:
                    return $"error: unknown command {words[0]} (stop K, start K, master K, load K FACTOR, place TABLE K, nodes)";
            }
        }
        catch (ArgumentException exception)
        {
            return "error: " + exception.Message;
        }
    }
}
