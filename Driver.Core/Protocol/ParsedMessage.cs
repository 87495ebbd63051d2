#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Protocol;

/// <summary>
/// A received message (request or reply) split into its headers and parts. The message bytes stay where they
/// are; parts are located by offset, so parsing allocates nothing per part beyond the reused part list.
/// Every length is checked against the bytes actually received (§3, §15.1 item 10: unknown part kinds are
/// skipped by their length).
/// </summary>
internal sealed class ParsedMessage
{
    private readonly List<PartRef> _parts = new();
    private byte[] _buffer = [];
    private int _length;

    public MessageHeader Header;
    public SegmentHeader Segment;

    public byte[] Buffer => _buffer;
    public int Length => _length;
    public IReadOnlyList<PartRef> Parts => _parts;

    public ReadOnlySpan<byte> GetPartSpan(in PartRef part) => _buffer.AsSpan(part.Offset, part.Length);
    public ReadOnlyMemory<byte> GetPartMemory(in PartRef part) => _buffer.AsMemory(part.Offset, part.Length);

    public bool TryGetPart(PartKind kind, out PartRef part)
    {
        foreach (var candidate in _parts)
        {
            if (candidate.Kind == kind)
            {
                part = candidate;
                return true;
            }
        }
        part = default;
        return false;
    }

    /// <summary>
    /// Parses an uncompressed message of <paramref name="length"/> bytes: 32-byte header, one segment header,
    /// then the parts. Compressed messages are decompressed by the transport before they get here.
    /// </summary>
    public void Parse(byte[] buffer, int length)
    {
        if ((uint)length > (uint)buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(length));
        }
        _buffer = buffer;
        _length = length;
        _parts.Clear();
        var data = buffer.AsSpan(0, length);
        Header = MessageHeader.Read(data);
        if (Header.IsCompressed)
        {
            throw new HanaProtocolException("A compressed message reached the parser undecompressed.");
        }
        if (Header.VarPartLength > (uint)(length - MessageHeader.Size))
        {
            throw new HanaProtocolException($"Message header announces {Header.VarPartLength} bytes, {length - MessageHeader.Size} arrived.");
        }
        var end = MessageHeader.Size + (int)Header.VarPartLength;
        if (Header.NoOfSegments != 1)
        {
            // §3: every client and server uses exactly one segment per message
            throw new HanaProtocolException($"Expected exactly one segment, the message header says {Header.NoOfSegments}.");
        }
        Segment = SegmentHeader.Read(data.Slice(MessageHeader.Size, end - MessageHeader.Size));
        if (Segment.NoOfParts < 0)
        {
            throw new HanaProtocolException($"Negative part count {Segment.NoOfParts}.");
        }
        if (Segment.Kind is not (SegmentKind.Request or SegmentKind.Reply or SegmentKind.Error))
        {
            throw new HanaProtocolException($"Unknown segment kind {(int)Segment.Kind}.");
        }
        var position = MessageHeader.Size + SegmentHeader.Size;
        for (var i = 0; i < Segment.NoOfParts; i++)
        {
            if (end - position < PartHeader.Size)
            {
                throw new HanaProtocolException($"Part {i + 1} of {Segment.NoOfParts} is missing: {end - position} bytes left.");
            }
            var header = PartHeader.Read(data.Slice(position, PartHeader.Size));
            position += PartHeader.Size;
            if (header.BufferLength > end - position)
            {
                throw new HanaProtocolException($"Part kind {(int)header.Kind} announces {header.BufferLength} bytes, {end - position} left.");
            }
            _parts.Add(new PartRef(header.Kind, header.Attributes, header.ArgumentCount, position, header.BufferLength));
            // §3.4: tolerate a missing pad after the last part
            position += Math.Min(header.BufferLength + PartHeader.PaddingFor(header.BufferLength), end - position);
        }
    }
}
