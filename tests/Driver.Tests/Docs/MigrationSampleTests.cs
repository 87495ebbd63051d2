using Driver.Tests.Docs.Migration;
using Driver.Tests.PublicApi;

namespace Driver.Tests.Docs;

/// <summary>
/// The migration sample (Docs/Migration/SapProviderSample.cs: a program on SAP's provider's public names with only the
/// namespace changed) compiles with the test project and runs against the test server over real sockets.
/// </summary>
public class MigrationSampleTests : DriverTestBase
{
    [Fact]
    public void TheSapProviderSampleRunsWithOnlyTheNamespaceChanged()
    {
        var result = SapProviderSample.Run(ConnectionString);

        Assert.Equal(3, result.Inserted);
        Assert.Equal(155.50m, result.Total);          // Anvil + Bellows, the OUT parameter typed DECIMAL
        Assert.Equal("Anvil", result.Name);            // an NVARCHAR OUT parameter
        Assert.Equal(3, result.FilledRows);
        Assert.Equal(2, result.UpdatedRows);           // one UPDATE, one INSERT, from the command builder
        Assert.Equal(250, result.BulkRows);
        Assert.Equal(2, result.Notifications);         // NotifyAfter = 100: after rows 100 and 200

        using var connection = new Driver.Sync.HanaConnection(ConnectionString);
        connection.Open();
        using var check = new Driver.Sync.HanaCommand("SELECT COUNT(*), SUM(CASE WHEN ID = 1 THEN PRICE END) FROM ITEMS", connection);
        using var reader = check.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(254L, Convert.ToInt64(reader.GetValue(0)));
        Assert.Equal(99.99m, reader.GetDecimal(1));
    }
}
