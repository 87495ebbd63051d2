using System.Globalization;

namespace Driver.ParserFuzz;

/// <summary>Command-line options (see Program for the usage text).</summary>
internal sealed class FuzzOptions
{
    public long Executions { get; set; } = 1_000_000;
    public ulong Seed { get; set; } = 20261206;
    public long Start { get; set; }
    public int Threads { get; set; } = 1;
    public int TimeoutMilliseconds { get; set; } = 5000;
    public bool StopOnCrash { get; set; }
    public bool Afl { get; set; }
    public bool Coverage { get; set; }
    public string? VectorsDirectory { get; set; }
    public string? CrashDirectory { get; set; }
    public List<string> Replay { get; } = new();
    public long? ReproduceExecution { get; set; }
    public string? ExportSeeds { get; set; }

    public static FuzzOptions Parse(string[] args)
    {
        var options = new FuzzOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--executions":
                    options.Executions = ParseCount(Value());
                    break;
                case "--seed":
                    options.Seed = ulong.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--start":
                    options.Start = ParseCount(Value());
                    break;
                case "--threads":
                    options.Threads = Math.Max(1, int.Parse(Value(), CultureInfo.InvariantCulture));
                    break;
                case "--timeout-ms":
                    options.TimeoutMilliseconds = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--stop-on-crash":
                    options.StopOnCrash = true;
                    break;
                case "--coverage":
                    options.Coverage = true;
                    break;
                case "--afl":
                    options.Afl = true;
                    break;
                case "--vectors":
                    options.VectorsDirectory = Value();
                    break;
                case "--crashes":
                    options.CrashDirectory = Value();
                    break;
                case "--replay":
                    options.Replay.Add(Value());
                    break;
                case "--export-seeds":
                    options.ExportSeeds = Value();
                    break;
                case "--reproduce":
                    options.ReproduceExecution = ParseCount(Value());
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }
        return options;
    }

    /// <summary>Accepts 10000000, 10_000_000, 10M or 10k.</summary>
    private static long ParseCount(string text)
    {
        text = text.Replace("_", string.Empty, StringComparison.Ordinal).Replace(",", string.Empty, StringComparison.Ordinal);
        var factor = 1L;
        if (text.EndsWith('M') || text.EndsWith('m'))
        {
            factor = 1_000_000;
            text = text[..^1];
        }
        else if (text.EndsWith('k') || text.EndsWith('K'))
        {
            factor = 1_000;
            text = text[..^1];
        }
        return long.Parse(text, CultureInfo.InvariantCulture) * factor;
    }
}
