using System.Buffers.Binary;
using System.Security.Cryptography;
using Driver.Core.Compression;
using Driver.Core.Protocol;
using Driver.Sync;
using Driver.Tests.Auth;
using Driver.Tests.Vectors;

namespace Driver.Tests.Compression;

public class PacketCompressionTests
{
    private const int MessageHeaderLength = 32;
    private const int SegmentHeaderLength = 24;

    public static TheoryData<string> Lz4Vectors => VectorIndex.FilesOf("lz4");

    /// <summary>
    /// Every lz4 vector: compressed ones are decompressed and compared with their _decoded counterpart (message-shaped
    /// ones have a 32-byte message header and the uncompressed 24-byte segment header in front of the block);
    /// decoded ones are checked for size and for being referenced by a compressed vector.
    /// </summary>
    [Theory]
    [MemberData(nameof(Lz4Vectors))]
    public void Lz4VectorDecompressesToItsDecodedCounterpart(string file)
    {
        var bytes = VectorIndex.Get(file).Bytes;
        var expected = VectorIndex.Get(file).Expected;
        Assert.Equal(expected.GetProperty("byteCount").GetInt32(), bytes.Length);

        if (!expected.TryGetProperty("decompressedFile", out var decodedFileName))
        {
            // a reference output: some compressed vector must point at it
            Assert.Contains(VectorIndex.Entries.Values.Select(e => e.Json), e => e.GetProperty("layer").GetString() == "lz4"
                && e.GetProperty("expected").TryGetProperty("decompressedFile", out var d) && d.GetString() == file);
            if (expected.TryGetProperty("header", out var plainHeader))
            {
                Assert.Equal(plainHeader.GetProperty("varPartLength").GetInt32() + MessageHeaderLength, bytes.Length);
                Assert.Equal(0, bytes[22]);
            }
            return;
        }

        var decodedFile = VectorIndex.Get(decodedFileName.GetString()!).Bytes;
        var decompressedLength = expected.GetProperty("decompressedLength").GetInt32();
        byte[] parts;
        if (expected.TryGetProperty("header", out var header))
        {
            var varPartLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
            var compressionVarPartLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(24));
            Assert.Equal((uint)header.GetProperty("varPartLength").GetInt32(), varPartLength);
            Assert.Equal(bytes.Length - MessageHeaderLength, (int)varPartLength);
            Assert.Equal(2, bytes[22]); // §11.2 packetOptions = compressed
            Assert.Equal((uint)header.GetProperty("compressionVarPartLength").GetInt32(), compressionVarPartLength);
            Assert.Equal(Convert.FromHexString(expected.GetProperty("segmentHeaderHex").GetString()!), bytes[32..56]);

            var block = bytes.AsSpan(MessageHeaderLength + SegmentHeaderLength);
            Assert.Equal(expected.GetProperty("blockLength").GetInt32(), block.Length);
            parts = PacketCompression.Decompress(block, compressionVarPartLength);

            // the decoded message: same header apart from offsets 12, 22, 24 (§11.2), same segment header, then the parts
            Assert.Equal(decodedFile.Length, MessageHeaderLength + (int)compressionVarPartLength);
            Assert.Equal(bytes[..12], decodedFile[..12]);
            Assert.Equal(bytes[16..22], decodedFile[16..22]);
            Assert.Equal(bytes[28..56], decodedFile[28..56]);
            Assert.Equal(compressionVarPartLength, BinaryPrimitives.ReadUInt32LittleEndian(decodedFile.AsSpan(12)));
            Assert.Equal(0, decodedFile[22]);
            Assert.Equal(parts, decodedFile[56..]);
        }
        else
        {
            parts = PacketCompression.Decompress(bytes, decompressedLength + SegmentHeaderLength);
            Assert.Equal(decodedFile, parts);
        }
        Assert.Equal(decompressedLength, parts.Length);
        Assert.Equal(expected.GetProperty("decompressedSha256").GetString(), Convert.ToHexString(SHA256.HashData(parts)).ToLowerInvariant());

