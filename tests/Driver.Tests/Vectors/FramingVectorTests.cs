using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.TestServer.Protocol;

namespace Driver.Tests.Vectors;

/// <summary>
/// Every message, segment and part vector of <c>../shared/protocol/vectors</c>: parsed by the protocol core and
/// compared with the decoded values in the index; segments are also rebuilt and compared byte for byte.
/// </summary>
public class FramingVectorTests
{
    public static TheoryData<string> MessageVectors() => VectorIndex.FilesOf("message");
    public static TheoryData<string> SegmentVectors() => VectorIndex.FilesOf("segment");
    public static TheoryData<string> PartVectors() => VectorIndex.FilesOf("part");

    /// <summary>Decodes RESULTSET / PARAMETERS / OUTPUTPARAMETERS parts; set by the row-vector tests.</summary>
    internal static Func<int, int, byte[], JsonObject?>? RowDecoder { get; set; }

    [Theory]
    [MemberData(nameof(MessageVectors))]
    public void MessageVector(string file)
    {
        var vector = VectorIndex.Get(file);
        var expected = vector.Expected;
        Assert.Equal(expected.GetProperty("byteCount").GetInt32(), vector.Bytes.Length);
        var header = MessageHeader.Read(vector.Bytes);
        var expectedHeader = expected.GetProperty("header");
        Assert.Equal(long.Parse(expectedHeader.GetProperty("sessionId").GetString()!), header.SessionId);
        Assert.Equal(expectedHeader.GetProperty("packetCount").GetInt32(), header.PacketCount);
        Assert.Equal(expectedHeader.GetProperty("varPartLength").GetUInt32(), header.VarPartLength);
        Assert.Equal(expectedHeader.GetProperty("varPartSize").GetUInt32(), header.VarPartSize);
        Assert.Equal(expectedHeader.GetProperty("noOfSegments").GetInt16(), header.NoOfSegments);
        Assert.Equal(expectedHeader.GetProperty("packetOptions").GetInt32(), (int)header.PacketOptions);
        Assert.Equal(expectedHeader.GetProperty("compressionVarPartLength").GetUInt32(), header.CompressionVarPartLength);

        // writing the header back gives the same 32 bytes
        var rewritten = new byte[MessageHeader.Size];
        header.Write(rewritten);
        Assert.Equal(Convert.ToHexString(vector.Bytes.AsSpan(0, MessageHeader.Size)), Convert.ToHexString(rewritten));

        if (expected.TryGetProperty("segment", out var segment))
        {
            var message = new ParsedMessage();
            message.Parse(vector.Bytes, vector.Bytes.Length);
            AssertSegment(segment, vector.Bytes, MessageHeader.Size, message);
        }
    }

    [Theory]
    [MemberData(nameof(SegmentVectors))]
    public void SegmentVector(string file)
    {
        var vector = VectorIndex.Get(file);
        var expected = vector.Expected;
        Assert.Equal(expected.GetProperty("byteCount").GetInt32(), vector.Bytes.Length);
        var message = ParseSegment(vector.Bytes, out var framed);
        AssertSegment(expected, framed, MessageHeader.Size, message);

        // rebuilt from its parts with the core's builder, the segment is byte-identical
        using var writer = new PacketWriter();
        var builder = new MessageBuilder(writer);
        if (message.Segment.Kind == SegmentKind.Request)
        {
            builder.BeginRequest(0, 0, message.Segment.MessageType, message.Segment.Commit, message.Segment.CommandOptions);
        }
        else
        {
            builder.BeginReply(0, 0, message.Segment.Kind, message.Segment.FunctionCode);
        }
        foreach (var part in message.Parts)
        {
            builder.BeginPart(part.Kind, part.Attributes);
            writer.WriteBytes(message.GetPartSpan(part));
            builder.EndPart(part.ArgumentCount);
        }
        builder.Finish();
        Assert.Equal(Convert.ToHexString(vector.Bytes), Convert.ToHexString(writer.WrittenSpan.Slice(MessageHeader.Size)));
    }

