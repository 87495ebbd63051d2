using System.Data.Common;
using System.Globalization;

namespace Driver.Tests.PublicApi;

/// <summary>
/// The typed getters' fast path over sockets (docs/benchmarks.md, "Fetch decoding CPU per row"): the benchmark's row
/// shape (INTEGER, BIGINT, NVARCHAR, DECIMAL(18,4) as FIXED8, TIMESTAMP as LONGDATE) over several pages, with the edge
/// values and NULLs, and the reader's refusals when it is not on a row or the ordinal is wrong, which the fast path
/// must leave to the checks it skips.
/// </summary>
public class FetchDecodingTests : DriverTestBase
{
    // TIMESTAMP values within 1677 … 2262: the test server keeps TIMESTAMP as the engine's nanosecond timestamp
    private static (int Id, long? Big, string? Name, decimal? Amount, DateTime? Ts) Row(int i) => (i % 5) switch
    {
        0 => (i, null, null, null, null),
        1 => (i, long.MinValue + i, "ascii only " + i, -99999999999999.9999m, new DateTime(1700, 1, 1).AddSeconds(i)),
        2 => (i, long.MaxValue - i, "äöü € 😀 " + i, 99999999999999.9999m, new DateTime(2262, 1, 1, 23, 59, 59).AddTicks(9_999_999)),
        3 => (i, -i, "", 0m, new DateTime(1970, 1, 1)),
        _ => (i, i * 1_000_003L, new string('n', 20), i * -1.2345m, new DateTime(2024, 2, 29, 13, 14, 15).AddTicks(i * 10L)),
    };

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task TheBenchmarkRowShapeReadsBackExactlyAcrossPages(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor, "FetchSize=7");
        await flavor.Execute(connection, "CREATE COLUMN TABLE F (ID INTEGER PRIMARY KEY, BIG BIGINT, NAME NVARCHAR(20), AMOUNT DECIMAL(18,4), TS TIMESTAMP)");
        const int rows = 60;
        using (var insert = flavor.Command(connection, "INSERT INTO F VALUES (?, ?, ?, ?, ?)"))
        {
            var all = Enumerable.Range(0, rows).Select(Row).Select(r => new object?[] { r.Id, r.Big, r.Name, r.Amount, r.Ts });
            Assert.Equal(rows, await flavor.ExecuteBatch(insert, all));
        }
        using var command = flavor.Command(connection, "SELECT ID, BIG, NAME, AMOUNT, TS FROM F ORDER BY ID");
        var reader = await flavor.ExecuteReader(command);
        var read = 0;
        while (await flavor.Read(reader))
        {
            var expected = Row(read);
            Assert.Equal(expected.Id, reader.GetInt32(0));
            Assert.Equal(expected.Big is null, reader.IsDBNull(1));
            if (expected.Big is { } big)
            {
                Assert.Equal(big, reader.GetInt64(1));
                Assert.Equal(expected.Name, reader.GetString(2));
                var amount = reader.GetDecimal(3);
                Assert.Equal(expected.Amount, amount);
                // presented at the column's scale (DECIMAL(18,4)), however the value was written
                Assert.Equal(4, (decimal.GetBits(amount)[3] >> 16) & 0xFF);
                Assert.Equal(expected.Amount!.Value.ToString("F4", CultureInfo.InvariantCulture), amount.ToString(CultureInfo.InvariantCulture));
                Assert.Equal(expected.Ts, reader.GetDateTime(4));
            }
            else
            {
                Assert.True(reader.IsDBNull(2) && reader.IsDBNull(3) && reader.IsDBNull(4));
                Assert.Throws<InvalidCastException>(() => reader.GetInt64(1));
                Assert.Throws<InvalidCastException>(() => reader.GetString(2));
                Assert.Throws<InvalidCastException>(() => reader.GetDecimal(3));
                Assert.Throws<InvalidCastException>(() => reader.GetDateTime(4));
            }
            read++;
        }
        Assert.Equal(rows, read);
        await flavor.CloseReader(reader);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task GettersOffARowOrOffTheColumnsAreRefused(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        using var command = flavor.Command(connection, "SELECT 1 AS A, 'x' AS B FROM DUMMY");
        var reader = await flavor.ExecuteReader(command);
        var before = Assert.Throws<InvalidOperationException>(() => reader.GetInt32(0));
        Assert.Contains("call Read first", before.Message, StringComparison.Ordinal);
        // a wrong ordinal is named as such before and on a row
        Assert.Throws<IndexOutOfRangeException>(() => reader.GetInt32(2));
        Assert.True(await flavor.Read(reader));
        Assert.Equal(1, reader.GetInt32(0));
        Assert.Equal("x", reader.GetString(1));
        Assert.Throws<IndexOutOfRangeException>(() => reader.GetInt32(2));
        Assert.Throws<IndexOutOfRangeException>(() => reader.GetString(-1));
        Assert.Throws<IndexOutOfRangeException>(() => reader.GetDecimal(int.MinValue));
        Assert.False(await flavor.Read(reader));
        Assert.Throws<InvalidOperationException>(() => reader.GetInt32(0));
        await flavor.CloseReader(reader);
        var closed = Assert.Throws<InvalidOperationException>(() => reader.GetString(1));
        Assert.Contains("closed", closed.Message, StringComparison.Ordinal);
        await flavor.Close(connection);
    }
}
