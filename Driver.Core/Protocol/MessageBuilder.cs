namespace Driver.Core.Protocol;

/// <summary>
/// Writes one message with exactly one segment (§3) into a <see cref="PacketWriter"/>: headers are reserved
/// first and patched when the lengths are known; every part is padded to 8 bytes, the last one too (§3.4).
/// Used for requests by the driver and, through <see cref="Begin(long, int, SegmentHeader)"/>, for replies by the
/// test server.
/// </summary>
internal sealed class MessageBuilder
{
    /// <summary>Default packet size limit announced in varPartSize/bufferSize (§3.1, §3.5: 2^17).</summary>
    public const int DefaultPacketSizeLimit = 131072;

    private readonly PacketWriter _writer;
    private int _segmentStart;
    private int _partCount;
    private int _partHeaderOffset = -1;
    private SegmentHeader _segment;
    private MessageHeader _message;

    public MessageBuilder(PacketWriter writer)
    {
        _writer = writer;
    }

    public PacketWriter Writer => _writer;
    public int PacketSizeLimit { get; set; } = DefaultPacketSizeLimit;
    public bool InPart => _partHeaderOffset >= 0;

    public void BeginRequest(long sessionId, int packetCount, MessageType type, bool commit = false, CommandOptions options = CommandOptions.None)
    {
        BeginRequest(type, commit, options);
        _message.SessionId = sessionId;
        _message.PacketCount = packetCount;
    }

    /// <summary>
    /// Starts a request whose session id and packet number are not known yet: a <see cref="Request"/> is built before
    /// the connection that sends it numbers it (<see cref="Finish(long, int)"/>).
    /// </summary>
    public void BeginRequest(MessageType type, bool commit = false, CommandOptions options = CommandOptions.None)
    {
        Begin(0, 0);
        _segment = new SegmentHeader
        {
            Kind = SegmentKind.Request,
            SegmentNumber = 1,
            MessageType = type,
            Commit = commit,
            CommandOptions = options,
        };
    }

    /// <summary>
    /// Starts a message whose one segment has <paramref name="segment"/>'s kind, type and flags (the test server
    /// begins its replies this way); <see cref="Finish()"/> fills in the lengths and the part count.
    /// </summary>
    public void Begin(long sessionId, int packetCount, SegmentHeader segment)
    {
        Begin(sessionId, packetCount);
        _segment = segment;
    }

    private void Begin(long sessionId, int packetCount)
    {
        _writer.Reset();
        _message = new MessageHeader { SessionId = sessionId, PacketCount = packetCount, NoOfSegments = 1 };
        _writer.Reserve(MessageHeader.Size);
        _segmentStart = _writer.Reserve(SegmentHeader.Size);
        _partCount = 0;
        _partHeaderOffset = -1;
    }

    public void BeginPart(PartKind kind, PartAttributes attributes = PartAttributes.None)
    {
        if (InPart)
        {
            throw new InvalidOperationException("The previous part was not ended.");
        }
        _partHeaderOffset = _writer.Reserve(PartHeader.Size);
        _writer.PatchByte(_partHeaderOffset, (byte)kind);
        _writer.PatchByte(_partHeaderOffset + 1, (byte)attributes);
    }

    /// <summary>Bytes written into the open part so far.</summary>
    public int CurrentPartLength => _writer.Length - _partHeaderOffset - PartHeader.Size;

    public void EndPart(int argumentCount)
    {
        if (!InPart)
        {
            throw new InvalidOperationException("No part is open.");
        }
        var bufferLength = CurrentPartLength;
        var header = new PartHeader
        {
            Kind = (PartKind)_writer.Buffer[_partHeaderOffset],
            Attributes = (PartAttributes)_writer.Buffer[_partHeaderOffset + 1],
            ArgumentCount = argumentCount,
            BufferLength = bufferLength,
            // informational "space left before this part" figure, as node-hdb writes it (§3.3)
            BufferSize = Math.Max(0, PacketSizeLimit - MessageHeader.Size - SegmentHeader.Size - (_partHeaderOffset - _segmentStart - SegmentHeader.Size)),
        };
        header.Write(_writer.Buffer.AsSpan(_partHeaderOffset, PartHeader.Size));
        _writer.WriteZeros(PartHeader.PaddingFor(bufferLength));
        _partHeaderOffset = -1;
        _partCount++;
    }

    /// <summary>Completes the headers with the given session id and packet number (§3.1).</summary>
    public void Finish(long sessionId, int packetCount)
    {
        _message.SessionId = sessionId;
        _message.PacketCount = packetCount;
        Finish();
    }

    /// <summary>Completes the headers; the message is <see cref="PacketWriter.WrittenSpan"/>.</summary>
    public void Finish()
    {
        if (InPart)
        {
            throw new InvalidOperationException("The last part was not ended.");
        }
        var varPartLength = _writer.Length - MessageHeader.Size;
        _segment.SegmentLength = varPartLength;
        _segment.NoOfParts = checked((short)_partCount);
        _segment.Write(_writer.Buffer.AsSpan(_segmentStart, SegmentHeader.Size));
        _message.VarPartLength = (uint)varPartLength;
        _message.VarPartSize = (uint)Math.Max(varPartLength, PacketSizeLimit - MessageHeader.Size);
        _message.PacketOptions = PacketOptions.None;
        _message.CompressionVarPartLength = 0;
        _message.Write(_writer.Buffer.AsSpan(0, MessageHeader.Size));
    }
}
