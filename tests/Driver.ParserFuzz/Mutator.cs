using System.Buffers.Binary;
using Driver.Core.Compression;
using Driver.Core.Protocol;

namespace Driver.ParserFuzz;

/// <summary>
/// Structure-aware mutations: messages are taken apart and written back with consistent framing after their parts
/// were dropped, duplicated, swapped, spliced in from other seeds or changed in kind, count or content, so most
/// inputs reach the part and value readers; header fields, lengths and counts also get edge values without repair;
/// type codes and scales come from the lists the readers know. Byte-level havoc (AFL style) covers the rest.
/// </summary>
internal sealed class Mutator
{
    private const int MaxSize = 1 << 16;
    private readonly SeedPool _pool;

    public Mutator(SeedPool pool)
    {
        _pool = pool;
    }

    public byte[] Mutate(byte[] seed, ref Rng rng)
    {
        if (seed.Length == 0)
        {
            return seed;
        }
        var target = (FuzzTarget)(seed[0] % TargetCount.Value);
        var body = seed.AsSpan(1).ToArray();
        var rounds = 1 + rng.Below(3);
        for (var round = 0; round < rounds; round++)
        {
            body = target switch
            {
                FuzzTarget.Message => MutateMessage(body, ref rng),
                FuzzTarget.CompressedMessage => MutateCompressed(body, ref rng),
                FuzzTarget.Lz4Block => MutateHeaderField(body, 0, 4, ref rng),
                FuzzTarget.ResultRows => MutateRows(body, ref rng),
                FuzzTarget.ResultValue => MutateValue(body, ref rng),
                FuzzTarget.Part => MutatePart(body, ref rng),
                FuzzTarget.Cesu8Text => MutateText(body, ref rng),
                _ => Havoc(body, target, ref rng),
            };
        }
        var result = new byte[Math.Min(body.Length, MaxSize) + 1];
        result[0] = seed[0];
        body.AsSpan(0, result.Length - 1).CopyTo(result.AsSpan(1));
        return result;
    }

    // ---- messages ----

    private byte[] MutateMessage(byte[] message, ref Rng rng)
    {
        var layout = MessageLayout.TryRead(message);
        if (layout is null || rng.Chance(12))
        {
            return Havoc(message, FuzzTarget.Message, ref rng);
        }
        switch (rng.Below(9))
        {
            case 0:
            case 1:
            {
                // the most productive: new content in one part, framing repaired
                if (layout.Parts.Count == 0)
                {
                    break;
                }
                var index = rng.Below(layout.Parts.Count);
                var part = layout.Parts[index];
                layout.Parts[index] = (part.Kind, part.Attributes, part.Count, Havoc(part.Buffer, FuzzTarget.Part, ref rng));
                break;
            }
            case 2:
                if (layout.Parts.Count > 0)
                {
                    var index = rng.Below(layout.Parts.Count);
                    var part = layout.Parts[index];
                    layout.Parts[index] = (Interesting.PartKinds[rng.Below(Interesting.PartKinds.Length)], part.Attributes, part.Count, part.Buffer);
                }
                break;
            case 3:
                if (layout.Parts.Count > 0)
                {
                    var index = rng.Below(layout.Parts.Count);
                    var part = layout.Parts[index];
                    layout.Parts[index] = (part.Kind, rng.Chance(4) ? rng.Byte() : part.Attributes, NewCount(part.Count, ref rng), part.Buffer);
                }
                break;
            case 4:
                MutatePartList(layout, ref rng);
                break;
            case 5:
                MutateMetadataTypes(layout, ref rng);
                break;
            case 6:
                // a reply kind, function code or segment kind the driver may not expect
                layout.SegmentHeader[12] = rng.Chance(2) ? (byte)rng.Below(6) : rng.Byte();
                BinaryPrimitives.WriteInt16LittleEndian(layout.SegmentHeader.AsSpan(14), (short)rng.Below(90));
                break;
            case 7:
                return CorruptFraming(layout.Write(), ref rng);
            default:
                return Havoc(layout.Write(), FuzzTarget.Message, ref rng);
        }
        return layout.Write();
    }

