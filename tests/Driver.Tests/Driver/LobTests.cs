using System.Text;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

public class LobTests : DriverTestBase
{
    // The test server's LobSource.Read cuts NCLOB chunks by UTF-16 code units without keeping surrogate pairs
    // together, and its CESU-8 encoder turns the lone halves into U+FFFD, so non-BMP text that spans a chunk
    // boundary comes back damaged whatever the client does. Unskip once LobSource.Read never ends a chunk on a
    // high surrogate.
    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public Task ATenMegabyteBlobAndANClobWithNonBmpCharactersRoundTrip(string name) => RoundTripLargeLobs(name, nonBmp: true);

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public Task ATenMegabyteBlobAndAMultiChunkNClobRoundTrip(string name) => RoundTripLargeLobs(name, nonBmp: false);

    private async Task RoundTripLargeLobs(string name, bool nonBmp)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE COLUMN TABLE L (ID INTEGER PRIMARY KEY, B BLOB, N NCLOB)");
        var blob = new byte[10 * 1024 * 1024];
        new Random(42).NextBytes(blob);
        // 1-, 2- and 3-byte CESU-8 sequences (and surrogate pairs, 2 × 3 bytes) at every alignment, over several READLOB chunks
        var text = new StringBuilder();
        for (var i = 0; text.Length < 1_500_000; i++)
        {
            text.Append(nonBmp ? "😀 " : "€ ").Append(i).Append(i % 3 == 0 ? (nonBmp ? "ä𝄞" : "äß") : "x");
        }
        var nclob = text.ToString();
        Assert.Equal(1, await flavor.Execute(connection, "INSERT INTO L VALUES (?, ?, ?)", 1, blob, nclob));
        Assert.Equal(1, await flavor.Execute(connection, "INSERT INTO L VALUES (?, ?, ?)", 2, null, null));

        // streamed chunk by chunk, then (new query: the server drops a locator once it was read to the end)
        // materialized whole
        foreach (var streamed in new[] { true, false })
        {
            using var command = flavor.Command(connection, "SELECT ID, B, N FROM L ORDER BY ID");
            var reader = await flavor.ExecuteReader(command);
            Assert.True(await flavor.Read(reader));
            Assert.Equal(typeof(byte[]), reader.GetFieldType(1));
            Assert.Equal(typeof(string), reader.GetFieldType(2));
            Assert.Equal(blob, streamed ? await flavor.ReadStream(reader, 1) : await flavor.GetLob<byte[]>(reader, 1));
            Assert.Equal(nclob, streamed ? await flavor.ReadText(reader, 2) : await flavor.GetLob<string>(reader, 2));
            if (!streamed)
            {
                // a LOB read whole is kept for its row and column (the server drops a locator read to its end): a
                // second getter takes it, in Driver.Async too, where reading the LOB again would have to block
                Assert.Equal(nclob, reader.GetString(2));
            }
            Assert.True(await flavor.Read(reader));
            Assert.True(reader.IsDBNull(1));
            Assert.True(reader.IsDBNull(2));
            Assert.False(await flavor.Read(reader));
            await flavor.CloseReader(reader);
        }
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task SmallLobsArriveInlineAndReadWithGetBytesAndGetChars(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE COLUMN TABLE S (B BLOB, N NCLOB)");
        await flavor.Execute(connection, "INSERT INTO S VALUES (?, ?)", new byte[] { 1, 2, 3, 4, 5 }, "a😀b");
        using var command = flavor.Command(connection, "SELECT B, N FROM S");
        var reader = await flavor.ExecuteReader(command);
        Assert.True(await flavor.Read(reader));
        Assert.Equal(5, reader.GetBytes(0, 0, null, 0, 0));
        var bytes = new byte[3];
        Assert.Equal(3, reader.GetBytes(0, 2, bytes, 0, 3));
        Assert.Equal(new byte[] { 3, 4, 5 }, bytes);
        Assert.Equal(4, reader.GetChars(1, 0, null, 0, 0));
        var chars = new char[4];
        Assert.Equal(4, reader.GetChars(1, 0, chars, 0, 4));
        Assert.Equal("a😀b", new string(chars));
        Assert.Equal("a😀b", reader.GetString(1));
        await flavor.CloseReader(reader);
        await flavor.Close(connection);
    }
}
