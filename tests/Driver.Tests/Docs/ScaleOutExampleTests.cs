using System.Text.RegularExpressions;
using Driver.Tests.Support;
using Driver.TestServer;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.Docs;

/// <summary>docs/scale-out.md quotes <c>ScaleOutExamples.cs</c> region by region, and every example runs.</summary>
public class ScaleOutExampleTests
{
    private static string Examples => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "Driver.Tests", "Docs", "ScaleOutExamples.cs"));
    private static string Markdown => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "scale-out.md"));

    public static TheoryData<string> Regions()
    {
        var data = new TheoryData<string>();
        foreach (Match match in Regex.Matches(Examples, @"#region (\S+)"))
        {
            data.Add(match.Groups[1].Value);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Regions))]
    public void TheMarkdownQuotesEachRegionVerbatim(string region)
    {
        var match = Regex.Match(Examples, $@"#region {Regex.Escape(region)}\r?\n(.*?)\r?\n\s*#endregion", RegexOptions.Singleline);
        Assert.True(match.Success, $"region {region} not found");
        Assert.Contains(Normalize(match.Groups[1].Value), Normalize(Markdown));
    }

    [Fact]
    public async Task TheExamplesRun()
    {
        var options = new TestServerOptions { Nodes = 2 };
        options.Tenants.AddRange(["A", "B"]);
        await using var server = await Server.StartAsync(options);
        var systemDatabase = $"{server.SystemDatabase!.Host}:{server.SystemDatabase.Port}";
        Assert.Equal("B", ScaleOutExamples.TenantSync(systemDatabase, Server.DefaultPassword));
        Assert.Equal("B", await ScaleOutExamples.TenantAsync(systemDatabase, Server.DefaultPassword));
        var nodes = string.Join(",", server.Nodes.Select(node => $"{node.Host}:{node.Port}"));
        Assert.Equal($"{server.Node(1).Host}:{server.Node(1).Port}", ScaleOutExamples.PrimaryFirst(nodes, Server.DefaultPassword));
        Assert.Equal(2, await ScaleOutExamples.HighestVolume(nodes, Server.DefaultPassword));
        Assert.Equal([2], await ScaleOutExamples.TestServerNodes());
    }

    private static string Normalize(string text) =>
        string.Join("\n", text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));
}
