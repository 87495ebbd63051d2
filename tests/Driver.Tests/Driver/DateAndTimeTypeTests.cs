using System.Data.Common;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// DateTimeOffset, DateOnly and TimeOnly as parameter values and through GetFieldValue / GetFieldValueAsync, where the
/// conversion is exact (docs/types.md), and data format version 9 (issue 20, "Types and names"), in both flavors.
/// </summary>
public class DateAndTimeTypeTests : DriverTestBase
{
    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task DateOnlyTimeOnlyAndDateTimeOffsetRoundTrip(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE COLUMN TABLE T (ID INTEGER, DA DATE, TM TIME, TS TIMESTAMP, SD SECONDDATE)");
        var date = new DateOnly(2024, 2, 29);
        var time = new TimeOnly(23, 59, 58);
        // +02:00: stored as its UTC time (HANA's TIMESTAMP has no zone), read back with offset zero
        var offset = new DateTimeOffset(2024, 2, 29, 1, 30, 15, TimeSpan.FromHours(2)).AddTicks(1234567);
        Assert.Equal(1, await flavor.Execute(connection, "INSERT INTO T VALUES (?, ?, ?, ?, ?)", 1, date, time, offset, offset));
        Assert.Equal(1, await flavor.Execute(connection, "INSERT INTO T VALUES (2, NULL, NULL, NULL, NULL)"));

        using var command = flavor.Command(connection, "SELECT DA, TM, TS, SD FROM T ORDER BY ID");
        var reader = await flavor.ExecuteReader(command);
        try
        {
            Assert.True(await flavor.Read(reader));
            Assert.Equal(date, reader.GetFieldValue<DateOnly>(0));
            Assert.Equal(date, await reader.GetFieldValueAsync<DateOnly>(0));
            Assert.Equal(time, reader.GetFieldValue<TimeOnly>(1));
            Assert.Equal(time, await reader.GetFieldValueAsync<TimeOnly>(1));

            var utc = reader.GetFieldValue<DateTimeOffset>(2);
            Assert.Equal(TimeSpan.Zero, utc.Offset);
            Assert.Equal(offset, utc); // the same instant
            Assert.Equal(new DateTime(2024, 2, 28, 23, 30, 15).AddTicks(1234567), utc.DateTime);
            Assert.Equal(utc, await reader.GetFieldValueAsync<DateTimeOffset>(2));
            // SECONDDATE keeps whole seconds; DATE reads as midnight UTC
            Assert.Equal(new DateTimeOffset(2024, 2, 28, 23, 30, 15, TimeSpan.Zero), reader.GetFieldValue<DateTimeOffset>(3));
            Assert.Equal(new DateTimeOffset(2024, 2, 29, 0, 0, 0, TimeSpan.Zero), reader.GetFieldValue<DateTimeOffset>(0));
            // the usual types stay what they were
            Assert.Equal(typeof(DateTime), reader.GetFieldType(0));
            Assert.Equal(new DateTime(2024, 2, 29), reader.GetDateTime(0));

            Assert.True(await flavor.Read(reader));
            Assert.Null(reader.GetFieldValue<DateOnly?>(0));
            Assert.Null(await reader.GetFieldValueAsync<TimeOnly?>(1));
            Assert.Null(reader.GetFieldValue<DateTimeOffset?>(2));
            Assert.Throws<InvalidCastException>(() => reader.GetFieldValue<DateOnly>(0));
        }
        finally
        {
            await flavor.CloseReader(reader);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task InexactConversionsAreRefusedNamingBothTypes(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        using var command = flavor.Command(connection, "SELECT CURRENT_DATE AS D, CURRENT_TIMESTAMP AS TS, CURRENT_TIME AS TM, 1 AS N FROM DUMMY");
        var reader = await flavor.ExecuteReader(command);
        try
        {
            Assert.True(await flavor.Read(reader));
            var dateAsTime = Assert.Throws<InvalidCastException>(() => reader.GetFieldValue<TimeOnly>(0));
            Assert.Contains("DATE", dateAsTime.Message);
            Assert.Contains("TimeOnly", dateAsTime.Message);
            await Assert.ThrowsAsync<InvalidCastException>(() => reader.GetFieldValueAsync<TimeOnly>(0));
            // a TIMESTAMP would lose its time of day as a DateOnly, its date as a TimeOnly
            var timestampAsDate = Assert.Throws<InvalidCastException>(() => reader.GetFieldValue<DateOnly>(1));
            Assert.Contains("TIMESTAMP", timestampAsDate.Message);
            Assert.Contains("DateOnly", timestampAsDate.Message);
            Assert.Throws<InvalidCastException>(() => reader.GetFieldValue<TimeOnly>(1));
            Assert.Throws<InvalidCastException>(() => reader.GetFieldValue<DateOnly>(2));
            var timeAsOffset = Assert.Throws<InvalidCastException>(() => reader.GetFieldValue<DateTimeOffset>(2));
            Assert.Contains("TIME", timeAsOffset.Message);
            Assert.Throws<InvalidCastException>(() => reader.GetFieldValue<DateTimeOffset>(3));
        }
        finally
        {
            await flavor.CloseReader(reader);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ADateTimeOffsetParameterIsStoredAsItsUtcTimeInEveryDateType(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE COLUMN TABLE T (DA DATE, TM TIME)");
        // 23:30 at -05:00 is 04:30 the next day in UTC
        var offset = new DateTimeOffset(2023, 12, 31, 23, 30, 0, TimeSpan.FromHours(-5));
        Assert.Equal(1, await flavor.Execute(connection, "INSERT INTO T VALUES (?, ?)", offset, offset));
        var row = Assert.Single(await flavor.Query(connection, "SELECT DA, TM FROM T"));
        Assert.Equal(new DateTime(2024, 1, 1), row[0]);
        Assert.Equal(new TimeSpan(4, 30, 0), row[1]);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task DataFormatVersionNineIsAskedForAndGranted(string name)
    {
        var flavor = Flavor.Get(name);
        foreach (var (extra, expected) in new[] { ("DataFormatVersion=9", 9), ("DFV=9", 9), ("dataFormatVersion=7", 7), (null, 8) })
        {
            var connection = await Open(flavor, extra);
            try
            {
                Assert.Equal(expected, GrantedVersion(connection));
                // the connection works at what was granted
                Assert.Equal(42, Convert.ToInt32(await flavor.Scalar(connection, "SELECT 42 FROM DUMMY")));
            }
            finally
            {
                await flavor.Close(connection);
            }
        }
        var refused = Assert.Throws<ArgumentException>(() => flavor.Create($"{ConnectionString};DataFormatVersion=10"));
        Assert.Contains("1 to 9", refused.Message);
    }

    /// <summary>The negotiated version (ConnectionCore.DataFormatVersion, internal in both flavors: read by reflection).</summary>
    private static int GrantedVersion(DbConnection connection)
    {
        var core = connection.GetType().GetProperty("Core", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(connection)!;
        return (int)core.GetType().GetProperty("DataFormatVersion")!.GetValue(core)!;
    }
}
