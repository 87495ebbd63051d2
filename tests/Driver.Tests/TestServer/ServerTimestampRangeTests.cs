using Driver.Tests.PublicApi;

namespace Driver.Tests.TestServer;

/// <summary>
/// The test server keeps a HANA TIMESTAMP in DuckDB's TIMESTAMP_NS (its 7 digits kept), which holds 1677-09-21 to
/// 2262-04-11 only: a value outside, bound as a parameter or appended by a batch, is refused with HANA's 303 and never
/// stored as another date (it used to wrap: 1600-01-01 came back as 2184-07-20). Both flavors, real sockets.
/// </summary>
public class ServerTimestampRangeTests : DriverTestBase
{
    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ATimestampOutsideTheStoredRangeIsRefusedNotWrapped(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE COLUMN TABLE TS_RANGE (ID INTEGER, TS TIMESTAMP)");
        var early = new DateTime(1600, 1, 1, 12, 0, 0);
        var late = new DateTime(2300, 1, 1);
        var inside = new DateTime(2000, 2, 29, 13, 14, 15).AddTicks(1234567);

        // one row: bound as a parameter
        var single = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => flavor.Execute(connection, "INSERT INTO TS_RANGE VALUES (?, ?)", 1, early));
        Assert.Equal(303, flavor.ErrorCode(single));
        // a batch: the appender's path
        using (var insert = flavor.Command(connection, "INSERT INTO TS_RANGE VALUES (?, ?)"))
        {
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => flavor.ExecuteBatch(insert, new[] { new object?[] { 2, inside }, new object?[] { 3, late } }));
        }
        await flavor.Execute(connection, "INSERT INTO TS_RANGE VALUES (?, ?)", 4, inside);

        // nothing wrapped into another date: only in-range values are stored, exactly
        var rows = await flavor.Query(connection, "SELECT ID, TS FROM TS_RANGE ORDER BY ID");
        Assert.All(rows, row => Assert.Equal(inside, (DateTime)row[1]!));
        Assert.Contains(rows, row => Convert.ToInt32(row[0]) == 4);
        await flavor.Close(connection);
    }
}
