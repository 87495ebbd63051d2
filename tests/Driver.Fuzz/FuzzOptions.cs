using System.Globalization;
using Driver.Tests.Reliability;

namespace Driver.Fuzz;

/// <summary>The runner's command line.</summary>
public sealed class FuzzOptions
{
    public int Runs { get; private set; } = int.MaxValue;
    public int Seed { get; private set; } = 1;
    public int Parallel { get; private set; } = 1;
    public double? Minutes { get; private set; }
    public int? Replay { get; private set; }
    public MutationClass? Class { get; private set; }
    public bool Verbose { get; private set; }

    /// <summary>The one sign-in method the server offers (e.g. SCRAMSHA256: no PBKDF2, a faster run); null: both.</summary>
    public string? SignIn { get; private set; }

    public static FuzzOptions? Parse(string[] args)
    {
        var options = new FuzzOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--runs": options.Runs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--seed": options.Seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--parallel": options.Parallel = Math.Max(1, int.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--minutes": options.Minutes = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--replay": options.Replay = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--class": options.Class = Enum.Parse<MutationClass>(Next(), ignoreCase: true); break;
                case "--verbose": options.Verbose = true; break;
                case "--sign-in": options.SignIn = Next().ToUpperInvariant(); break;
                default: return null;
            }
        }
        if (options.Runs == int.MaxValue && options.Minutes is null && options.Replay is null)
        {
            options.Runs = 100;
        }
        return options;
    }
}