        // our encoder's block for the same data decodes back (encoders differ, so no byte comparison with the vector)
        var ownBlock = new byte[PacketCompression.MaximumCompressedLength(parts.Length)];
        var ownLength = PacketCompression.EncodeBlock(parts, ownBlock);
        Assert.Equal(parts, PacketCompression.Decompress(ownBlock.AsSpan(0, ownLength), parts.Length + SegmentHeaderLength));
    }

    private static byte[] Data(int length, bool compressible, int seed)
    {
        var random = new Random(seed);
        var data = new byte[length];
        if (!compressible)
        {
            random.NextBytes(data);
            return data;
        }
        // result-set-like: repeated row shapes with small varying numbers
        for (var i = 0; i < length; i++)
        {
            data[i] = (i % 16) switch
            {
                0 => (byte)(i / 16),
                < 4 => (byte)random.Next(4),
                _ => (byte)"ROW-VALUE-TEXT.."[i % 16],
            };
        }
        return data;
    }

    public static TheoryData<int, bool> Sizes()
    {
        var data = new TheoryData<int, bool>();
        foreach (var size in new[] { 0, 1, 2, 12, 13, 100, 5120, 5121, 65535, 65536, 65537, 1 << 20, 3 * 1024 * 1024 + 7 })
        {
            data.Add(size, false);
            data.Add(size, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void RawBlocksRoundTrip(int size, bool compressible)
    {
        var data = Data(size, compressible, size);
        var block = new byte[PacketCompression.MaximumCompressedLength(size) + 1];
        var length = PacketCompression.EncodeBlock(data, block);
        Assert.True(length > 0);
        Assert.Equal(data, PacketCompression.Decompress(block.AsSpan(0, length), (long)size + SegmentHeaderLength));

        using var writer = new PacketWriter();
        writer.WriteBytes([1, 2, 3]);
        PacketCompression.Decompress(block.AsSpan(0, length), (long)size + SegmentHeaderLength, writer);
        Assert.Equal(new byte[] { 1, 2, 3 }.Concat(data), writer.WrittenSpan.ToArray());
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void TryCompressKeepsOnlyWorthwhileBlocks(int size, bool compressible)
    {
        var data = Data(size, compressible, size + 1);
        using var writer = new PacketWriter();
        writer.WriteBytes([9, 9]);
        var compressed = PacketCompression.TryCompress(data, writer);
        if (!compressed)
        {
            Assert.Equal(2, writer.Length);
            // refusing is right only below the threshold or when LZ4 would not save 5 %
            if (size > PacketCompression.DefaultMinimumSize)
            {
                var block = new byte[PacketCompression.MaximumCompressedLength(size)];
                var length = PacketCompression.EncodeBlock(data, block);
                Assert.True(size - length <= size / 20, $"{size} bytes would have compressed to {length}");
            }
            return;
        }
        Assert.True(size > PacketCompression.DefaultMinimumSize);
        var blockLength = writer.Length - 2;
        Assert.True(size - blockLength > size / 20); // §11.2: saves more than 5 %
        Assert.Equal(data, PacketCompression.Decompress(writer.WrittenSpan.Slice(2), (long)size + SegmentHeaderLength));
    }

    [Fact]
    public void TryCompressHonoursTheThreshold()
    {
        var atThreshold = Data(PacketCompression.DefaultMinimumSize, true, 1);
        var aboveThreshold = Data(PacketCompression.DefaultMinimumSize + 1, true, 1);
        using var writer = new PacketWriter();
        Assert.False(PacketCompression.TryCompress(atThreshold, writer));
        Assert.True(PacketCompression.TryCompress(aboveThreshold, writer));

        var small = Data(300, true, 2);
        Assert.False(PacketCompression.TryCompress(small, new byte[1000], out _));
        var destination = new byte[1000];
        Assert.True(PacketCompression.TryCompress(small, destination, out var written, minimumSize: 100));
        Assert.True(written < 300 - 300 / 20);
        Assert.Equal(small, PacketCompression.Decompress(destination.AsSpan(0, written), small.Length + SegmentHeaderLength));
    }

    private static byte[] Compress(byte[] data)
    {
        var block = new byte[PacketCompression.MaximumCompressedLength(data.Length)];
        return block[..PacketCompression.EncodeBlock(data, block)];
    }

    [Fact]
    public void TryCompressIntoATooSmallSpanReportsNotWorthIt()
    {
        var data = Data(20000, true, 3);
        var block = Compress(data);
        Assert.False(PacketCompression.TryCompress(data, new byte[block.Length / 2], out var written));
        Assert.Equal(0, written);
        var destination = new byte[PacketCompression.MaximumCompressedLength(data.Length)];
        Assert.True(PacketCompression.TryCompress(data, destination, out written));
        Assert.Equal(data, PacketCompression.Decompress(destination.AsSpan(0, written), data.Length + SegmentHeaderLength));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(0L)]
    [InlineData(23L)]
    [InlineData(long.MinValue)]
    public void DeclaredSizeBelowTheSegmentHeaderIsRejected(long compressionVarPartLength)
    {
        Assert.Throws<HanaProtocolException>(() => PacketCompression.Decompress(Compress(Data(100, true, 4)), compressionVarPartLength));
    }

    [Fact]
    public void DeclaredSizeAboveTheMaximumIsRejectedBeforeAllocation()
    {
        var data = Data(100_000, true, 5);
        var block = Compress(data);
        const int maximum = 50_000;
        Assert.Throws<HanaProtocolException>(() => PacketCompression.GetUncompressedPartsLength(maximum + 1 + SegmentHeaderLength, block.Length, maximum));

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<HanaProtocolException>(() => PacketCompression.Decompress(block, data.Length + SegmentHeaderLength, maximum));
        Assert.Throws<HanaProtocolException>(() => PacketCompression.Decompress(block, uint.MaxValue));
        Assert.Throws<HanaProtocolException>(() => PacketCompression.Decompress(block, (1L << 30) + SegmentHeaderLength + 1));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated before rejecting");

        // the same block and size within the maximum decode fine
        Assert.Equal(data, PacketCompression.Decompress(block, data.Length + SegmentHeaderLength, maximumUncompressedSize: 100_000));
    }

    [Fact]
    public void DeclaredSizeImpossibleForTheBlockLengthIsRejectedBeforeAllocation()
    {
        var block = Compress(Data(1000, true, 6));
        var before = GC.GetAllocatedBytesForCurrentThread();
        // within the 1 GiB maximum, but no LZ4 block of this length expands that far
        Assert.Throws<HanaProtocolException>(() => PacketCompression.Decompress(block, 500_000_000));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
    }

    [Fact]
    public void BlockDecodingToAnotherSizeThanDeclaredIsRejected()
    {
        var data = Data(5000, true, 7);
        var block = Compress(data);
        Assert.Throws<HanaProtocolException>(() => PacketCompression.Decompress(block, data.Length + SegmentHeaderLength + 1));
        Assert.Throws<HanaProtocolException>(() => PacketCompression.Decompress(block, data.Length + SegmentHeaderLength - 1));
        Assert.Throws<HanaProtocolException>(() => PacketCompression.Decompress(block, new byte[data.Length * 2]));
        Assert.Throws<HanaProtocolException>(() => PacketCompression.Decompress(block, SegmentHeaderLength));
    }

    [Fact]
    public void EmptyPartsAcceptOnlyTheEmptyBlocks()
    {
        Assert.Empty(PacketCompression.Decompress([], SegmentHeaderLength));
        Assert.Empty(PacketCompression.Decompress([0x00], SegmentHeaderLength));
        Assert.Throws<HanaProtocolException>(() => PacketCompression.Decompress([0x10, 0x41], SegmentHeaderLength));
        Assert.Throws<HanaProtocolException>(() => PacketCompression.Decompress([], SegmentHeaderLength + 1));
        Assert.Equal(new byte[] { 0x00 }, Compress([]));
    }

    /// <summary>Decodes into the first <paramref name="size"/> bytes of a larger buffer and checks the rest is untouched.</summary>
    private static void DecodeWithGuard(ReadOnlySpan<byte> block, int size)
    {
        const byte guard = 0xCC;
        var buffer = new byte[size + 4096];
        buffer.AsSpan().Fill(guard);
        try
        {
            PacketCompression.Decompress(block, buffer.AsSpan(0, size));
        }
        catch (HanaProtocolException)
        {
        }
        Assert.True(buffer.AsSpan(size).IndexOfAnyExcept(guard) < 0, "the decoder wrote past the destination");
    }

    [Fact]
    public void TruncatedBlocksThrowProtocolExceptionOnly()
    {
        foreach (var (data, seed) in new[] { (Data(3000, true, 8), 8), (Data(3000, false, 9), 9), (VectorIndex.Get("lz4_block_corner_cases_decoded.hex").Bytes, 10) })
        {
            var block = Compress(data);
            for (var length = 0; length < block.Length; length++)
            {
                var truncated = block[..length];
                Assert.Throws<HanaProtocolException>(() => PacketCompression.Decompress(truncated, data.Length + SegmentHeaderLength));
                DecodeWithGuard(truncated, data.Length);
            }
        }
        var corner = VectorIndex.Get("lz4_block_corner_cases.hex").Bytes;
        for (var length = 0; length < corner.Length; length++)
        {
            Assert.Throws<HanaProtocolException>(() => PacketCompression.Decompress(corner[..length], 483 + SegmentHeaderLength));
        }
    }

    [Fact]
    public void MutatedBlocksDecodeOrThrowProtocolExceptionAndNeverWritePastTheDestination()
    {
        var random = new Random(2024);
        var sources = new[]
        {
            Compress(Data(4000, true, 11)),
            Compress(Data(700, false, 12)),
            VectorIndex.Get("lz4_block_corner_cases.hex").Bytes,
            VectorIndex.Get("lz4_msg_fetch_reply.hex").Bytes[56..],
        };
        for (var round = 0; round < 4000; round++)
        {
            var block = (byte[])sources[round % sources.Length].Clone();
            var changes = random.Next(1, 5);
            for (var i = 0; i < changes; i++)
            {
                block[random.Next(block.Length)] = (byte)random.Next(256);
            }
            var size = random.Next(0, 6000);
            DecodeWithGuard(block, size);
        }
    }

    [Fact]
    public void RandomGarbageThrowsProtocolExceptionOnly()
    {
        var random = new Random(31337);
        for (var round = 0; round < 3000; round++)
        {
            var block = new byte[random.Next(0, 200)];
            random.NextBytes(block);
            DecodeWithGuard(block, random.Next(0, 10000));
        }
    }
}
