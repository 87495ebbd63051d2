using Driver.Core.Api;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// The distribution key (SQLDBC's and Sap.Data.Hana's spelling, docs/scale-out.md "Statement routing"): apart from the
// builder's own file so other key work merges cleanly.
public sealed partial class HanaConnectionStringBuilder
{
    /// <summary>
    /// Statement routing over a scale-out system (SAP's <c>distribution</c> key): <see cref="HanaDistribution.Off"/>
    /// (the default), <c>Connection</c>, <c>Statement</c> or <c>All</c>, any case, or the wire numbers 0 to 3
    /// (ClientDistributionMode, §8.6). With <c>Statement</c> or <c>All</c> a prepared statement on a table another node
    /// holds runs on a session to that node outside explicit transactions (docs/scale-out.md).
    /// </summary>
    public HanaDistribution Distribution
    {
        get => GetString(ConnectionStringKeyTable.Distribution) is { } text ? ParseDistribution(text) : HanaDistribution.Off;
        set => this[ConnectionStringKeyTable.Distribution] = value.ToString();
    }

    /// <summary>Off, Connection, Statement, All (any case) or 0-3; anything else is an <see cref="ArgumentException"/> naming the key.</summary>
    internal static HanaDistribution ParseDistribution(string value)
    {
        var text = value.Trim();
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number is >= 0 and <= 3)
        {
            return (HanaDistribution)number;
        }
        foreach (HanaDistribution mode in new[] { HanaDistribution.Off, HanaDistribution.Connection, HanaDistribution.Statement, HanaDistribution.All })
        {
            if (string.Equals(text, mode.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return mode;
            }
        }
        throw new ArgumentException(
            $"Connection string key '{ConnectionStringKeyTable.Distribution}': '{value}' is not a distribution mode; use Off, Connection, Statement or All (or 0 to 3).",
            ConnectionStringKeyTable.Distribution);
    }
}
