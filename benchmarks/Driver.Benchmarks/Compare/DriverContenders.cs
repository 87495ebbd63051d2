namespace Driver.Benchmarks.Compare;

/// <summary>The Driver.Sync and Driver.Async contenders (through the public ADO.NET API).</summary>
internal static class DriverContenders
{
    public static Task<Measurement?> RunAsync(string contender, string scenario, Dictionary<string, string> options) =>
        throw new NotSupportedException($"Contender {contender} arrives with the public driver API.");
}
