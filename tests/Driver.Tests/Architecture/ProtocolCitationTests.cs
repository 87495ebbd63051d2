using System.Text.RegularExpressions;
using Driver.Tests.Support;

namespace Driver.Tests.Architecture;

/// <summary>
/// Every section citation in the repository (<c>§N</c>, <c>§N.M</c>, … in any .cs file, the README and docs/*.md)
/// names a section that docs/protocol.md has, so a clone of the repository can follow each one. A citation
/// qualified by another document (<c>SOME-OTHER.md §3</c>) is that document's business and is skipped.
/// </summary>
public class ProtocolCitationTests
{
    // written as \u00A7 so this file holds no citation of its own
    private const string Section = "\u00A7";

    // a run of citations, optionally led by the document it belongs to: "X.md §3, §4", "§8.1-8.3", "§8.2 / §8.3"
    private static readonly Regex s_run = new(
        @"(?:(?<doc>[\w.-]+\.md)\s+)?" + Section + @"(?<first>\d+(?:\.\d+)*)(?<rest>(?:\s*(?:,|/|and|-)\s*" + Section + @"\d+(?:\.\d+)*)*)",
        RegexOptions.CultureInvariant);

    private static readonly Regex s_number = new(@"\d+(?:\.\d+)*", RegexOptions.CultureInvariant);

    private static readonly Regex s_heading = new(@"^#{2,6}\s+(?<number>\d+(?:\.\d+)*)\.?\s", RegexOptions.CultureInvariant);

    [Fact]
    public void EveryCitationNamesAnExistingSection()
    {
        var sections = SectionsOf(File.ReadAllLines(ProtocolNotes));
        var missing = new List<string>();
        var found = 0;
        foreach (var file in CitingFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (var cited in Citations(lines[i]))
                {
                    found++;
                    if (!sections.Contains(cited))
                    {
                        missing.Add($"{Path.GetRelativePath(RepositoryPaths.Root, file)}:{i + 1}: {Section}{cited} is not a section of docs/protocol.md");
                    }
                }
            }
        }

        Assert.True(found > 100, $"Only {found} citations found: the scanner no longer sees them.");
        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void TheNotesHaveTheChaptersTheCodeCites()
    {
        var sections = SectionsOf(File.ReadAllLines(ProtocolNotes));
        Assert.All(new[] { "1.3", "3.1", "5.3", "6.4", "7.3.9", "8.6", "12.1", "15.2" }, n => Assert.Contains(n, sections));
    }

    [Theory]
    [InlineData("// see " + Section + "7.3.4 and " + Section + "12.1.", new[] { "7.3.4", "12.1" })]
    [InlineData("(" + Section + "8.1-8.3, " + Section + "15.2)", new[] { "8.1", "15.2" })]
    [InlineData("(" + Section + "8.2 / " + Section + "8.3)", new[] { "8.2", "8.3" })]
    [InlineData("(docs/protocol.md " + Section + "3, " + Section + "4)", new[] { "3", "4" })]
    [InlineData("(TEST-SERVER-ENGINE.md " + Section + "3 and " + Section + "5)", new string[0])]
    [InlineData("no citation: 3.1 or " + Section + " alone", new string[0])]
    public void CitationsAreFoundAsWritten(string line, string[] expected)
    {
        Assert.Equal(expected, Citations(line).ToArray());
    }

    [Fact]
    public void HeadingsAreNumberedSections()
    {
        var sections = SectionsOf(["## 7. Types", "### 7.3 Result sets", "#### 7.3.9 LOB descriptors", "Text 8.1 here", "## Appendix"]);
        Assert.Equal(new[] { "7", "7.3", "7.3.9" }, sections.OrderBy(s => s, StringComparer.Ordinal).ToArray());
    }

    private static string ProtocolNotes => Path.Combine(RepositoryPaths.Root, "docs", "protocol.md");

    private static HashSet<string> SectionsOf(IEnumerable<string> lines) =>
        lines.Select(line => s_heading.Match(line)).Where(m => m.Success).Select(m => m.Groups["number"].Value).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> Citations(string line)
    {
        foreach (Match run in s_run.Matches(line))
        {
            var doc = run.Groups["doc"];
            if (doc.Success && !doc.Value.EndsWith("protocol.md", StringComparison.Ordinal))
            {
                continue;
            }
            yield return run.Groups["first"].Value;
            foreach (var part in run.Groups["rest"].Value.Split(Section[0]).Skip(1))
            {
                yield return s_number.Match(part).Value;
            }
        }
    }

    private static IEnumerable<string> CitingFiles()
    {
        var root = RepositoryPaths.Root;
        var skipped = new[] { "bin", "obj", ".git", "node_modules" };
        var code = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(skipped.Contains));
        var docs = Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories)
            .Where(f => !string.Equals(Path.GetFullPath(f), Path.GetFullPath(ProtocolNotes), StringComparison.Ordinal));
        return code.Concat(docs).Append(Path.Combine(root, "README.md"));
    }
}
