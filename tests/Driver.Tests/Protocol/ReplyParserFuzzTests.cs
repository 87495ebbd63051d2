using Driver.Core.Protocol;
using Driver.Sync;
using Driver.Tests.Vectors;

namespace Driver.Tests.Protocol;

/// <summary>
/// The reply parser fed truncated, mutated and random messages must end in <see cref="HanaProtocolException"/>
/// or a result, nothing else: no other exception type, no hang, and no allocation out of proportion to the
/// bytes actually received (a lying length must be bounded before anything is allocated).
/// </summary>
public class ReplyParserFuzzTests
{
    private const int Seed = 20261123;

    public static TheoryData<string> Messages() => VectorIndex.FilesOf("segment", "message");

    private static byte[] AsMessage(VectorEntry vector)
    {
        if (vector.Layer == "message")
        {
            return vector.Bytes;
        }
        FramingVectorTests.ParseSegment(vector.Bytes, out var framed);
        return framed;
    }

    /// <summary>Parses the message and decodes every part it holds, as a client would.</summary>
    private static void DecodeAll(byte[] message, int length)
    {
        var parsed = new ParsedMessage();
        parsed.Parse(message, length);
        foreach (var part in parsed.Parts)
        {
            PartJson.Decode((int)part.Kind, part.ArgumentCount, parsed.GetPartSpan(part).ToArray(), FramingVectorTests.RowDecoder);
        }
    }

    private static void AssertOnlyProtocolErrors(byte[] message, int length)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            DecodeAll(message, length);
        }
        catch (HanaProtocolException)
        {
            // the one allowed failure
        }
        catch (Exception exception)
        {
            Assert.Fail($"{exception.GetType().Name} instead of HanaProtocolException for {length} bytes: {exception.Message}\n{exception.StackTrace}");
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // decoding may copy and render what arrived, but never allocates for lengths that did not arrive
        Assert.True(allocated < 64L * length + (1 << 20), $"{allocated} bytes allocated while decoding {length} bytes");
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void EveryTruncationFailsCleanly(string file)
    {
        var message = AsMessage(VectorIndex.Get(file));
        for (var length = 0; length < message.Length; length++)
        {
            var copy = message.AsSpan(0, length).ToArray();
            // the header still claims the full length: a truncated read must be noticed
            AssertOnlyProtocolErrors(copy, length);
        }
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void MutatedBytesFailCleanly(string file)
    {
        var original = AsMessage(VectorIndex.Get(file));
        var random = new Random(Seed ^ file.GetHashCode(StringComparison.Ordinal));
        for (var round = 0; round < 400; round++)
        {
            var copy = (byte[])original.Clone();
            var flips = 1 + random.Next(4);
            for (var i = 0; i < flips; i++)
            {
                var offset = random.Next(copy.Length);
                copy[offset] = random.Next(3) switch
                {
                    0 => (byte)random.Next(256),
                    1 => 0xFF,
                    _ => (byte)(copy[offset] ^ (1 << random.Next(8))),
                };
            }
            AssertOnlyProtocolErrors(copy, copy.Length);
        }
    }

    [Fact]
    public void RandomBytesFailCleanly()
    {
        var random = new Random(Seed);
        for (var round = 0; round < 3000; round++)
        {
            var bytes = new byte[random.Next(0, 512)];
            random.NextBytes(bytes);
            if (bytes.Length >= 56 && random.Next(2) == 0)
            {
                // plausible framing with random parts: one segment, a reply kind, a sane length
                new MessageHeader { VarPartLength = (uint)(bytes.Length - 32), NoOfSegments = 1 }.Write(bytes);
                bytes[32 + 12] = 2;
            }
            AssertOnlyProtocolErrors(bytes, bytes.Length);
        }
    }

    [Fact]
    public void AbsurdLengthsAreRefusedBeforeAllocation()
    {
        // a part that claims 2^31-1 bytes and a metadata part that claims 2^31-1 columns
        var message = AsMessage(VectorIndex.Get("seg_reply_execdirect_select_dummy.hex"));
        var lyingLength = (byte[])message.Clone();
        BitConverter.GetBytes(int.MaxValue).CopyTo(lyingLength, 32 + 24 + 8);
        Assert.Throws<HanaProtocolException>(() => DecodeAll(lyingLength, lyingLength.Length));

        var lyingCount = (byte[])message.Clone();
        lyingCount[32 + 24 + 2] = 0xFF;
        lyingCount[32 + 24 + 3] = 0xFF;
        BitConverter.GetBytes(int.MaxValue).CopyTo(lyingCount, 32 + 24 + 4);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<HanaProtocolException>(() => DecodeAll(lyingCount, lyingCount.Length));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }
}
