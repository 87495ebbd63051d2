using System.Buffers.Binary;
using Driver.Core.Protocol;

namespace Driver.ParserFuzz;

/// <summary>
/// A message taken apart leniently (headers kept as bytes, parts as kind/attributes/count/buffer) so the mutator can
/// drop, duplicate, swap and splice parts and then write the message back with consistent lengths: the mutated
/// input gets past the framing checks and reaches the part readers.
/// </summary>
internal sealed class MessageLayout
{
    public byte[] MessageHeader = new byte[Driver.Core.Protocol.MessageHeader.Size];
    public byte[] SegmentHeader = new byte[Driver.Core.Protocol.SegmentHeader.Size];
    public List<(byte Kind, byte Attributes, int Count, byte[] Buffer)> Parts = new();

    private const int HeadersSize = Driver.Core.Protocol.MessageHeader.Size + Driver.Core.Protocol.SegmentHeader.Size;

    /// <summary>Null when the bytes do not even hold the two headers.</summary>
    public static MessageLayout? TryRead(ReadOnlySpan<byte> message)
    {
        if (message.Length < HeadersSize)
        {
            return null;
        }
        var layout = new MessageLayout();
        message.Slice(0, layout.MessageHeader.Length).CopyTo(layout.MessageHeader);
        message.Slice(layout.MessageHeader.Length, layout.SegmentHeader.Length).CopyTo(layout.SegmentHeader);
        var count = Math.Min((int)BinaryPrimitives.ReadInt16LittleEndian(message.Slice(40)), 64);
        var position = HeadersSize;
        for (var i = 0; i < count && message.Length - position >= PartHeader.Size; i++)
        {
            var header = message.Slice(position, PartHeader.Size);
            var shortCount = BinaryPrimitives.ReadInt16LittleEndian(header.Slice(2));
            var argumentCount = shortCount == -1 ? BinaryPrimitives.ReadInt32LittleEndian(header.Slice(4)) : shortCount;
            var length = BinaryPrimitives.ReadInt32LittleEndian(header.Slice(8));
            position += PartHeader.Size;
            length = Math.Clamp(length, 0, message.Length - position);
            layout.Parts.Add((header[0], header[1], argumentCount, message.Slice(position, length).ToArray()));
            position += Math.Min(length + PartHeader.PaddingFor(length), message.Length - position);
        }
        return layout;
    }

    /// <summary>Writes the message with every length and count matching its parts.</summary>
    public byte[] Write()
    {
        var size = HeadersSize;
        foreach (var part in Parts)
        {
            size += PartHeader.Size + part.Buffer.Length + PartHeader.PaddingFor(part.Buffer.Length);
        }
        var result = new byte[size];
        MessageHeader.CopyTo(result, 0);
        SegmentHeader.CopyTo(result, MessageHeader.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(12), (uint)(size - MessageHeader.Length));
        BinaryPrimitives.WriteInt16LittleEndian(result.AsSpan(20), 1);
        result[22] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(24), 0);
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(32), size - MessageHeader.Length);
        BinaryPrimitives.WriteInt16LittleEndian(result.AsSpan(40), (short)Parts.Count);
        var position = HeadersSize;
        foreach (var part in Parts)
        {
            new PartHeader
            {
                Kind = (PartKind)part.Kind,
                Attributes = (PartAttributes)part.Attributes,
                ArgumentCount = part.Count,
                BufferLength = part.Buffer.Length,
                BufferSize = part.Buffer.Length,
            }.Write(result.AsSpan(position));
            if (part.Count < 0)
            {
                // PartHeader.Write only writes the big form above 32766; keep a negative count as the mutator chose it
                BinaryPrimitives.WriteInt16LittleEndian(result.AsSpan(position + 2), -1);
                BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(position + 4), part.Count);
            }
            position += PartHeader.Size;
            part.Buffer.CopyTo(result, position);
            position += part.Buffer.Length + PartHeader.PaddingFor(part.Buffer.Length);
        }
        return result;
    }
}
