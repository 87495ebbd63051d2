using System.Data.Common;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

public class StatisticsTests : DriverTestBase
{
    private sealed record Counts(long RoundTrips, long Sent, long SentUncompressed, long Received, long ReceivedUncompressed, long CompressedRequests, long CompressedReplies);

    private static Counts Get(Flavor flavor, DbConnection connection)
    {
        if (flavor.IsAsync)
        {
            var s = ((global::Driver.Async.HanaConnection)connection).GetStatistics();
            return new(s.RoundTrips, s.BytesSent, s.BytesSentUncompressed, s.BytesReceived, s.BytesReceivedUncompressed, s.CompressedRequests, s.CompressedReplies);
        }
        var t = ((global::Driver.Sync.HanaConnection)connection).GetStatistics();
        return new(t.RoundTrips, t.BytesSent, t.BytesSentUncompressed, t.BytesReceived, t.BytesReceivedUncompressed, t.CompressedRequests, t.CompressedReplies);
    }

    private static void Reset(Flavor flavor, DbConnection connection)
    {
        if (flavor.IsAsync)
        {
            ((global::Driver.Async.HanaConnection)connection).ResetStatistics();
        }
        else
        {
            ((global::Driver.Sync.HanaConnection)connection).ResetStatistics();
        }
    }

    public static TheoryData<string, bool> FlavorsAndCompression => new()
    {
        { "Sync", false }, { "Sync", true }, { "Async", false }, { "Async", true },
    };

    [Theory]
    [MemberData(nameof(FlavorsAndCompression))]
    public async Task CountRoundTripsAndBytesBeforeAndAfterCompression(string name, bool compress)
    {
        var flavor = Flavor.Get(name);
        // Pooling=false: a fresh session, so compression is what this connection string asked for
        var connection = await Open(flavor, $"Compress={compress};Pooling=false");
        Reset(flavor, connection);
        Assert.Equal(new Counts(0, 0, 0, 0, 0, 0, 0), Get(flavor, connection));

        // a long, repetitive statement and reply (both above the 5 KB compression threshold, §11.2): LZ4 gains both ways
        var literal = new string('a', 8000);
        var value = await flavor.Scalar(connection, $"SELECT REPEAT('{literal}', 4) FROM DUMMY");
        Assert.Equal(32000, ((string)value!).Length);
        var after = Get(flavor, connection);
        Assert.Equal(1, after.RoundTrips);
        Assert.True(after.SentUncompressed > 8000, after.ToString());
        Assert.True(after.ReceivedUncompressed > 32000, after.ToString());
        if (compress)
        {
            Assert.Equal(1, after.CompressedRequests);
            Assert.Equal(1, after.CompressedReplies);
            Assert.True(after.Sent < after.SentUncompressed / 4, after.ToString());
            Assert.True(after.Received < after.ReceivedUncompressed / 4, after.ToString());
        }
        else
        {
            Assert.Equal(0, after.CompressedRequests + after.CompressedReplies);
            Assert.Equal(after.SentUncompressed, after.Sent);
            Assert.Equal(after.ReceivedUncompressed, after.Received);
        }

        // counts add up per request, and the snapshot taken before does not move
        await flavor.Scalar(connection, "SELECT 1 FROM DUMMY");
        await flavor.Scalar(connection, "SELECT 2 FROM DUMMY");
        var later = Get(flavor, connection);
        Assert.Equal(3, later.RoundTrips);
        Assert.True(later.Sent > after.Sent && later.Received > after.Received);
        Assert.Equal(1, after.RoundTrips);

        Reset(flavor, connection);
        Assert.Equal(0, Get(flavor, connection).RoundTrips);
        await flavor.Close(connection);
        // after Close: the figures at the moment it closed (the close itself not counted)
        Assert.Equal(0, Get(flavor, connection).RoundTrips);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task APooledConnectionCountsOnlyItsOwnUseOfTheSession(string name)
    {
        var flavor = Flavor.Get(name);
        var first = await Open(flavor, "Max Pool Size=1");
        await flavor.Scalar(first, "SELECT 1 FROM DUMMY");
        await flavor.Scalar(first, "SELECT 2 FROM DUMMY");
        Assert.Equal(2, Get(flavor, first).RoundTrips);
        await flavor.Close(first);

        var second = await Open(flavor, "Max Pool Size=1");
        Assert.Equal(0, Get(flavor, second).RoundTrips);
        await flavor.Scalar(second, "SELECT 3 FROM DUMMY");
        Assert.Equal(1, Get(flavor, second).RoundTrips);
        await flavor.Close(second);
    }
}
