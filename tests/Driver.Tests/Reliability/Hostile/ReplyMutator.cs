using System.Buffers.Binary;
using K4os.Compression.LZ4;

namespace Driver.Tests.Reliability;

/// <summary>
/// Applies one <see cref="MutationClass"/> to one reply message (the whole message as it came from the server,
/// header included). Every random choice comes from the plan's seed, so a mutation is replayed exactly.
/// Compressed replies (§11.2): the byte-level classes (message length, truncation, duplicate, garbage, bit flips)
/// hit the bytes the wire carries, i.e. the LZ4 block; the structural classes (segment and part lengths, counts,
/// kinds) hit the decompressed parts, which are then compressed again with the header fields fixed, so the lie
/// passes the decompressor and reaches the parser, as a lying server would make it.
/// </summary>
public static class ReplyMutator
{
    private const int MessageHeaderSize = 32;
    private const int SegmentHeaderSize = 24;
    private const int PartHeaderSize = 16;

    // every kind of §4.5 a reply may carry, plus kinds a client never expects
    private static readonly byte[] Kinds = [0, 3, 5, 6, 10, 12, 13, 15, 16, 18, 27, 30, 33, 34, 39, 40, 41, 42, 45, 47, 48, 64, 67, 99, 127, 200];

    public static MutatedReply Apply(byte[] reply, MutationClass mutation, int seed)
    {
        var random = new Random(seed);
        var bytes = (byte[])reply.Clone();
        switch (mutation)
        {
            case MutationClass.MessageLength:
                {
                    var original = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
                    var value = random.Next(6) switch
                    {
                        0 => original > 8 ? original - 8 : 0,
                        1 => original + (uint)random.Next(1, 64),
                        2 => 0u,
                        3 => uint.MaxValue,
                        4 => (uint)random.Next(1 << 20, 1 << 30),
                        _ => (uint)random.Next(0, (int)Math.Min(int.MaxValue, original * 2L + 1)),
                    };
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), value);
                    return Changed(bytes, reply, $"varPartLength {original} -> {value}");
                }
            case MutationClass.TruncateClose:
            case MutationClass.TruncateStall:
                {
                    var keep = random.Next(3) == 0 ? random.Next(0, Math.Min(MessageHeaderSize, bytes.Length)) : random.Next(0, bytes.Length);
                    var ending = mutation == MutationClass.TruncateClose ? ReplyEnding.Close : ReplyEnding.Stall;
                    return new MutatedReply(bytes.AsSpan(0, keep).ToArray(), false, ending, true, $"{keep} of {bytes.Length} bytes, then {ending}");
                }
            case MutationClass.Duplicate:
                return new MutatedReply(bytes, true, ReplyEnding.Continue, true, $"{bytes.Length} bytes sent twice");
            case MutationClass.Garbage:
                {
                    var start = random.Next(0, bytes.Length);
                    var length = random.Next(1, Math.Min(64, bytes.Length - start) + 1);
                    random.NextBytes(bytes.AsSpan(start, length));
                    return Changed(bytes, reply, $"{length} random bytes at {start} of {bytes.Length}");
                }
            case MutationClass.BitFlip:
                {
                    var flips = random.Next(1, 4);
                    var where = new List<int>();
                    for (var i = 0; i < flips; i++)
                    {
                        var bit = random.Next(0, bytes.Length * 8);
                        bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                        where.Add(bit);
                    }
                    return Changed(bytes, reply, $"bits {string.Join(",", where)} of {bytes.Length * 8}");
                }
            default:
                return Structural(bytes, reply, mutation, random);
        }
    }

    /// <summary>
    /// A targeted edit for the defect tests: <paramref name="edit"/> gets the reply's bytes and the offset of the
    /// header of its first part of <paramref name="kind"/> (16 bytes: kind, attributes, argumentCount I2,
    /// bigArgumentCount, bufferLength, bufferSize), in an uncompressed reply. Changing the kind to one no client knows (99) removes the part for the reader.
    /// </summary>
    public static MutatedReply EditPartHeader(byte[] reply, byte kind, Action<byte[], int> edit)
    {
        if (reply[22] == 2)
        {
            throw new ArgumentException("targeted edits work on uncompressed replies");
        }
        var bytes = (byte[])reply.Clone();
        var parts = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(MessageHeaderSize + 8));
        var position = MessageHeaderSize + SegmentHeaderSize;
        for (var i = 0; i < parts; i++)
        {
            if (bytes[position] == kind)
            {
                edit(bytes, position);
                return Changed(bytes, reply, $"part kind {kind} edited");
            }
            position += PartHeaderSize + ((BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(position + 8)) + 7) & ~7);
        }
        throw new ArgumentException($"the reply has no part of kind {kind}");
    }

    private static MutatedReply Changed(byte[] bytes, byte[] original, string description) =>
        new(bytes, false, ReplyEnding.Continue, !bytes.AsSpan().SequenceEqual(original), description);

    private static MutatedReply Unchanged(byte[] original, string why) => new(original, false, ReplyEnding.Continue, false, why);

    /// <summary>Segment and part fields, on the decompressed message when the reply is compressed.</summary>
    private static MutatedReply Structural(byte[] bytes, byte[] original, MutationClass mutation, Random random)
    {
        if (bytes.Length < MessageHeaderSize + SegmentHeaderSize)
        {
            return Unchanged(original, "no segment header");
        }
        var compressed = bytes[22] == 2;
        byte[] message;
        if (compressed)
        {
            var uncompressedVarPart = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(24));
            message = new byte[MessageHeaderSize + uncompressedVarPart];
            bytes.AsSpan(0, MessageHeaderSize + SegmentHeaderSize).CopyTo(message);
            var source = MessageHeaderSize + SegmentHeaderSize;
            var decoded = LZ4Codec.Decode(bytes, source, bytes.Length - source, message, source, message.Length - source);
            if (decoded != message.Length - source)
            {
                return Unchanged(original, "compressed reply does not decode");
            }
        }
        else
        {
            message = bytes;
        }
        var segment = MessageHeaderSize;
        var description = MutateStructure(message, segment, mutation, random);
        if (description is null)
        {
            return Unchanged(original, $"{mutation}: no part to mutate");
        }
        if (compressed)
        {
            var partsOffset = MessageHeaderSize + SegmentHeaderSize;
            var parts = message.Length - partsOffset;
            var target = new byte[partsOffset + LZ4Codec.MaximumOutputSize(parts)];
            message.AsSpan(0, partsOffset).CopyTo(target);
            var encoded = LZ4Codec.Encode(message, partsOffset, parts, target, partsOffset, target.Length - partsOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(target.AsSpan(12), (uint)(SegmentHeaderSize + encoded));
            BinaryPrimitives.WriteUInt32LittleEndian(target.AsSpan(24), (uint)(SegmentHeaderSize + parts));
            bytes = target.AsSpan(0, partsOffset + encoded).ToArray();
            description += " (decompressed, mutated, compressed again)";
        }
        return Changed(bytes, original, description);
    }

    private static string? MutateStructure(byte[] message, int segment, MutationClass mutation, Random random)
    {
        var partCount = BinaryPrimitives.ReadInt16LittleEndian(message.AsSpan(segment + 8));
        switch (mutation)
        {
            case MutationClass.SegmentLength:
                {
                    var original = BinaryPrimitives.ReadInt32LittleEndian(message.AsSpan(segment));
                    var value = LengthLie(original, random);
                    BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(segment), value);
                    return $"segmentLength {original} -> {value}";
                }
            case MutationClass.PartCount:
                {
                    short value = random.Next(5) switch
                    {
                        0 => (short)(partCount + 1),
                        1 => (short)Math.Max(0, partCount - 1),
                        2 => 0,
                        3 => short.MaxValue,
                        _ => (short)-1,
                    };
                    if (value == partCount)
                    {
                        value = (short)(partCount + 1);
                    }
                    BinaryPrimitives.WriteInt16LittleEndian(message.AsSpan(segment + 8), value);
                    return $"noOfParts {partCount} -> {value}";
                }
        }
        // part-level classes: pick one of the parts that lie within the message
        var offsets = new List<int>();
        var position = segment + SegmentHeaderSize;
        for (var i = 0; i < partCount && position + PartHeaderSize <= message.Length; i++)
        {
            offsets.Add(position);
            var length = BinaryPrimitives.ReadInt32LittleEndian(message.AsSpan(position + 8));
            if (length < 0)
            {
                break;
            }
            position += PartHeaderSize + ((length + 7) & ~7);
        }
        if (offsets.Count == 0)
        {
            return null;
        }
        var part = offsets[random.Next(offsets.Count)];
        var kind = message[part];
        switch (mutation)
        {
            case MutationClass.PartLength:
                {
                    var original = BinaryPrimitives.ReadInt32LittleEndian(message.AsSpan(part + 8));
                    var value = LengthLie(original, random);
                    BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(part + 8), value);
                    return $"part kind {kind} bufferLength {original} -> {value}";
                }
            case MutationClass.ArgumentCount:
                {
                    var original = BinaryPrimitives.ReadInt16LittleEndian(message.AsSpan(part + 2));
                    short value = random.Next(6) switch
                    {
                        0 => (short)(original + 1),
                        1 => (short)(original - 1),
                        2 => 0,
                        3 => short.MaxValue,
                        4 => -1, // "look at bigArgumentCount", which then says something else
                        _ => (short)random.Next(0, Math.Max(2, original * 2)),
                    };
                    if (value == original)
                    {
                        value = (short)(original + 1);
                    }
                    BinaryPrimitives.WriteInt16LittleEndian(message.AsSpan(part + 2), value);
                    if (value == -1)
                    {
                        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(part + 4), random.Next(2) == 0 ? original + 1 : int.MaxValue);
                    }
                    return $"part kind {kind} argumentCount {original} -> {value}";
                }
            case MutationClass.PartKind:
                {
                    var value = Kinds[random.Next(Kinds.Length)];
                    if (value == kind)
                    {
                        value = (byte)(kind == 5 ? 13 : 5);
                    }
                    message[part] = value;
                    return $"part kind {kind} -> {value}";
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(mutation), mutation, null);
        }
    }

    private static int LengthLie(int original, Random random) => random.Next(7) switch
    {
        0 => original + 8,
        1 => original - 8,
        2 => original + 1,
        3 => original - 1,
        4 => 0,
        5 => random.Next(2) == 0 ? int.MaxValue : -1,
        _ => random.Next(0, Math.Max(1, original * 2)),
    };
}