    private void MutatePartList(MessageLayout layout, ref Rng rng)
    {
        var parts = layout.Parts;
        switch (rng.Below(4))
        {
            case 0 when parts.Count > 0:
                parts.RemoveAt(rng.Below(parts.Count));
                break;
            case 1 when parts.Count > 0 && parts.Count < 32:
                var copy = parts[rng.Below(parts.Count)];
                parts.Insert(rng.Below(parts.Count + 1), copy);
                break;
            case 2 when parts.Count > 1:
                var a = rng.Below(parts.Count);
                var b = rng.Below(parts.Count);
                (parts[a], parts[b]) = (parts[b], parts[a]);
                break;
            default:
                // a part from another recorded message: a RESULTSET under foreign metadata, an ERROR in a fetch reply
                var donor = MessageLayout.TryRead(_pool.Pick(FuzzTarget.Message, ref rng).AsSpan(1));
                if (donor is { Parts.Count: > 0 } && parts.Count < 32)
                {
                    var part = donor.Parts[rng.Below(donor.Parts.Count)];
                    if (rng.Chance(2) && parts.Count > 0)
                    {
                        parts[rng.Below(parts.Count)] = part;
                    }
                    else
                    {
                        parts.Insert(rng.Below(parts.Count + 1), part);
                    }
                }
                break;
        }
    }

    /// <summary>Changes a column's or parameter's type code or scale, so the rows are read under the wrong type.</summary>
    private static void MutateMetadataTypes(MessageLayout layout, ref Rng rng)
    {
        foreach (var (kind, _, count, buffer) in layout.Parts)
        {
            var stride = kind == (byte)PartKind.ResultSetMetadata ? 24 : kind == (byte)PartKind.ParameterMetadata ? 16 : 0;
            if (stride == 0 || count <= 0 || buffer.Length < stride)
            {
                continue;
            }
            var descriptor = rng.Below(Math.Min(count, buffer.Length / stride)) * stride;
            if (rng.Chance(2))
            {
                buffer[descriptor + 1] = Interesting.TypeCodes[rng.Below(Interesting.TypeCodes.Length)];
            }
            else
            {
                // fraction: offset 2 in a column descriptor, 10 in a parameter descriptor
                var offset = descriptor + (stride == 24 ? 2 : 10);
                BinaryPrimitives.WriteInt16LittleEndian(buffer.AsSpan(offset), Interesting.Scales[rng.Below(Interesting.Scales.Length)]);
            }
            return;
        }
    }

    /// <summary>Edge values in the header fields, left unrepaired: lengths, counts, kinds, options.</summary>
    private static byte[] CorruptFraming(byte[] message, ref Rng rng)
    {
        var fields = new List<(int Offset, int Size)> { (12, 4), (16, 4), (20, 2), (22, 1), (24, 4), (32, 4), (40, 2), (44, 1) };
        var position = 56;
        while (message.Length - position >= PartHeader.Size && fields.Count < 64)
        {
            fields.Add((position, 1));
            fields.Add((position + 2, 2));
            fields.Add((position + 4, 4));
            fields.Add((position + 8, 4));
            var length = BinaryPrimitives.ReadInt32LittleEndian(message.AsSpan(position + 8));
            position += PartHeader.Size + Math.Max(0, length) + PartHeader.PaddingFor(Math.Max(0, length));
            if (length < 0 || position < 0)
            {
                break;
            }
        }
        var (offset, size) = fields[rng.Below(fields.Count)];
        WriteField(message, offset, size, ref rng);
        return message;
    }

    private static void WriteField(byte[] data, int offset, int size, ref Rng rng)
    {
        if (offset + size > data.Length)
        {
            return;
        }
        var span = data.AsSpan(offset, size);
        long current = size switch
        {
            1 => span[0],
            2 => BinaryPrimitives.ReadInt16LittleEndian(span),
            _ => BinaryPrimitives.ReadInt32LittleEndian(span),
        };
        long value = rng.Below(3) switch
        {
            0 => current + rng.Below(17) - 8,
            1 => Interesting.Ints[rng.Below(Interesting.Ints.Length)],
            _ => (long)rng.Next(),
        };
        switch (size)
        {
            case 1:
                span[0] = (byte)value;
                break;
            case 2:
                BinaryPrimitives.WriteInt16LittleEndian(span, (short)value);
                break;
            default:
                BinaryPrimitives.WriteInt32LittleEndian(span, (int)value);
                break;
        }
    }

