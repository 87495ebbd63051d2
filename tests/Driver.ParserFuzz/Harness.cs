using System.Buffers.Binary;
using Driver.Core.Auth;
using Driver.Core.Compression;
using Driver.Core.Net;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Types;
using Driver.Sync;
using Driver.TestServer.Protocol;

namespace Driver.ParserFuzz;

/// <summary>
/// Runs one fuzz input against its target (<see cref="FuzzTarget"/>). The rule of issue 13: only
/// <see cref="HanaProtocolException"/> may come out (plus, for the SCRAM challenge, the documented login refusal);
/// anything else is a crash. Allocation and time bounds are checked by the caller.
/// </summary>
internal static class Harness
{
    /// <summary>Largest inflated message the harness accepts, like the driver's Max Message Size default.</summary>
    private const int MaxMessageSize = 64 << 20;

    [ThreadStatic] private static ParsedMessage? t_parsed;
    [ThreadStatic] private static MessageBuffer? t_inflated;

    public static FuzzTarget TargetOf(ReadOnlySpan<byte> input) => input.IsEmpty ? FuzzTarget.Message : (FuzzTarget)(input[0] % TargetCount.Value);

    /// <summary>The bytes beyond which an allocation counts as sized by a lying wire length.</summary>
    public static long AllocationBound(ReadOnlySpan<byte> input)
    {
        // decoding may copy and render what arrived (strings, boxed values, decimal text) but nothing more; an LZ4
        // block legitimately expands up to 255-fold (PacketCompression.MaximumExpansion), so inflation gets that
        var factor = TargetOf(input) is FuzzTarget.CompressedMessage or FuzzTarget.Lz4Block ? 320L : 64L;
        return factor * input.Length + (1 << 20);
    }

    public static long Execute(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return 0;
        }
        var data = input.Slice(1);
        switch (TargetOf(input))
        {
            case FuzzTarget.Message:
                return Message(data.ToArray(), data.Length);
            case FuzzTarget.CompressedMessage:
            {
                var inflated = t_inflated ??= new MessageBuffer(1024);
                PacketCodec.Inflate(data, inflated, MaxMessageSize);
                var result = Message(inflated.Buffer, inflated.Length);
                inflated.Trim(1 << 20);
                return result;
            }
            case FuzzTarget.Lz4Block:
            {
                var reader = new SpanReader(data);
                var declared = reader.ReadUInt32();
                return PacketCompression.Decompress(reader.RemainingSpan, declared, MaxMessageSize).Length;
            }
            case FuzzTarget.ResultRows:
                return ResultRows(data);
            case FuzzTarget.ResultValue:
                return ResultValues(data);
            case FuzzTarget.ParameterValues:
            {
                var reader = new SpanReader(data);
                var scale = reader.ReadInt16();
                return PartDecoder.ParameterRows(reader.RemainingSpan, scale);
            }
            case FuzzTarget.Part:
            {
                var reader = new SpanReader(data);
                var kind = (PartKind)reader.ReadByte();
                var count = reader.ReadInt32();
                if (count < 0)
                {
                    // the part header reader refuses negative counts before any part reader sees them
                    return 0;
                }
                return PartDecoder.Decode(kind, count, reader.RemainingSpan, null, null);
            }
            case FuzzTarget.Auth:
                return Auth(data);
            case FuzzTarget.Cesu8Text:
            {
                var complete = data.Slice(0, data.Length - Cesu8.GetIncompleteTailLength(data));
                return Cesu8.GetUtf16Length(complete) + Cesu8.Decode(data).Length;
            }
            default:
                return 0;
        }
    }

    /// <summary>A received message: framing, then every part decoded with the metadata the same message carries.</summary>
    private static long Message(byte[] buffer, int length)
    {
        var parsed = t_parsed ??= new ParsedMessage();
        parsed.Parse(buffer, length);
        ColumnMetadata[]? columns = null;
        ParameterMetadata[]? parameters = null;
        long sum = (int)parsed.Segment.FunctionCode + parsed.Header.SessionId;
        // metadata first, whatever the part order: a RESULTSET is read with the columns of its reply
        foreach (var part in parsed.Parts)
        {
            if (part.Kind == PartKind.ResultSetMetadata)
            {
                columns = MetadataParts.ReadResultSetMetadata(parsed.GetPartSpan(part), part.ArgumentCount);
            }
            else if (part.Kind == PartKind.ParameterMetadata)
            {
                parameters = MetadataParts.ReadParameterMetadata(parsed.GetPartSpan(part), part.ArgumentCount);
            }
        }
        foreach (var part in parsed.Parts)
        {
            sum += PartDecoder.Decode(part.Kind, part.ArgumentCount, parsed.GetPartSpan(part), columns, parameters);
        }
        return sum;
    }

    private static long ResultRows(ReadOnlySpan<byte> data)
    {
        var reader = new SpanReader(data);
        // at least one column: RESULTSETMETADATA refuses none (MetadataParts), and ResultPage.Load, which counts at
        // least one byte per value, would walk 2^31 empty rows (a Session defect reported in reliability-fuzzing.md)
        var columnCount = Math.Max((byte)1, reader.ReadByte());
        var columns = new ColumnMetadata[columnCount];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = new ColumnMetadata { TypeCode = (HanaTypeCode)reader.ReadByte(), Fraction = reader.ReadInt16() };
        }
        var rowCount = reader.ReadUInt16();
        return PartDecoder.Rows(reader.RemainingSpan, rowCount, columns);
    }

    private static long ResultValues(ReadOnlySpan<byte> data)
    {
        var reader = new SpanReader(data);
        var type = (HanaTypeCode)reader.ReadByte();
        var scale = reader.ReadInt16();
        var rest = reader.RemainingSpan;
        long sum = 0;
        while (!rest.IsEmpty)
        {
            var length = ResultValueReader.GetLength(type, rest);
            sum += Values.Read(type, scale, rest.Slice(0, length));
            rest = rest.Slice(length);
        }
        return sum;
    }

    private static long Auth(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return 0;
        }
        var payload = data.Slice(1);
        try
        {
            switch (data[0] % 7)
            {
                case 0:
                    return AuthFields.Decode(payload).Length;
                case 1:
                    return AuthPayloads.ParseAuthenticateReply(payload).MethodName.Length;
                case 2:
                    return AuthPayloads.ParseConnectReply(payload).MethodName.Length;
                case 3:
                    return ScramServerChallenge.Parse(ScramMethod.ScramSha256, payload).Salt.Length;
                case 4:
                    return ScramServerChallenge.Parse(ScramMethod.ScramPbkdf2Sha256, payload).Iterations;
                case 5:
                    return ScramProofField.Parse(payload, "server proof").Length;
                default:
                    // the test server's side of the login, with the names decoded as it logs them
                    var request = ServerAuthPayloads.ParseAuthenticateRequest(payload);
                    return request.Offers.Count + request.UserName.Length + AuthMethodNames.Describe(request.Offers[0].MethodName).Length;
            }
        }
        catch (HanaException exception) when (exception is not HanaProtocolException && exception.ErrorCode == AuthErrors.AuthenticationFailedCode)
        {
            // a well-formed but weak SCRAM challenge is refused as a failed login, by design (ScramServerChallenge.Parse)
            return 0;
        }
    }

    /// <summary>Reads a little-endian U4 from a seed header (used by the seed builder and the mutator).</summary>
    public static uint ReadUInt32(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(offset));
}
