using System.Numerics;
using Driver.Sync;
using Driver.Tests.Support;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.TestServer;

/// <summary>
/// Edge values through the test server's row encoder over a real socket, in the old encodings (data format version 1:
/// DECIMAL, DATE, TIME, TIMESTAMP) and the new ones (8: FIXED8/16, DAYDATE, SECONDTIME, LONGDATE): the largest
/// decimals of each precision, trailing zeros (a positive exponent), the first and last instants (SECONDDATE: 0001 … 9999; TIMESTAMP: the engine's nanosecond range,
/// 1678 … 2262), and NULLs.
/// </summary>
public class ServerRowEncodingEdgeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public async Task EdgeValuesArriveExactly(int version)
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server, settings => settings.DataFormatVersion = version);
        string[][] values =
        [
            ["999999999999999999999999.9999999999", "10000000000000000000000000000000000000", "99999999999999.9999", "0001-01-01", "1678-01-01 00:00:00", "00:00:00", "0001-01-01 00:00:00"],
            ["-999999999999999999999999.9999999999", "-30000000000000000000000000000000000000", "-99999999999999.9999", "9999-12-31", "2262-04-10 23:59:59.999999", "23:59:59", "9999-12-31 23:59:59"],
            ["0", "0", "0.0001", "2024-02-29", "2024-02-29 12:34:56.789", "12:34:56", "2024-02-29 12:34:56"],
        ];
        string[] types = ["DECIMAL(34,10)", "DECIMAL(38,0)", "DECIMAL(18,4)", "DATE", "TIMESTAMP", "TIME", "SECONDDATE"];
        var rows = new List<object?[]>();
        foreach (var row in values.Append(new string[7]))
        {
            var items = row.Select((value, i) => value is null ? $"CAST(NULL AS {types[i]})" : $"CAST('{value}' AS {types[i]})");
            rows.Add(client.Query($"SELECT {rows.Count + 1}, {string.Join(", ", items)} FROM DUMMY").Single());
        }
        Assert.Equal(4, rows.Count);

        Assert.Equal(new HanaDecimal(BigInteger.Pow(10, 34) - 1, 10), Dec(rows[0][1]));
        Assert.Equal(new HanaDecimal(BigInteger.Pow(10, 37), 0), Dec(rows[0][2]));
        Assert.Equal(99999999999999.9999m, Convert.ToDecimal(rows[0][3]));
        Assert.Equal(new DateTime(1, 1, 1), rows[0][4]);
        Assert.Equal(new DateTime(1678, 1, 1), rows[0][5]);
        Assert.Equal(TimeSpan.Zero, rows[0][6]);
        Assert.Equal(new DateTime(1, 1, 1), rows[0][7]);

        Assert.Equal(new HanaDecimal(-(BigInteger.Pow(10, 34) - 1), 10), Dec(rows[1][1]));
        Assert.Equal(new HanaDecimal(-3 * BigInteger.Pow(10, 37), 0), Dec(rows[1][2]));
        Assert.Equal(-99999999999999.9999m, Convert.ToDecimal(rows[1][3]));
        Assert.Equal(new DateTime(9999, 12, 31), rows[1][4]);
        // the old TIMESTAMP carries milliseconds, LONGDATE 100 ns
        Assert.Equal(version == 1 ? new DateTime(2262, 4, 10, 23, 59, 59, 999) : new DateTime(2262, 4, 10, 23, 59, 59, 999).AddTicks(9990), rows[1][5]);
        Assert.Equal(new TimeSpan(23, 59, 59), rows[1][6]);
        Assert.Equal(new DateTime(9999, 12, 31, 23, 59, 59), rows[1][7]);

        Assert.Equal(new HanaDecimal(0, 0), Dec(rows[2][1]));
        Assert.Equal(new HanaDecimal(0, 0), Dec(rows[2][2]));
        Assert.Equal(0.0001m, Convert.ToDecimal(rows[2][3]));
        Assert.Equal(new DateTime(2024, 2, 29), rows[2][4]);
        Assert.Equal(new DateTime(2024, 2, 29, 12, 34, 56, 789), rows[2][5]);
        Assert.Equal(new TimeSpan(12, 34, 56), rows[2][6]);
        Assert.Equal(new DateTime(2024, 2, 29, 12, 34, 56), rows[2][7]);

        for (var column = 1; column < 8; column++)
        {
            Assert.Null(rows[3][column]);
        }
    }

    [Fact]
    public async Task ThirtyEightDigitsTravelAsFixed16()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server, settings => settings.DataFormatVersion = 8);
        var max = "99999999999999999999999999999999999999";
        var rows = client.Query($"SELECT CAST('{max}' AS DECIMAL(38,0)), CAST('-{max}' AS DECIMAL(38,0)), CAST('-0.00000000000000000000000000000000000001' AS DECIMAL(38,38)) FROM DUMMY");
        Assert.Equal(new HanaDecimal(BigInteger.Parse(max), 0), Dec(rows[0][0]));
        Assert.Equal(new HanaDecimal(-BigInteger.Parse(max), 0), Dec(rows[0][1]));
        Assert.Equal(new HanaDecimal(-1, 38), Dec(rows[0][2]));
    }

    private static HanaDecimal Dec(object? value) => value switch
    {
        decimal d => d,
        HanaDecimal h => h,
        _ => throw new InvalidCastException($"{value?.GetType()} is not a decimal"),
    };
}
