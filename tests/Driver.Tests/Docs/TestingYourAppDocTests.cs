using System.Text.RegularExpressions;
using Driver.Tests.Support;

namespace Driver.Tests.Docs;

/// <summary>
/// docs/testing-your-app.md quotes the example of <c>Docs/TestingYourApp/</c> region by region, verbatim; the example's
/// own xunit tests (<see cref="TestingYourApp.OrderRepositoryTests"/>) run with the suite against the test server.
/// </summary>
public class TestingYourAppDocTests
{
    private static readonly string[] s_files = ["Order.cs", "OrderRepository.cs", "HanaServerFixture.cs", "OrderRepositoryTests.cs"];

    public static TheoryData<string> Files() => new(s_files);

    [Theory]
    [MemberData(nameof(Files))]
    public void TheMarkdownQuotesTheExampleVerbatim(string file)
    {
        var source = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "Driver.Tests", "Docs", "TestingYourApp", file));
        var markdown = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "testing-your-app.md"));
        var region = Regex.Match(source, @"#region \S+\r?\n(.*?)\r?\n\s*#endregion", RegexOptions.Singleline);
        Assert.True(region.Success, $"no region in {file}");
        Assert.Contains(Normalize(region.Groups[1].Value), Normalize(markdown));
    }

    private static string Normalize(string text) =>
        string.Join("\n", text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));
}