    private static int NewCount(int count, ref Rng rng) => rng.Below(4) switch
    {
        0 => count + 1,
        1 => Math.Max(0, count - 1),
        2 => Interesting.Ints[rng.Below(Interesting.Ints.Length)],
        _ => count + rng.Below(65) - 32,
    };

    private byte[] MutateCompressed(byte[] compressed, ref Rng rng)
    {
        if (rng.Chance(3))
        {
            // the LZ4 block and the compression header fields themselves
            return rng.Chance(2) ? MutateHeaderField(compressed, 24, 4, ref rng) : Havoc(compressed, FuzzTarget.CompressedMessage, ref rng);
        }
        // otherwise mutate the plain message and compress it again, so the parser behind inflate is reached
        using var inflated = new Driver.Core.Net.MessageBuffer(1024);
        try
        {
            PacketCodec.Inflate(compressed, inflated, 1 << 24);
        }
        catch (Driver.Sync.HanaProtocolException)
        {
            return Havoc(compressed, FuzzTarget.CompressedMessage, ref rng);
        }
        var plain = MutateMessage(inflated.Buffer.AsSpan(0, inflated.Length).ToArray(), ref rng);
        return SeedPool.Compress(plain);
    }

    /// <summary>A declared length or count at the start of the input, then the rest by havoc.</summary>
    private byte[] MutateHeaderField(byte[] data, int offset, int size, ref Rng rng)
    {
        if (rng.Chance(2) && data.Length >= offset + size)
        {
            WriteField(data, offset, size, ref rng);
            return data;
        }
        return Havoc(data, FuzzTarget.Lz4Block, ref rng);
    }

    // ---- rows, values, parts ----