    [Theory]
    [MemberData(nameof(PartVectors))]
    public void PartVector(string file)
    {
        var vector = VectorIndex.Get(file);
        var expected = vector.Expected;
        Assert.Equal(expected.GetProperty("byteCount").GetInt32(), vector.Bytes.Length);
        var framing = expected.GetProperty("framing").GetString()!;
        if (framing.StartsWith("part buffer only", StringComparison.Ordinal) && vector.PartKind is (int)PartKind.ResultSet or (int)PartKind.Parameters or (int)PartKind.OutputParameters)
        {
            Assert.True(CheckRows(vector.PartKind.Value, expected.GetProperty("argumentCount").GetInt32(), vector.Bytes, expected, null) > 0, "nothing was compared");
        }
        else if (framing.StartsWith("part buffer only", StringComparison.Ordinal))
        {
            var count = expected.GetProperty("argumentCount").GetInt32();
            var decoded = PartJson.Decode(vector.PartKind!.Value, count, vector.Bytes, RowDecoder);
            Assert.True(decoded is not null, $"part kind {vector.PartKind} has no decoder");
            var expectedDecoded = expected.TryGetProperty("decoded", out var d) ? d : expected.GetProperty("values");
            Assert.True(JsonExpect.Match(expectedDecoded, decoded) > 0, "nothing was compared");
        }
        else if (framing.StartsWith("part header + buffer + padding", StringComparison.Ordinal))
        {
            var header = PartHeader.Read(vector.Bytes);
            var expectedHeader = expected.GetProperty("header");
            AssertPartHeader(expectedHeader, vector.Bytes, 0);
            var effective = expected.TryGetProperty("effectiveArgumentCount", out var e) ? e.GetInt32() : expectedHeader.GetProperty("argumentCount").GetInt32();
            Assert.Equal(effective, header.ArgumentCount);
            Assert.Equal(vector.Bytes.Length, PartHeader.Size + header.BufferLength + PartHeader.PaddingFor(header.BufferLength));
            if (expected.TryGetProperty("decoded", out var decodedExpected))
            {
                var decoded = PartJson.Decode((int)header.Kind, header.ArgumentCount, vector.Bytes.AsSpan(PartHeader.Size, header.BufferLength).ToArray(), RowDecoder);
                Assert.True(JsonExpect.Match(decodedExpected, decoded) > 0, "nothing was compared");
            }
        }
        else if (framing.StartsWith("sequence of parts", StringComparison.Ordinal))
        {
            var offset = 0;
            foreach (var expectedPart in expected.GetProperty("parts").EnumerateArray())
            {
                AssertPartHeader(expectedPart, vector.Bytes, offset);
                var header = PartHeader.Read(vector.Bytes.AsSpan(offset));
                offset += PartHeader.Size + header.BufferLength + PartHeader.PaddingFor(header.BufferLength);
            }
            Assert.Equal(vector.Bytes.Length, offset);
        }
        else
        {
            Assert.Fail($"unknown framing '{framing}'");
        }
    }

    private static int CheckRows(int kind, int count, byte[] bytes, JsonElement expected, ColumnMetadata[]? metadata) => (PartKind)kind switch
    {
        PartKind.Parameters => RowVectors.CheckParameters(bytes, expected),
        PartKind.OutputParameters => RowVectors.CheckOutputParameters(bytes, expected),
        _ => RowVectors.CheckResultRows(bytes, count,
            (metadata is null ? null : RowVectors.ColumnsFrom(metadata)) ?? RowVectors.ColumnsFor(expected) ?? throw new Xunit.Sdk.XunitException("no column types for the rows"),
            expected.GetProperty("decoded").GetProperty("rows")),
    };

    /// <summary>Frames a bare segment with a message header so the core's parser can read it.</summary>
    internal static ParsedMessage ParseSegment(byte[] segment, out byte[] framed)
    {
        framed = new byte[MessageHeader.Size + segment.Length];
        new MessageHeader { VarPartLength = (uint)segment.Length, NoOfSegments = 1 }.Write(framed);
        segment.CopyTo(framed, MessageHeader.Size);
        var message = new ParsedMessage();
        message.Parse(framed, framed.Length);
        return message;
    }

