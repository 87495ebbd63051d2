using System.Text.RegularExpressions;

namespace Driver.Tests.Support;

/// <summary>
/// A doc page that quotes an examples file of tests/Driver.Tests/Docs region by region (<c>#region name</c> …
/// <c>#endregion</c>): the regions, and the check that the page quotes each one verbatim (indentation and blank lines
/// aside). The example test classes of docs/code-examples.md, sign-in.md and scale-out.md share it.
/// </summary>
internal sealed class QuotedExamples(string examplesFile, string markdownFile)
{
    public string Examples => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "Driver.Tests", "Docs", examplesFile));

    public string Markdown => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", markdownFile));

    /// <summary>The region names, in file order.</summary>
    public IReadOnlyList<string> RegionNames() =>
        Regex.Matches(Examples, @"#region (\S+)").Select(match => match.Groups[1].Value).ToList();

    /// <summary>The region names as xunit theory data.</summary>
    public TheoryData<string> Regions()
    {
        var data = new TheoryData<string>();
        foreach (var region in RegionNames())
        {
            data.Add(region);
        }
        return data;
    }

    /// <summary>The text between <c>#region name</c> and its <c>#endregion</c>.</summary>
    public string RegionText(string region)
    {
        var match = Regex.Match(Examples, $@"#region {Regex.Escape(region)}\r?\n(.*?)\r?\n\s*#endregion", RegexOptions.Singleline);
        Assert.True(match.Success, $"region {region} not found in {examplesFile}");
        return match.Groups[1].Value;
    }

    /// <summary>Fails unless the page quotes the region's text.</summary>
    public void AssertQuoted(string region) => Assert.Contains(Normalize(RegionText(region)), Normalize(Markdown));

    private static string Normalize(string text) =>
        string.Join("\n", text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));
}
