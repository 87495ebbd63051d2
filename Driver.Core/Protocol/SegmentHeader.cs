using System.Buffers.Binary;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Protocol;

/// <summary>
/// The 24-byte segment header (docs/protocol.md §3.2). Requests carry message type, commit flag and command
/// options at offsets 13-15; replies carry the function code at offset 14.
/// </summary>
internal struct SegmentHeader
{
    public const int Size = 24;

    public int SegmentLength;
    public int SegmentOffset;
    public short NoOfParts;
    public short SegmentNumber;
    public SegmentKind Kind;

    // request variant (kind 1)
    public MessageType MessageType;
    public bool Commit;
    public CommandOptions CommandOptions;

    // reply variant (kind 2 or 5)
    public FunctionCode FunctionCode;

    public static SegmentHeader Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size)
        {
            throw new HanaProtocolException($"Truncated segment header: {source.Length} of {Size} bytes.");
        }
        var header = new SegmentHeader
        {
            SegmentLength = BinaryPrimitives.ReadInt32LittleEndian(source),
            SegmentOffset = BinaryPrimitives.ReadInt32LittleEndian(source.Slice(4)),
            NoOfParts = BinaryPrimitives.ReadInt16LittleEndian(source.Slice(8)),
            SegmentNumber = BinaryPrimitives.ReadInt16LittleEndian(source.Slice(10)),
            Kind = (SegmentKind)source[12],
        };
        if (header.Kind == SegmentKind.Request)
        {
            header.MessageType = (MessageType)source[13];
            header.Commit = source[14] != 0;
            header.CommandOptions = (CommandOptions)source[15];
        }
        else
        {
            // §3.2: readers take the function code for both reply and error segments
            header.FunctionCode = (FunctionCode)BinaryPrimitives.ReadInt16LittleEndian(source.Slice(14));
        }
        return header;
    }

    public readonly void Write(Span<byte> destination)
    {
        destination.Slice(0, Size).Clear();
        BinaryPrimitives.WriteInt32LittleEndian(destination, SegmentLength);
        BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(4), SegmentOffset);
        BinaryPrimitives.WriteInt16LittleEndian(destination.Slice(8), NoOfParts);
        BinaryPrimitives.WriteInt16LittleEndian(destination.Slice(10), SegmentNumber);
        destination[12] = (byte)Kind;
        if (Kind == SegmentKind.Request)
        {
            destination[13] = (byte)MessageType;
            destination[14] = Commit ? (byte)1 : (byte)0;
            destination[15] = (byte)CommandOptions;
        }
        else
        {
            BinaryPrimitives.WriteInt16LittleEndian(destination.Slice(14), (short)FunctionCode);
        }
    }
}
