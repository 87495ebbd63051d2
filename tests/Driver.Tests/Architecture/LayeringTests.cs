using System.Text.RegularExpressions;
using Driver.Tests.Support;

namespace Driver.Tests.Architecture;

/// <summary>
/// The internal code does not see the public API through a global using, and the protocol core names no public
/// type but the exceptions it throws and the decimal it decodes (docs/architecture.md, "Layering"). Read from the
/// sources, against the public types Driver.Sync really exports.
/// </summary>
public class LayeringTests
{
    private static readonly string[] s_protocolCore = ["Protocol", "Types", "Auth", "Compression", "Net"];

    private static readonly HashSet<string> s_allowedInProtocolCore =
        ["HanaException", "HanaProtocolException", "HanaConnectionException", "HanaErrorLevel", "HanaDecimal"];

    private static string CoreFolder => Path.Combine(RepositoryPaths.Root, "Driver.Core");

    private static IEnumerable<string> Sources(string folder) =>
        Directory.EnumerateFiles(Path.Combine(CoreFolder, folder), "*.cs", SearchOption.AllDirectories);

    [Fact]
    public void NoGlobalUsingOfThePublicApi()
    {
        var offenders = Directory.EnumerateFiles(CoreFolder, "*.cs", SearchOption.AllDirectories)
            .Where(file => Regex.IsMatch(File.ReadAllText(file), @"^\s*global\s+using\s+Driver\.(Sync|Async)\s*;", RegexOptions.Multiline))
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void TheProtocolCoreNamesOnlyItsExceptionsAndHanaDecimal()
    {
        var publicTypes = typeof(Driver.Sync.HanaConnection).Assembly.GetExportedTypes().Select(type => type.Name.Split('`')[0]).ToHashSet();
        Assert.Contains("HanaDecimal", publicTypes);
        var named = new List<string>();
        foreach (var file in s_protocolCore.SelectMany(Sources))
        {
            // identifiers outside comments
            var code = string.Join('\n', File.ReadLines(file).Select(line => Regex.Replace(line, @"//.*$", string.Empty)));
            foreach (Match match in Regex.Matches(code, @"\b[A-Z][A-Za-z0-9]*\b"))
            {
                if (publicTypes.Contains(match.Value) && !s_allowedInProtocolCore.Contains(match.Value))
                {
                    named.Add($"{Path.GetRelativePath(CoreFolder, file)}: {match.Value}");
                }
            }
        }
        Assert.Empty(named.Distinct());
    }
}
