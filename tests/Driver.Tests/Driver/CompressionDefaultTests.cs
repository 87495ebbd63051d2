using Server = Driver.TestServer.TestServer;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// §11.1 as node-hdb does it: without a Compress key the driver offers LZ4 (option 49 = LZ4Supported) and the server's
/// own setting decides; Compress=true asks for it; Compress=false never offers it.
/// </summary>
public class CompressionDefaultTests
{
    private const int Lz4Supported = 0x100;
    private const int Lz4Enabled = 0x200;

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task WithoutTheKeyCompressionIsOfferedAndAServerThatGrantsItCompressesLargePackets(string name)
    {
        var flavor = Flavor.Get(name);
        await using var server = await Server.StartAsync(new Driver.TestServer.TestServerOptions { CompressByDefault = true });
        var connection = await flavor.Open(server.ConnectionString + ";Pooling=false");
        try
        {
            Assert.Equal(Lz4Supported, server.CompressionOfferOf(flavor.ConnectionId(connection)));
            Assert.True(flavor.IsCompressed(connection));
            var text = new string('x', 20000);
            Assert.Equal(text, await flavor.Scalar(connection, "SELECT ? FROM DUMMY", text));
            var statistics = ((dynamic)connection).GetStatistics();
            Assert.True((long)statistics.CompressedRequests > 0, "the 20,000-character request went out compressed");
            Assert.True((long)statistics.CompressedReplies > 0, "the 20,000-character reply came back compressed");
        }
        finally
        {
            await flavor.Close(connection);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AServerThatDoesNotGrantAnOfferLeavesTheSessionUncompressed(string name)
    {
        var flavor = Flavor.Get(name);
        await using var server = await Server.StartAsync();
        var connection = await flavor.Open(server.ConnectionString + ";Pooling=false");
        try
        {
            Assert.Equal(Lz4Supported, server.CompressionOfferOf(flavor.ConnectionId(connection)));
            Assert.False(flavor.IsCompressed(connection));
        }
        finally
        {
            await flavor.Close(connection);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task CompressFalseNeverOffersIt(string name)
    {
        var flavor = Flavor.Get(name);
        await using var server = await Server.StartAsync(new Driver.TestServer.TestServerOptions { CompressByDefault = true });
        var connection = await flavor.Open(server.ConnectionString + ";Pooling=false;Compress=false");
        try
        {
            Assert.Null(server.CompressionOfferOf(flavor.ConnectionId(connection)));
            Assert.False(flavor.IsCompressed(connection));
            var text = new string('x', 20000);
            Assert.Equal(text, await flavor.Scalar(connection, "SELECT ? FROM DUMMY", text));
            var statistics = ((dynamic)connection).GetStatistics();
            Assert.Equal(0L, (long)statistics.CompressedRequests);
            Assert.Equal(0L, (long)statistics.CompressedReplies);
        }
        finally
        {
            await flavor.Close(connection);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task CompressTrueAsksForIt(string name)
    {
        var flavor = Flavor.Get(name);
        await using var server = await Server.StartAsync();
        var connection = await flavor.Open(server.ConnectionString + ";Pooling=false;Compress=true");
        try
        {
            Assert.Equal(Lz4Supported | Lz4Enabled, server.CompressionOfferOf(flavor.ConnectionId(connection)));
            Assert.True(flavor.IsCompressed(connection));
        }
        finally
        {
            await flavor.Close(connection);
        }
    }
}
