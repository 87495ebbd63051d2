using Driver.Core.Protocol;
using K4os.Compression.LZ4;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Compression;

/// <summary>
/// LZ4 packet compression (§11.2): everything after the 24-byte segment header (part headers, part data, padding)
/// travels as ONE raw LZ4 block — no frame, no size prefix, no checksum. The message header's
/// compressionVarPartLength (offset 24) gives the uncompressed size + 24. Header rewriting is the framer's job;
/// this class only compresses and decompresses the parts region and validates the declared size.
/// </summary>
internal static class PacketCompression
{
    /// <summary>Parts up to this size are sent uncompressed ([R] min_compression_size, §11.2).</summary>
    public const int DefaultMinimumSize = 5120;

    /// <summary>Largest uncompressed parts region accepted from the wire.</summary>
    public const int DefaultMaximumUncompressedSize = 1 << 30;

    /// <summary>The segment header stays uncompressed and is counted in compressionVarPartLength (§11.2).</summary>
    public const int SegmentHeaderLength = 24;

    /// <summary>
    /// One compressed byte can expand to at most 255 bytes in LZ4 (a match-length extension byte); with slack for the
    /// minimum match and token. Lets a declared size be refused before allocating when the block is far too small.
    /// </summary>
    private const int MaximumExpansion = 256;

    /// <summary>Upper bound of an LZ4 block for <paramref name="length"/> input bytes.</summary>
    public static int MaximumCompressedLength(int length) => LZ4Codec.MaximumOutputSize(length);

    /// <summary>
    /// Compresses <paramref name="parts"/> as a raw LZ4 block appended to <paramref name="destination"/>, if that is
    /// worth it (§11.2, as [R]): the parts exceed <paramref name="minimumSize"/> and the block saves more than 5 %
    /// (<c>u − c &gt; u/20</c>). Returns false and leaves <paramref name="destination"/> unchanged otherwise; the packet
    /// then goes out uncompressed even though compression was negotiated.
    /// </summary>
    public static bool TryCompress(ReadOnlySpan<byte> parts, PacketWriter destination, int minimumSize = DefaultMinimumSize)
    {
        if (!IsCandidate(parts.Length, minimumSize))
        {
            return false;
        }
        var limit = WorthwhileLimit(parts.Length);
        var span = destination.GetSpan(limit).Slice(0, limit);
        if (!TryEncodeWithin(parts, span, out var written))
        {
            return false;
        }
        destination.Advance(written);
        return true;
    }

    /// <summary>
    /// Span form of <see cref="TryCompress(ReadOnlySpan{byte}, PacketWriter, int)"/>. A destination shorter than the
    /// worthwhile limit only lowers the bar: a block that does not fit is reported as not worth it.
    /// </summary>
    public static bool TryCompress(ReadOnlySpan<byte> parts, Span<byte> destination, out int written, int minimumSize = DefaultMinimumSize)
    {
        written = 0;
        if (!IsCandidate(parts.Length, minimumSize))
        {
            return false;
        }
        var limit = Math.Min(WorthwhileLimit(parts.Length), destination.Length);
        return TryEncodeWithin(parts, destination.Slice(0, limit), out written);
    }

    /// <summary>
    /// Validates compressionVarPartLength (message header offset 24) and returns the uncompressed parts length =
    /// compressionVarPartLength − 24 (§11.2). Refuses a negative size, one above <paramref name="maximumUncompressedSize"/>,
    /// and one that <paramref name="compressedLength"/> bytes of LZ4 cannot possibly expand to — all before the caller
    /// allocates anything.
    /// </summary>
    public static int GetUncompressedPartsLength(long compressionVarPartLength, int compressedLength,
        int maximumUncompressedSize = DefaultMaximumUncompressedSize)
    {
        var partsLength = compressionVarPartLength - SegmentHeaderLength;
        if (partsLength < 0)
        {
            throw new HanaProtocolException(
                $"Compressed packet declares compressionVarPartLength {compressionVarPartLength}, less than the {SegmentHeaderLength}-byte segment header.");
        }
        if (partsLength > maximumUncompressedSize)
        {
            throw new HanaProtocolException(
                $"Compressed packet declares {partsLength} uncompressed bytes, more than the allowed {maximumUncompressedSize}.");
        }
        if (compressedLength < 0 || partsLength > (long)compressedLength * MaximumExpansion + 16)
        {
            throw new HanaProtocolException(
                $"Compressed packet declares {partsLength} uncompressed bytes, impossible for an LZ4 block of {compressedLength} bytes.");
        }
        return (int)partsLength;
    }

