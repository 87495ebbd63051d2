namespace Driver.Tests.PublicApi;

/// <summary>Driver.Async fetches the next page while the caller reads the current one.</summary>
public class PrefetchTests : DriverTestBase
{
    private const string Series = "SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 10000)";

    private async Task<global::Driver.Async.HanaConnection> OpenAsync()
    {
        var connection = (global::Driver.Async.HanaConnection)await Open(Flavor.Get("Async"), "FetchSize=100;Pooling=false");
        return connection;
    }

    [Fact]
    public async Task TheNextPageIsFetchedWhileTheCurrentOneIsRead()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Series;
        connection.ResetStatistics();
        await using var reader = await command.ExecuteReaderAsync();
        Assert.Equal(1, connection.GetStatistics().RoundTrips);
        Assert.True(await reader.ReadAsync());
        // no further ReadAsync: the FETCHNEXT goes out by itself
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (connection.GetStatistics().RoundTrips < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.Equal(2, connection.GetStatistics().RoundTrips);
        long expected = 0;
        do
        {
            Assert.Equal(expected++, reader.GetInt64(0));
        }
        while (await reader.ReadAsync());
        Assert.Equal(10000, expected);
    }

    [Fact]
    public async Task DisposingAReaderWithAPrefetchInFlightKeepsTheConnectionUsable()
    {
        await using var connection = await OpenAsync();
        for (var round = 0; round < 20; round++)
        {
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = Series;
                var reader = await command.ExecuteReaderAsync();
                Assert.True(await reader.ReadAsync());
                reader.Dispose(); // never blocks, even with the prefetch on the wire
            }
            await using var check = connection.CreateCommand();
            check.CommandText = "SELECT COUNT(*) FROM SYS.M_RESULT_SETS WHERE CONNECTION_ID = " + connection.ConnectionId;
            Assert.Equal(0L, Convert.ToInt64(await check.ExecuteScalarAsync()));
        }
    }

    [Fact]
    public async Task InterleavedCommandsWaitForThePrefetch()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Series;
        await using var reader = await command.ExecuteReaderAsync();
        long rows = 0;
        while (await reader.ReadAsync())
        {
            if (++rows % 1000 == 0)
            {
                // another statement on the same connection while pages are being prefetched
                await using var other = connection.CreateCommand();
                other.CommandText = "SELECT * FROM DUMMY";
                Assert.Equal("X", await other.ExecuteScalarAsync());
            }
        }
        Assert.Equal(10000, rows);
    }
}
