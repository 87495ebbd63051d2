using CsCheck;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Sync;
using Driver.TestServer.Protocol;

namespace Driver.Tests.Properties;

/// <summary>
/// Option parts (§5.1), multi-line option parts (§5.2, TOPOLOGYINFORMATION), ERROR parts (§12.1), ROWSAFFECTED (§6.4)
/// and the message, segment and part headers (§3): what is written reads back the same.
/// </summary>
public class PartProperties
{
    private static readonly Gen<OptionValue> OptionValues = Gen.OneOf(
        Gen.Byte.Select(OptionValue.TinyInt),
        Gen.Short.Select(OptionValue.SmallInt),
        Gen.Int.Select(OptionValue.Int),
        Gen.Long.Select(OptionValue.BigInt),
        Gen.Long.Select(bits => OptionValue.Double(BitConverter.Int64BitsToDouble(bits))),
        Gen.Bool.Select(OptionValue.Boolean),
        PropertyGens.Text.Select(OptionValue.String),
        PropertyGens.Text.Select(OptionValue.NString),
        Gen.Byte.Array[0, 200].Select(OptionValue.BString));

    private static readonly Gen<OptionSet> OptionSets = Gen.Select(Gen.SByte, OptionValues).Array[0, 12].Select(items =>
    {
        var set = new OptionSet();
        foreach (var (id, value) in items)
        {
            set.Add(id, value);
        }
        return set;
    });

    [Fact]
    public void OptionPartsRoundTrip()
    {
        OptionSets.Sample(options =>
        {
            using var writer = new PacketWriter();
            OptionsPart.Write(writer, options);
            var back = OptionsPart.Read(writer.WrittenSpan, options.Count);
            Assert.Equal(options.Items, back.Items);
        }, iter: PropertyGens.Iterations * 2, threads: 1);
    }

    [Fact]
    public void MultilineOptionPartsRoundTrip()
    {
        OptionSets.Array[0, 6].Sample(lines =>
        {
            using var writer = new PacketWriter();
            ServerParts.WriteMultiline(writer, lines);
            var back = OptionsPart.ReadMultiline(writer.WrittenSpan, lines.Length);
            Assert.Equal(lines.Length, back.Count);
            for (var i = 0; i < lines.Length; i++)
            {
                Assert.Equal(lines[i].Items, back[i].Items);
            }
        }, iter: PropertyGens.Iterations, threads: 1);
    }

    private static readonly Gen<ErrorRecord> ErrorRecords = Gen.Select(
            // a code is never 0: the reader tells padding from the next record by it (§12.1)
            Gen.Int.Where(code => code != 0), Gen.Int, Gen.Int[0, 2], Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"].Array[5], PropertyGens.Text)
        .Select((code, position, level, state, message) => new ErrorRecord(code, position, (HanaErrorLevel)level, new string(state), message));

    [Fact]
    public void ErrorPartsRoundTrip()
    {
        ErrorRecords.Array[1, 5].Sample(records =>
        {
            using var writer = new PacketWriter();
            ServerParts.WriteErrors(writer, records);
            var back = ErrorPart.Read(writer.WrittenSpan, records.Length);
            Assert.Equal(records.Length, back.Count);
            for (var i = 0; i < records.Length; i++)
            {
                Assert.Equal(
                    (records[i].Code, records[i].Position, records[i].Level, records[i].SqlState, records[i].Message),
                    (back[i].Code, back[i].Position, back[i].Level, back[i].SqlState, back[i].Message));
            }
        }, iter: PropertyGens.Iterations, threads: 1);
    }

    [Fact]
    public void RowsAffectedRoundTrip()
    {
        Gen.Int.Array[0, 50].Sample(counts =>
        {
            using var writer = new PacketWriter();
            ServerParts.WriteRowsAffected(writer, counts);
            Assert.Equal(counts, SimpleParts.ReadRowsAffected(writer.WrittenSpan, counts.Length));
        }, iter: PropertyGens.Iterations, threads: 1);
    }

    [Fact]
    public void MessageHeadersRoundTrip()
    {
        Gen.Select(Gen.Long, Gen.Int, Gen.UInt, Gen.UInt, Gen.Short, Gen.Byte, Gen.UInt).Sample((session, packet, length, size, segments, options, compressed) =>
        {
            var header = new MessageHeader
            {
                SessionId = session,
                PacketCount = packet,
                VarPartLength = length,
                VarPartSize = size,
                NoOfSegments = segments,
                PacketOptions = (PacketOptions)options,
                CompressionVarPartLength = compressed,
            };
            var bytes = new byte[MessageHeader.Size];
            header.Write(bytes);
            Assert.Equal(header, MessageHeader.Read(bytes));
        }, iter: PropertyGens.Iterations, threads: 1);
    }

    [Fact]
    public void SegmentHeadersRoundTrip()
    {
        Gen.Select(Gen.Int, Gen.Short, Gen.Short, Gen.Int[0, 2], Gen.Byte, Gen.Bool, Gen.Byte, Gen.Short).Sample(sample =>
        {
            var (length, parts, number, kindIndex, messageType, commit, commandOptions, functionCode) = sample;
            var kind = new[] { SegmentKind.Request, SegmentKind.Reply, SegmentKind.Error }[kindIndex];
            var header = new SegmentHeader { SegmentLength = length, NoOfParts = parts, SegmentNumber = number, Kind = kind };
            if (kind == SegmentKind.Request)
            {
                header.MessageType = (MessageType)messageType;
                header.Commit = commit;
                header.CommandOptions = (CommandOptions)commandOptions;
            }
            else
            {
                header.FunctionCode = (FunctionCode)functionCode;
            }
            var bytes = new byte[SegmentHeader.Size];
            header.Write(bytes);
            Assert.Equal(header, SegmentHeader.Read(bytes));
        }, iter: PropertyGens.Iterations, threads: 1);
    }

    [Fact]
    public void PartHeadersRoundTrip()
    {
        // argument counts on both sides of the I2/I4 switch at 32767 (§3.3)
        Gen.Select(Gen.Byte, Gen.Byte, Gen.OneOf(Gen.Int[0, 40000], Gen.Int[0, int.MaxValue]), Gen.Int[0, int.MaxValue], Gen.Int).Sample((kind, attributes, count, length, size) =>
        {
            var header = new PartHeader { Kind = (PartKind)kind, Attributes = (PartAttributes)attributes, ArgumentCount = count, BufferLength = length, BufferSize = size };
            var bytes = new byte[PartHeader.Size];
            header.Write(bytes);
            Assert.Equal(header, PartHeader.Read(bytes));
            Assert.Equal(count > short.MaxValue - 1 ? -1 : count, BitConverter.ToInt16(bytes, 2));
        }, iter: PropertyGens.Iterations, threads: 1);
    }
}