    private static void AssertSegment(JsonElement expected, byte[] bytes, int segmentOffset, ParsedMessage message)
    {
        Assert.Equal(expected.GetProperty("segmentLength").GetInt32(), message.Segment.SegmentLength);
        Assert.Equal(expected.GetProperty("segmentOffset").GetInt32(), message.Segment.SegmentOffset);
        Assert.Equal(expected.GetProperty("noOfParts").GetInt16(), message.Segment.NoOfParts);
        Assert.Equal(expected.GetProperty("segmentNumber").GetInt16(), message.Segment.SegmentNumber);
        Assert.Equal(expected.GetProperty("segmentKind").GetInt32(), (int)message.Segment.Kind);
        if (message.Segment.Kind == SegmentKind.Request)
        {
            Assert.Equal(expected.GetProperty("messageType").GetInt32(), (int)message.Segment.MessageType);
            Assert.Equal(expected.GetProperty("commit").GetInt32(), message.Segment.Commit ? 1 : 0);
            Assert.Equal(expected.GetProperty("commandOptions").GetInt32(), (int)message.Segment.CommandOptions);
        }
        else
        {
            Assert.Equal(expected.GetProperty("functionCode").GetInt32(), (int)message.Segment.FunctionCode);
        }
        var parts = expected.GetProperty("parts").EnumerateArray().ToList();
        Assert.Equal(parts.Count, message.Parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var part = message.Parts[i];
            AssertPartHeader(parts[i], bytes, part.Offset - PartHeader.Size);
            if (parts[i].TryGetProperty("decoded", out var decodedExpected))
            {
                if (part.Kind is PartKind.ResultSet or PartKind.OutputParameters or PartKind.Parameters)
                {
                    // column types: the metadata part of the same segment, else the twin part vector's list
                    var bytesOfPart = message.GetPartSpan(part).ToArray();
                    ColumnMetadata[]? metadata = message.TryGetPart(PartKind.ResultSetMetadata, out var rsmd)
                        ? MetadataParts.ReadResultSetMetadata(message.GetPartSpan(rsmd), rsmd.ArgumentCount)
                        : null;
                    if (part.Kind == PartKind.ResultSet && metadata is not null)
                    {
                        RowVectors.CheckResultRows(bytesOfPart, part.ArgumentCount, RowVectors.ColumnsFrom(metadata), decodedExpected.GetProperty("rows"));
                        continue;
                    }
                    var twin = RowVectors.TwinPartVector(bytesOfPart) ?? throw new Xunit.Sdk.XunitException($"part {i}: no part vector with the column types");
                    CheckRows((int)part.Kind, part.ArgumentCount, bytesOfPart, twin, null);
                    continue;
                }
                var decoded = PartJson.Decode((int)part.Kind, part.ArgumentCount, message.GetPartSpan(part).ToArray(), RowDecoder);
                Assert.True(decoded is not null, $"part {i}: kind {(int)part.Kind} has no decoder");
                JsonExpect.Match(decodedExpected, decoded, $"parts[{i}].decoded");
            }
        }
    }

    private static void AssertPartHeader(JsonElement expected, byte[] bytes, int offset)
    {
        var raw = bytes.AsSpan(offset, PartHeader.Size);
        Assert.Equal(expected.GetProperty("partKind").GetInt32(), (int)raw[0]);
        if (expected.TryGetProperty("attributes", out var attributes))
        {
            Assert.Equal(attributes.GetInt32(), (int)raw[1]);
        }
        Assert.Equal(expected.GetProperty("argumentCount").GetInt32(), (int)BinaryPrimitives.ReadInt16LittleEndian(raw.Slice(2)));
        Assert.Equal(expected.GetProperty("bigArgumentCount").GetInt32(), BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(4)));
        Assert.Equal(expected.GetProperty("bufferLength").GetInt32(), BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(8)));
        Assert.Equal(expected.GetProperty("bufferSize").GetInt32(), BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(12)));
    }
}
