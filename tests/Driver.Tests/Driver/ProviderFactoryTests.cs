using System.Data.Common;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>HanaProviderFactory of both packages, used only through the DbProviderFactory base class.</summary>
public class ProviderFactoryTests : DriverTestBase
{
    private static DbProviderFactory Factory(string name) =>
        name == "Sync" ? global::Driver.Sync.HanaProviderFactory.Instance : global::Driver.Async.HanaProviderFactory.Instance;

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public void TheFactoryCreatesTheFlavorsTypes(string name)
    {
        var factory = Factory(name);
        var assembly = name == "Sync" ? typeof(global::Driver.Sync.HanaConnection).Assembly : typeof(global::Driver.Async.HanaConnection).Assembly;
        Assert.Equal(assembly, factory.CreateConnection()!.GetType().Assembly);
        Assert.Equal("HanaConnection", factory.CreateConnection()!.GetType().Name);
        Assert.Equal("HanaCommand", factory.CreateCommand()!.GetType().Name);
        Assert.Equal(assembly, factory.CreateCommand()!.GetType().Assembly);
        Assert.Equal("HanaParameter", factory.CreateParameter()!.GetType().Name);
        var builder = factory.CreateConnectionStringBuilder()!;
        Assert.Equal("HanaConnectionStringBuilder", builder.GetType().Name);
        Assert.Equal(assembly, builder.GetType().Assembly);
        using (var dataSource = factory.CreateDataSource("Server=localhost:30015"))
        {
            Assert.Equal("HanaDataSource", dataSource.GetType().Name);
            Assert.Equal(assembly, dataSource.GetType().Assembly);
        }
        // ADO.NET's DbProviderFactories finds the factory through this static field
        Assert.Same(factory, factory.GetType().GetField("Instance")!.GetValue(null));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task CodeWrittenAgainstTheFactoryRunsStatements(string name)
    {
        var flavor = Flavor.Get(name);
        var factory = Factory(name);
        var builder = factory.CreateConnectionStringBuilder()!;
        builder.ConnectionString = ConnectionString;
        var connection = factory.CreateConnection()!;
        connection.ConnectionString = builder.ConnectionString;
        await flavor.Open(connection);
        using (var command = factory.CreateCommand()!)
        {
            command.Connection = connection;
            command.CommandText = "SELECT :v || 'b' FROM DUMMY";
            var parameter = factory.CreateParameter()!;
            parameter.ParameterName = "v";
            parameter.Value = "a";
            command.Parameters.Add(parameter);
            Assert.Equal("ab", await flavor.ExecuteScalar(command));
        }
        await flavor.Close(connection);
    }
}
