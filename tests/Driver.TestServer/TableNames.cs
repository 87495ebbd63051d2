using System.Text.RegularExpressions;

namespace Driver.TestServer;

/// <summary>
/// The tables a statement names after FROM, JOIN, INTO, UPDATE or TABLE (unqualified, unquoted), for the placement
/// TABLELOCATION reports (§6.19). A scan, not a parser: good enough to route the statements tests write.
/// </summary>
internal static partial class TableNames
{
    [GeneratedRegex("""\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(?:"?[A-Za-z_][\w$#]*"?\s*\.\s*)?"?([A-Za-z_][\w$#]*)"?""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Names();

    public static IEnumerable<string> In(string sql) =>
        Names().Matches(sql).Select(m => m.Groups[1].Value).Where(name => !string.Equals(name, "DUMMY", StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase);
}
