using Driver.Core.Protocol;

namespace Driver.TestServer.Protocol;

/// <summary>The reply side of <see cref="MessageBuilder"/>: a reply or error segment and RESULTSET attributes.</summary>
internal static class ReplyBuilding
{
    /// <summary>Starts a reply (segment kind 2) or error reply (kind 5) with its function code (§3.2, §4.4).</summary>
    public static void BeginReply(this MessageBuilder builder, long sessionId, int packetCount, SegmentKind kind, FunctionCode functionCode) =>
        builder.Begin(sessionId, packetCount, new SegmentHeader
        {
            Kind = kind,
            SegmentNumber = 1,
            FunctionCode = functionCode,
        });

    /// <summary>Sets the attributes of the open part (§4.6; e.g. LASTPACKET once the row loop knows it).</summary>
    public static void SetPartAttributes(this MessageBuilder builder, PartAttributes attributes)
    {
        if (!builder.InPart)
        {
            throw new InvalidOperationException("No part is open.");
        }
        // the open part's header starts where its bytes so far began, minus the header itself; attributes at +1
        var header = builder.Writer.Length - builder.CurrentPartLength - PartHeader.Size;
        builder.Writer.PatchByte(header + 1, (byte)attributes);
    }
}
