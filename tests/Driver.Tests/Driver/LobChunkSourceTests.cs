using Driver.Core.Session;
using Driver.Core.Types;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>The chunker behind streamed LOB parameters (Sync build of the internal type).</summary>
public class LobChunkSourceTests
{
    private static List<(byte[] Chunk, bool Last)> Drain(LobChunkSource source)
    {
        var chunks = new List<(byte[], bool)>();
        do
        {
            // one fill: the reads the upload workflow asks the pump for
            foreach (var read in source.Reads())
            {
                read.Fill!.FillSync();
            }
            chunks.Add((source.Chunk.ToArray(), source.IsLast));
        }
        while (!source.IsLast);
        return chunks;
    }

    [Theory]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(100)]
    [InlineData(4096)]
    public void TextChunksAreWholeCesu8TextAndNeverSplitASurrogatePair(int chunkSize)
    {
        var text = LobStreamingTests.MixedText(20_000);
        var chunks = Drain(new LobChunkSource(new OneCharAtATimeReader(text), chunkSize));
        Assert.All(chunks, chunk => Assert.InRange(chunk.Chunk.Length, 1, chunkSize));
        Assert.All(chunks, chunk => Assert.Equal(0, Cesu8.GetIncompleteTailLength(chunk.Chunk)));
        // each chunk decodes on its own, without replacement characters
        var decoded = string.Concat(chunks.Select(chunk => Cesu8.Decode(chunk.Chunk)));
        Assert.Equal(text, decoded);
        Assert.Equal(chunks.Count - 1, chunks.Count(chunk => !chunk.Last));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(128)]
    [InlineData(129)]
    public void StreamChunksAreFullUntilTheLastWhichIsFlagged(int length)
    {
        var bytes = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
        var chunks = Drain(new LobChunkSource(new OneByteAtATimeStream(bytes), 64));
        Assert.Equal(Math.Max(1, (length + 63) / 64), chunks.Count);
        Assert.All(chunks.Take(chunks.Count - 1), chunk => Assert.Equal(64, chunk.Chunk.Length));
        Assert.Equal(bytes, chunks.SelectMany(chunk => chunk.Chunk).ToArray());
    }

    [Fact]
    public void ALoneHighSurrogateAtTheEndBecomesAReplacementCharacter()
    {
        var chunks = Drain(new LobChunkSource(new StringReader("ab\uD83D"), 64));
        Assert.Equal("ab\uFFFD", Cesu8.Decode(chunks.Single().Chunk));
    }

    private sealed class OneCharAtATimeReader(string text) : TextReader
    {
        private int _position;

        public override int Read(char[] buffer, int index, int count)
        {
            if (_position >= text.Length || count == 0)
            {
                return 0;
            }
            buffer[index] = text[_position++];
            return 1;
        }
    }

    private sealed class OneByteAtATimeStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
    }
}
