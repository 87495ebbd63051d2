using Driver.Core.Protocol;
using Driver.Core.Session;
using Driver.Tests.Support;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.TestServer;

/// <summary>Data format version (§7.2) and LZ4 compression (§11) negotiated at CONNECT, then used both ways.</summary>
public class ServerNegotiationTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 4)]
    [InlineData(5, 5)]
    [InlineData(6, 6)]
    [InlineData(7, 7)]
    [InlineData(8, 8)]
    [InlineData(9, 9)]
    public async Task DataFormatVersionIsGrantedUpToNineAndValuesSurvive(int asked, int granted)
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server, settings => settings.DataFormatVersion = asked);
        Assert.Equal(granted, client.Core.DataFormatVersion);
        Assert.Equal(granted, client.Core.ServerOptions.GetInt32((int)ConnectOptionId.DataFormatVersion2, -1));

        client.ExecuteNonQuery("CREATE COLUMN TABLE V (I INTEGER, D DECIMAL(18,4), N NVARCHAR(30), DT DATE, TS TIMESTAMP, B BOOLEAN, TM TIME, SD SECONDDATE)");
        var insert = client.Prepare("INSERT INTO V VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        var timestamp = new DateTime(2024, 2, 29, 13, 14, 15).AddTicks(1234567);
        CoreCalls.Execute(insert, [[42, 12.3456m, "ä 😀", new DateTime(2024, 2, 29), timestamp, true, new TimeSpan(13, 14, 15), new DateTime(2024, 2, 29, 13, 14, 15)]], true, 10);
        insert.Release();
        var row = Assert.Single(client.Query("SELECT I, D, N, DT, TS, B, TM, SD FROM V"));
        Assert.Equal(42, Convert.ToInt32(row[0]));
        Assert.Equal(12.3456m, Convert.ToDecimal(row[1]));
        Assert.Equal("ä 😀", row[2]);
        Assert.Equal(new DateTime(2024, 2, 29), Assert.IsType<DateTime>(row[3]).Date);
        // DFV 1 sends TIMESTAMP (type 16) with milliseconds (§7.3.7); LONGDATE (DFV ≥ 4) keeps 100 ns ticks
        var expected = granted >= 4 ? timestamp : timestamp.AddTicks(-(timestamp.Ticks % TimeSpan.TicksPerMillisecond));
        Assert.Equal(expected, Assert.IsType<DateTime>(row[4]));
        Assert.True(Convert.ToBoolean(row[5]));
        Assert.Equal(new TimeSpan(13, 14, 15), ToTime(row[6]));
        Assert.Equal(new DateTime(2024, 2, 29, 13, 14, 15), Assert.IsType<DateTime>(row[7]));
    }

    private static TimeSpan ToTime(object? value) => value switch
    {
        TimeSpan span => span,
        DateTime time => time.TimeOfDay,
        _ => throw new InvalidCastException($"TIME came back as {value?.GetType().Name}"),
    };

    [Fact]
    public async Task ServerLimitedToAnOlderVersionGrantsThat()
    {
        await using var server = await Server.StartAsync(new Driver.TestServer.TestServerOptions { MaxDataFormatVersion = 4 });
        using var client = ProtocolClient.Connect(server);
        Assert.Equal(4, client.Core.DataFormatVersion);
        using var resultSet = client.Execute("SELECT CURRENT_DATE, TRUE FROM DUMMY").ResultSet!;
        Assert.Equal(HanaTypeCode.DayDate, resultSet.Columns[0].TypeCode);
        Assert.Equal(HanaTypeCode.TinyInt, resultSet.Columns[1].TypeCode);
    }

    private static string Text(int i) => $"row {i} with some repetitive text that compresses well, row {i}";

    [Fact]
    public async Task CompressionWorksBothWaysAndKeepsDataIntact()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server, settings => settings.Compress = true);
        var flags = (CompressionFlags)client.Core.ServerOptions.GetInt32((int)ConnectOptionId.CompressionLevelAndFlags, 0);
        Assert.Equal(CompressionFlags.Lz4Supported | CompressionFlags.Lz4Enabled, flags & (CompressionFlags.Lz4Supported | CompressionFlags.Lz4Enabled));
        Assert.True(client.Core.CompressionEnabled);

        // requests: a big batch insert
        client.ExecuteNonQuery("CREATE COLUMN TABLE C (ID INTEGER PRIMARY KEY, V NVARCHAR(100))");
        var insert = client.Prepare("INSERT INTO C VALUES (?, ?)");
        var requestsBefore = client.Core.Statistics.CompressedRequests;
        var result = CoreCalls.Execute(insert, Enumerable.Range(0, 5000).Select(i => new object?[] { i, Text(i) }).ToList(), true, 10);
        Assert.Equal(5000, result.TotalRowsAffected);
        Assert.True(client.Core.Statistics.CompressedRequests > requestsBefore);
        Assert.True(client.Core.Statistics.BytesSent < client.Core.Statistics.BytesSentUncompressed);
        insert.Release();

        // replies: a big result
        client.FetchSize = 5000;
        var repliesBefore = client.Core.Statistics.CompressedReplies;
        var rows = client.Query("SELECT ID, V FROM C ORDER BY ID");
        Assert.True(client.Core.Statistics.CompressedReplies > repliesBefore);
        Assert.True(client.Core.Statistics.BytesReceived < client.Core.Statistics.BytesReceivedUncompressed);
        Assert.Equal(5000, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(i, Convert.ToInt32(rows[i][0]));
            Assert.Equal(Text(i), rows[i][1]);
        }
    }

    [Fact]
    public async Task ServerThatDisallowsCompressionAnswersZeroAndNothingIsCompressed()
    {
        await using var server = await Server.StartAsync(new Driver.TestServer.TestServerOptions { AllowCompression = false });
        using var client = ProtocolClient.Connect(server, settings => settings.Compress = true);
        Assert.True(client.Core.ServerOptions.Contains((int)ConnectOptionId.CompressionLevelAndFlags));
        Assert.Equal(0, client.Core.ServerOptions.GetInt32((int)ConnectOptionId.CompressionLevelAndFlags, -1));
        Assert.False(client.Core.CompressionEnabled);

        client.ExecuteNonQuery("CREATE COLUMN TABLE C (ID INTEGER PRIMARY KEY, V NVARCHAR(100))");
        var insert = client.Prepare("INSERT INTO C VALUES (?, ?)");
        CoreCalls.Execute(insert, Enumerable.Range(0, 5000).Select(i => new object?[] { i, Text(i) }).ToList(), true, 10);
        insert.Release();
        client.FetchSize = 5000;
        var rows = client.Query("SELECT ID, V FROM C ORDER BY ID");
        Assert.Equal(Text(4999), rows[4999][1]);
        Assert.Equal(0, client.Core.Statistics.CompressedRequests);
        Assert.Equal(0, client.Core.Statistics.CompressedReplies);
        Assert.Equal(client.Core.Statistics.BytesReceived, client.Core.Statistics.BytesReceivedUncompressed);
    }

    [Fact]
    public async Task ClientThatDoesNotAskForCompressionGetsNone()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        Assert.False(client.Core.CompressionEnabled);
        client.FetchSize = 5000;
        client.Query("SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 5000)");
        Assert.Equal(0, client.Core.Statistics.CompressedReplies);
    }
}
