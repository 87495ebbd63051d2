using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Driver.Tests.Support;

namespace Driver.Tests.Architecture;

/// <summary>
/// The sync assembly holds no async I/O and the async assembly no blocking I/O: checked on the compiled
/// assemblies of both target frameworks, by reading their metadata.
/// </summary>
public class FlavorSeparationTests
{
    public static TheoryData<string, string> Assemblies()
    {
        var data = new TheoryData<string, string>();
        foreach (var flavor in new[] { "Sync", "Async" })
        {
            foreach (var framework in new[] { "netstandard2.0", "net10.0" })
            {
                data.Add(flavor, framework);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void FlavorHoldsOnlyItsOwnIoMembers(string flavor, string framework)
    {
        var path = Path.Combine(RepositoryPaths.Root, $"Driver.{flavor}", "bin", RepositoryPaths.Configuration, framework, $"Driver.{flavor}.dll");
        Assert.True(File.Exists(path), $"{path} is missing: build the solution (dotnet build Driver.sln -c {RepositoryPaths.Configuration}) first.");
        var methods = DeclaredMethodNames(path);
        Assert.NotEmpty(methods);

        string[] forbidden = flavor == "Sync"
            ? ["SendAsync", "ReceiveAsync", "ConnectAsync"]
            : ["SendSync", "ReceiveSync", "ConnectSync"];
        foreach (var name in forbidden)
        {
            Assert.DoesNotContain(name, methods);
        }
        // the pair this flavor must have
        string[] required = flavor == "Sync"
            ? ["SendSync", "ReceiveSync", "ConnectSync"]
            : ["SendAsync", "ReceiveAsync", "ConnectAsync"];
        foreach (var name in required)
        {
            Assert.Contains(name, methods);
        }
        var wrongSuffix = flavor == "Sync" ? "Async" : "Sync";
        Assert.DoesNotContain(methods, name => name.EndsWith(wrongSuffix, StringComparison.Ordinal) && !name.Contains('<'));
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void SyncAssemblyReferencesNoPipelines(string flavor, string framework)
    {
        var path = Path.Combine(RepositoryPaths.Root, $"Driver.{flavor}", "bin", RepositoryPaths.Configuration, framework, $"Driver.{flavor}.dll");
        Assert.True(File.Exists(path), $"{path} is missing: build the solution first.");
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var references = reader.AssemblyReferences.Select(handle => reader.GetString(reader.GetAssemblyReference(handle).Name)).ToList();
        if (flavor == "Sync")
        {
            Assert.DoesNotContain("System.IO.Pipelines", references);
        }
        else
        {
            Assert.Contains("System.IO.Pipelines", references);
        }
    }

    private static HashSet<string> DeclaredMethodNames(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in reader.MethodDefinitions)
        {
            names.Add(reader.GetString(reader.GetMethodDefinition(handle).Name));
        }
        return names;
    }
}
