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
        var exempt = flavor == "Sync" && framework != "netstandard2.0" ? s_mandatedSyncOverrides : [];
        Assert.DoesNotContain(QualifiedMethodNames(path), name => name.EndsWith(wrongSuffix, StringComparison.Ordinal) && !name.Contains('<') && !exempt.Contains(name));
    }

    /// <summary>
    /// ADO.NET declares these members of DbBatch abstract, so Driver.Sync has to declare them; they call the
    /// blocking member and return a completed task (no async state machine, checked below).
    /// </summary>
    private static readonly string[] s_mandatedSyncOverrides =
        ["HanaBatch.ExecuteNonQueryAsync", "HanaBatch.ExecuteScalarAsync", "HanaBatch.ExecuteDbDataReaderAsync", "HanaBatch.PrepareAsync"];

    [Theory]
    [InlineData("netstandard2.0")]
    [InlineData("net10.0")]
    public void SyncBatchAsyncMembersRunSynchronously(string framework)
    {
        var path = Path.Combine(RepositoryPaths.Root, "Driver.Sync", "bin", RepositoryPaths.Configuration, framework, "Driver.Sync.dll");
        Assert.True(File.Exists(path), $"{path} is missing: build the solution first.");
        var names = QualifiedMethodNames(path);
        foreach (var member in s_mandatedSyncOverrides)
        {
            // DbBatch exists from .NET 6: the netstandard2.0 build has no HanaBatch at all
            Assert.Equal(framework != "netstandard2.0", names.Contains(member));
            Assert.DoesNotContain(TypeNames(path), type => type.StartsWith($"<{member.Split('.')[1]}>", StringComparison.Ordinal));
        }
    }

    /// <summary>"Type.Method" for every method defined in the assembly.</summary>
    private static HashSet<string> QualifiedMethodNames(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(typeHandle);
            foreach (var handle in type.GetMethods())
            {
                names.Add($"{reader.GetString(type.Name)}.{reader.GetString(reader.GetMethodDefinition(handle).Name)}");
            }
        }
        return names;
    }

    private static HashSet<string> TypeNames(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return reader.TypeDefinitions.Select(handle => reader.GetString(reader.GetTypeDefinition(handle).Name)).ToHashSet(StringComparer.Ordinal);
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
