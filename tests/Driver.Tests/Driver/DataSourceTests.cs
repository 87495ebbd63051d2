using System.Data;
using System.Data.Common;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>HanaDataSource (DbDataSource) of both packages.</summary>
public class DataSourceTests : DriverTestBase
{
    private DbDataSource Create(string name) => name == "Sync"
        ? global::Driver.Sync.HanaProviderFactory.Instance.CreateDataSource(ConnectionString)
        : global::Driver.Async.HanaProviderFactory.Instance.CreateDataSource(ConnectionString);

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task OpenConnectionAsyncGivesAnOpenConnection(string name)
    {
        var flavor = Flavor.Get(name);
        await using var dataSource = Create(name);
        Assert.Equal("HanaDataSource", dataSource.GetType().Name);
        var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        await flavor.Close(connection);
    }

    [Fact]
    public void SyncOpenConnectionBlocks()
    {
        using var dataSource = new global::Driver.Sync.HanaDataSource(ConnectionString);
        using var connection = dataSource.OpenConnection();
        Assert.Equal(ConnectionState.Open, connection.State);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM DUMMY";
        Assert.Equal("X", command.ExecuteScalar());
        // the base class's member too
        using var other = ((DbDataSource)dataSource).OpenConnection();
        Assert.Equal(ConnectionState.Open, other.State);
    }

    [Fact]
    public async Task AsyncOpenConnectionIsNotSupported()
    {
        await using var dataSource = new global::Driver.Async.HanaDataSource(ConnectionString);
        var error = Assert.Throws<NotSupportedException>(() => ((DbDataSource)dataSource).OpenConnection());
        Assert.Contains("OpenConnectionAsync", error.Message);
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(ConnectionState.Open, connection.State);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task CommandsOfTheDataSourceOpenTheirOwnConnection(string name)
    {
        var flavor = Flavor.Get(name);
        await using var dataSource = Create(name);
        using (var create = dataSource.CreateCommand("CREATE TABLE D (ID INTEGER, TXT NVARCHAR(10))"))
        {
            await flavor.ExecuteNonQuery(create);
        }
        using (var insert = dataSource.CreateCommand("INSERT INTO D VALUES (@id, @txt)"))
        {
            var id = insert.CreateParameter();
            id.ParameterName = "id";
            id.Value = 7;
            insert.Parameters.Add(id);
            var txt = insert.CreateParameter();
            txt.ParameterName = "@txt";
            txt.Value = "seven";
            insert.Parameters.Add(txt);
            Assert.Equal(1, await flavor.ExecuteNonQuery(insert));
        }
        using (var select = dataSource.CreateCommand("SELECT TXT FROM D WHERE ID = 7"))
        {
            Assert.Equal("seven", await flavor.ExecuteScalar(select));
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ThePasswordIsNeitherInConnectionStringNorInToString(string name)
    {
        await using var dataSource = Create(name);
        Assert.DoesNotContain(DefaultPassword, dataSource.ConnectionString);
        Assert.DoesNotContain("Password", dataSource.ConnectionString, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(DefaultPassword, dataSource.ToString());
        Assert.Contains("********", dataSource.ToString());
        // the connections it makes still log in
        var connection = await dataSource.OpenConnectionAsync();
        await connection.DisposeAsync();
    }
}
