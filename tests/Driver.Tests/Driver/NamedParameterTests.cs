using System.Data.Common;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>:name and @name markers, bound by ParameterName (both flavors).</summary>
public class NamedParameterTests : DriverTestBase
{
    private static DbCommand Named(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (parameterName, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = parameterName;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task InsertAndSelectByName(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE N (ID INTEGER PRIMARY KEY, NAME NVARCHAR(40), NOTE NVARCHAR(40))");
        // parameters given in another order than the markers, names with and without prefix
        using (var insert = Named(connection, "INSERT INTO N VALUES (:id, @name, ':note stays')", ("name", "first"), (":id", 1)))
        {
            Assert.Equal(1, await flavor.ExecuteNonQuery(insert));
            insert.Parameters[0].Value = "second";
            insert.Parameters[1].Value = 2;
            Assert.Equal(1, await flavor.ExecuteNonQuery(insert));
        }
        using (var insert = Named(connection, "INSERT INTO N VALUES (:id, :text, :text) -- :ignored", ("@TEXT", "twice"), ("id", 3)))
        {
            Assert.Equal(1, await flavor.ExecuteNonQuery(insert));
        }
        var rows = await flavor.Query(connection, "SELECT ID, NAME, NOTE FROM N ORDER BY ID");
        Assert.Equal(new object?[] { 1, "first", ":note stays" }, rows[0]);
        Assert.Equal(new object?[] { 2, "second", ":note stays" }, rows[1]);
        Assert.Equal(new object?[] { 3, "twice", "twice" }, rows[2]);

        using (var select = Named(connection, "SELECT NAME FROM N WHERE ID > :low AND ID < @high ORDER BY ID", ("high", 3), ("low", 1)))
        {
            Assert.Equal("second", await flavor.ExecuteScalar(select));
        }
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AMissingNameAndMixedMarkersAreClearErrors(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        using (var missing = Named(connection, "SELECT :a, :b FROM DUMMY", ("a", 1)))
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(() => flavor.ExecuteScalar(missing));
            Assert.Contains(":b", error.Message);
        }
        using (var mixed = Named(connection, "SELECT ?, :a FROM DUMMY", ("a", 1), ("b", 2)))
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(() => flavor.ExecuteScalar(mixed));
            Assert.Contains("one kind of parameter marker", error.Message);
        }
        // without parameters the text goes unchanged (SQLScript bodies use :variable): the server judges it
        var serverError = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Scalar(connection, "SELECT ?, :a FROM DUMMY"));
        Assert.IsType(flavor.HanaExceptionType, serverError);
        // the session is fine afterwards
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        await flavor.Close(connection);
    }
}
