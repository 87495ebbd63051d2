using System.Text.RegularExpressions;
using Driver.Tests.Support;

namespace Driver.Tests.Docs;

/// <summary>docs/connection-string.md names every key the builder accepts, and the builder accepts every key it names.</summary>
public class ConnectionStringDocsTests
{
    private static List<string> DocumentedKeys()
    {
        var keys = new List<string>();
        foreach (var line in File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "docs", "connection-string.md")))
        {
            if (!line.StartsWith("| `", StringComparison.Ordinal))
            {
                continue;
            }
            var cells = line.Split('|');
            foreach (var cell in cells.Skip(1).Take(2))
            {
                keys.AddRange(Regex.Matches(cell, "`([^`]+)`").Select(match => match.Groups[1].Value));
            }
        }
        return keys;
    }

    [Theory]
    [InlineData("Sync")]
    [InlineData("Async")]
    public void EveryDocumentedKeyIsAccepted(string flavor)
    {
        var keys = DocumentedKeys();
        Assert.True(keys.Count > 60, $"only {keys.Count} keys found in the tables");
        foreach (var key in keys)
        {
            var name = key.Replace("NAME", "APPLICATION", StringComparison.Ordinal);
            if (flavor == "Sync")
            {
                var builder = new global::Driver.Sync.HanaConnectionStringBuilder();
                builder[name] = name == "Server" || name == "Host" || name == "serverNode" ? "h:1" : IsMethodList(name) ? "Password" : "1";
            }
            else
            {
                var builder = new global::Driver.Async.HanaConnectionStringBuilder();
                builder[name] = name == "Server" || name == "Host" || name == "serverNode" ? "h:1" : IsMethodList(name) ? "Password" : "1";
            }
        }
    }

    // the Authentication key takes method names only (docs/sign-in.md)
    private static bool IsMethodList(string key) => key is "Authentication" or "authenticationMethods";

    [Fact]
    public void EveryAcceptedKeyIsDocumented()
    {
        var documented = new HashSet<string>(DocumentedKeys(), StringComparer.Ordinal);
        var missing = global::Driver.Sync.HanaConnectionStringBuilder.KnownSpellings.Where(key => !documented.Contains(key)).ToList();
        Assert.Empty(missing);
    }
}