    /// <summary>
    /// Validates the declared size, then decompresses <paramref name="block"/> into a new array of exactly that size.
    /// </summary>
    public static byte[] Decompress(ReadOnlySpan<byte> block, long compressionVarPartLength,
        int maximumUncompressedSize = DefaultMaximumUncompressedSize)
    {
        var length = GetUncompressedPartsLength(compressionVarPartLength, block.Length, maximumUncompressedSize);
        var result = new byte[length];
        Decompress(block, result);
        return result;
    }

    /// <summary>Validates the declared size, then appends the decompressed parts to <paramref name="destination"/>.</summary>
    public static void Decompress(ReadOnlySpan<byte> block, long compressionVarPartLength, PacketWriter destination,
        int maximumUncompressedSize = DefaultMaximumUncompressedSize)
    {
        var length = GetUncompressedPartsLength(compressionVarPartLength, block.Length, maximumUncompressedSize);
        Decompress(block, destination.GetSpan(length).Slice(0, length));
        destination.Advance(length);
    }

    /// <summary>
    /// Decodes the raw LZ4 <paramref name="block"/> into <paramref name="destination"/>, which must be exactly the
    /// declared uncompressed size (compressionVarPartLength − 24; see <see cref="GetUncompressedPartsLength"/>).
    /// The LZ4 decoder is the bounds-checked ("safe") one: it never writes past <paramref name="destination"/>.
    /// </summary>
    /// <exception cref="HanaProtocolException">The block is malformed or does not decode to exactly that size.</exception>
    public static void Decompress(ReadOnlySpan<byte> block, Span<byte> destination)
    {
        if (destination.IsEmpty)
        {
            // An empty input encodes as nothing or as the single empty-literal token 00; K4os rejects a target of 0.
            if (block.Length == 0 || (block.Length == 1 && block[0] == 0))
            {
                return;
            }
            throw new HanaProtocolException($"Compressed packet declares 0 uncompressed bytes but carries a {block.Length}-byte block.");
        }

        int decoded;
        try
        {
            decoded = LZ4Codec.Decode(block, destination);
        }
        catch (Exception exception)
        {
            throw new HanaProtocolException($"Malformed LZ4 block of {block.Length} bytes.", exception);
        }
        if (decoded < 0)
        {
            throw new HanaProtocolException($"Malformed LZ4 block of {block.Length} bytes (expected {destination.Length} bytes after decompression).");
        }
        if (decoded != destination.Length)
        {
            throw new HanaProtocolException(
                $"LZ4 block decompresses to {decoded} bytes, but the message header declares {destination.Length}.");
        }
    }

    /// <summary>Raw LZ4 block encoding without any worthwhile check; returns the block length, or -1 if it does not fit.</summary>
    internal static int EncodeBlock(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.IsEmpty)
        {
            // the canonical block for no data: one token with zero literals and no match
            if (destination.IsEmpty)
            {
                return -1;
            }
            destination[0] = 0;
            return 1;
        }
        var written = LZ4Codec.Encode(source, destination);
        return written > 0 ? written : -1;
    }

    private static bool IsCandidate(int length, int minimumSize) => length > 0 && length > minimumSize;

    /// <summary>Largest block that still saves more than 5 %: c &lt; u − u/20 (§11.2).</summary>
    private static int WorthwhileLimit(int length) => length - length / 20 - 1;

    private static bool TryEncodeWithin(ReadOnlySpan<byte> parts, Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.IsEmpty)
        {
            return false;
        }
        // With the target capped at the worthwhile limit the encoder simply fails when compression does not pay.
        var result = LZ4Codec.Encode(parts, destination);
        if (result <= 0 || parts.Length - result <= parts.Length / 20)
        {
            return false;
        }
        written = result;
        return true;
    }
}
