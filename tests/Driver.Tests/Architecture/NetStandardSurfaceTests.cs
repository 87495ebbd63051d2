using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Driver.Tests.Support;

namespace Driver.Tests.Architecture;

/// <summary>
/// The netstandard2.0 builds (.NET Framework) cannot run in this net10.0 test project, so their public surface is
/// read from metadata: the data source entry point exists there too, and no public copy of a BCL type is declared.
/// </summary>
public class NetStandardSurfaceTests
{
    [Theory]
    [InlineData("Sync", "OpenConnection")]
    [InlineData("Async", "OpenConnectionAsync")]
    public void DataSourceEntryPointExistsWithoutABclCopy(string flavor, string openMember)
    {
        var path = Path.Combine(RepositoryPaths.Root, $"Driver.{flavor}", "bin", RepositoryPaths.Configuration, "netstandard2.0", $"Driver.{flavor}.dll");
        Assert.True(File.Exists(path), $"{path} is missing: build the solution first.");
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();

        var publicTypes = new Dictionary<string, TypeDefinition>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            if ((type.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public)
            {
                publicTypes[$"{reader.GetString(type.Namespace)}.{reader.GetString(type.Name)}"] = type;
            }
        }
        // every public type is the package's own, in its own namespace: no System.Data.Common.DbDataSource look-alike
        Assert.All(publicTypes.Keys, name => Assert.StartsWith($"Driver.{flavor}.", name));
        Assert.DoesNotContain(publicTypes.Keys, name => name.EndsWith(".DbDataSource", StringComparison.Ordinal));

        var members = PublicMethods(reader, publicTypes[$"Driver.{flavor}.HanaDataSource"]);
        Assert.Contains("CreateConnection", members);
        Assert.Contains(openMember, members);
        Assert.Contains("CreateBuilder", members);
        Assert.Contains("get_ConnectionString", members);
        Assert.Contains("Build", PublicMethods(reader, publicTypes[$"Driver.{flavor}.HanaDataSourceBuilder"]));
        Assert.Contains("AddHanaDataSource", PublicMethods(reader, publicTypes[$"Driver.{flavor}.HanaServiceCollectionExtensions"]));
    }

    private static HashSet<string> PublicMethods(MetadataReader reader, TypeDefinition type)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(handle);
            if ((method.Attributes & MethodAttributes.MemberAccessMask) == MethodAttributes.Public)
            {
                names.Add(reader.GetString(method.Name));
            }
        }
        return names;
    }
}