    private byte[] MutateRows(byte[] data, ref Rng rng)
    {
        if (data.Length < 1 || rng.Chance(3))
        {
            return Havoc(data, FuzzTarget.ResultRows, ref rng);
        }
        var columns = data[0];
        var rowCountOffset = 1 + 3 * columns;
        if (data.Length < rowCountOffset + 2)
        {
            return Havoc(data, FuzzTarget.ResultRows, ref rng);
        }
        switch (rng.Below(4))
        {
            case 0 when columns > 0:
                data[1 + 3 * rng.Below(columns)] = Interesting.TypeCodes[rng.Below(Interesting.TypeCodes.Length)];
                break;
            case 1 when columns > 0:
                BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 + 3 * rng.Below(columns)), Interesting.Scales[rng.Below(Interesting.Scales.Length)]);
                break;
            case 2:
                var rows = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(rowCountOffset));
                BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(rowCountOffset), (ushort)NewCount(rows, ref rng));
                break;
            default:
                var rowBytes = Havoc(data.AsSpan(rowCountOffset + 2).ToArray(), FuzzTarget.ResultRows, ref rng);
                var result = new byte[rowCountOffset + 2 + rowBytes.Length];
                data.AsSpan(0, rowCountOffset + 2).CopyTo(result);
                rowBytes.CopyTo(result, rowCountOffset + 2);
                return result;
        }
        return data;
    }

    private byte[] MutateValue(byte[] data, ref Rng rng)
    {
        if (data.Length >= 3 && rng.Chance(3))
        {
            if (rng.Chance(2))
            {
                data[0] = Interesting.TypeCodes[rng.Below(Interesting.TypeCodes.Length)];
            }
            else
            {
                BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(1), Interesting.Scales[rng.Below(Interesting.Scales.Length)]);
            }
            return data;
        }
        return Havoc(data, FuzzTarget.ResultValue, ref rng);
    }

    private byte[] MutatePart(byte[] data, ref Rng rng)
    {
        if (data.Length >= 5 && rng.Chance(3))
        {
            if (rng.Chance(2))
            {
                data[0] = Interesting.PartKinds[rng.Below(Interesting.PartKinds.Length)];
            }
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(1), NewCount(BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(1)), ref rng));
            }
            return data;
        }
        return Havoc(data, FuzzTarget.Part, ref rng);
    }

    /// <summary>CESU-8 edge sequences: surrogate halves alone and paired, overlong forms, 4-byte UTF-8, cut sequences.</summary>
    private static readonly byte[][] TextPieces =
    [
        [0xED, 0xA0, 0xBD], [0xED, 0xB8, 0x80], [0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80], [0xF0, 0x9F, 0x98, 0x80],
        [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xEF, 0xBF, 0xBD], [0xC3], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xFF],
    ];

    private byte[] MutateText(byte[] data, ref Rng rng)
    {
        if (!rng.Chance(3))
        {
            return Havoc(data, FuzzTarget.Cesu8Text, ref rng);
        }
        var piece = TextPieces[rng.Below(TextPieces.Length)];
        var at = rng.Below(data.Length + 1);
        var result = new byte[data.Length + piece.Length];
        data.AsSpan(0, at).CopyTo(result);
        piece.CopyTo(result, at);
        data.AsSpan(at).CopyTo(result.AsSpan(at + piece.Length));
        return result;
    }

    // ---- bytes ----

    /// <summary>AFL-style havoc: 1-16 stacked byte, word and block operations, splicing from seeds of the same target.</summary>
    public byte[] Havoc(byte[] input, FuzzTarget target, ref Rng rng)
    {
        var data = new List<byte>(input);
        var count = 1 << rng.Below(5);
        for (var i = 0; i < count; i++)
        {
            if (data.Count == 0)
            {
                data.Add(rng.Byte());
                continue;
            }
            var at = rng.Below(data.Count);
            switch (rng.Below(12))
            {
                case 0:
                    data[at] ^= (byte)(1 << rng.Below(8));
                    break;
                case 1:
                    data[at] = Interesting.Bytes[rng.Below(Interesting.Bytes.Length)];
                    break;
                case 2:
                    data[at] = rng.Byte();
                    break;
                case 3:
                    if (at + 2 <= data.Count)
                    {
                        var value = Interesting.Shorts[rng.Below(Interesting.Shorts.Length)];
                        data[at] = (byte)value;
                        data[at + 1] = (byte)(value >> 8);
                    }
                    break;
                case 4:
                    if (at + 4 <= data.Count)
                    {
                        var value = Interesting.Ints[rng.Below(Interesting.Ints.Length)];
                        for (var b = 0; b < 4; b++)
                        {
                            data[at + b] = (byte)(value >> (8 * b));
                        }
                    }
                    break;
                case 5:
                    data[at] = (byte)(data[at] + rng.Below(33) - 16);
                    break;
                case 6:
                    data.RemoveRange(at, Math.Min(1 + rng.Below(16), data.Count - at));
                    break;
                case 7:
                {
                    var length = 1 + rng.Below(16);
                    for (var b = 0; b < length; b++)
                    {
                        data.Insert(at, rng.Byte());
                    }
                    break;
                }
                case 8:
                {
                    var from = rng.Below(data.Count);
                    var length = Math.Min(1 + rng.Below(32), data.Count - from);
                    data.InsertRange(at, data.GetRange(from, length));
                    break;
                }
                case 9:
                {
                    var donor = _pool.Pick(target, ref rng);
                    if (donor.Length > 1)
                    {
                        var from = 1 + rng.Below(donor.Length - 1);
                        var length = Math.Min(1 + rng.Below(64), donor.Length - from);
                        for (var b = 0; b < length && at + b < data.Count; b++)
                        {
                            data[at + b] = donor[from + b];
                        }
                    }
                    break;
                }
                case 10:
                    data.RemoveRange(at, data.Count - at);
                    break;
                default:
                    if (data.Count < MaxSize)
                    {
                        var donor = _pool.Pick(target, ref rng);
                        var from = donor.Length > 1 ? 1 + rng.Below(donor.Length - 1) : donor.Length;
                        data.AddRange(donor.AsSpan(from).ToArray());
                    }
                    break;
            }
        }
        return data.ToArray();
    }
}
