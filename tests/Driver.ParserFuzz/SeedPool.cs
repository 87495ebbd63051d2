using System.Buffers.Binary;
using System.Text.Json;
using Driver.Core.Compression;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;

namespace Driver.ParserFuzz;

/// <summary>
/// The seed corpus: the protocol vectors (../shared/protocol/vectors, index.json) and the replies recorded from the
/// test server (corpus/*.msg), each turned into inputs for every target it can feed: a message also gives its
/// compressed form, each of its parts, and its RESULTSET rows with the columns of its metadata.
/// </summary>
internal sealed class SeedPool
{
    private readonly List<byte[]>[] _byTarget = Enumerable.Range(0, TargetCount.Value).Select(_ => new List<byte[]>()).ToArray();

    public int Count => _byTarget.Sum(list => list.Count);

    public IEnumerable<byte[]> All => _byTarget.SelectMany(list => list);

    public int CountOf(FuzzTarget target) => _byTarget[(int)target].Count;

    /// <summary>A seed of <paramref name="target"/>, or of any target when it has none.</summary>
    public byte[] Pick(FuzzTarget target, ref Rng rng)
    {
        var list = _byTarget[(int)target];
        return list.Count > 0 ? list[rng.Below(list.Count)] : PickAny(ref rng);
    }

    /// <summary>Targets are drawn evenly, so the few LZ4 seeds are mutated as often as the many part seeds.</summary>
    public byte[] PickAny(ref Rng rng)
    {
        for (var attempt = 0; attempt < 32; attempt++)
        {
            var list = _byTarget[rng.Below(_byTarget.Length)];
            if (list.Count > 0)
            {
                return list[rng.Below(list.Count)];
            }
        }
        return [0];
    }

    public void Add(FuzzTarget target, ReadOnlySpan<byte> body)
    {
        var seed = new byte[body.Length + 1];
        seed[0] = (byte)target;
        body.CopyTo(seed.AsSpan(1));
        _byTarget[(int)target].Add(seed);
    }

    /// <summary>A stored input (target byte included), as written to crashes/ or a corpus folder.</summary>
    public void AddRaw(byte[] input)
    {
        if (input.Length > 0)
        {
            _byTarget[input[0] % TargetCount.Value].Add(input);
        }
    }

    public static SeedPool Load(string vectorsDirectory, string? recordedDirectory)
    {
        var pool = new SeedPool();
        using (var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(vectorsDirectory, "index.json"))))
        {
            foreach (var entry in index.RootElement.EnumerateArray())
            {
                pool.AddVector(entry, ReadHex(Path.Combine(vectorsDirectory, entry.GetProperty("file").GetString()!)), vectorsDirectory);
            }
        }
        if (recordedDirectory is not null && Directory.Exists(recordedDirectory))
        {
            foreach (var file in Directory.GetFiles(recordedDirectory, "*.msg").OrderBy(f => f, StringComparer.Ordinal))
            {
                pool.AddMessage(File.ReadAllBytes(file));
            }
        }
        return pool;
    }

    public static byte[] ReadHex(string path)
    {
        var text = File.ReadAllText(path);
        return Convert.FromHexString(new string(text.Where(Uri.IsHexDigit).ToArray()));
    }

    private void AddVector(JsonElement entry, byte[] bytes, string directory)
    {
        var file = entry.GetProperty("file").GetString()!;
        var expected = entry.GetProperty("expected");
        int? partKind = entry.TryGetProperty("partKind", out var k) && k.ValueKind == JsonValueKind.Number ? k.GetInt32() : null;
        int? typeCode = entry.TryGetProperty("typeCode", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : null;
        switch (entry.GetProperty("layer").GetString())
        {
            case "message":
                AddMessage(bytes);
                break;
            case "segment":
                AddMessage(Frame(bytes));
                break;
            case "part":
                if (expected.TryGetProperty("header", out _))
                {
                    // part header + buffer + padding: frame it as a one-part reply
                    var segment = new byte[SegmentHeader.Size + bytes.Length];
                    new SegmentHeader { SegmentLength = segment.Length, NoOfParts = 1, SegmentNumber = 1, Kind = SegmentKind.Reply }.Write(segment);
                    bytes.CopyTo(segment, SegmentHeader.Size);
                    AddMessage(Frame(segment));
                    break;
                }
                var count = expected.TryGetProperty("argumentCount", out var c) ? c.GetInt32() : 1;
                AddPart((byte)(partKind ?? 0), count, bytes);
                if (partKind == (int)PartKind.ResultSet && expected.TryGetProperty("columnsUsedForDecoding", out var columns))
                {
                    AddRows(columns.EnumerateArray().Select(col => ((byte)col.GetProperty("typeCode").GetInt32(), (short)(col.TryGetProperty("fraction", out var f) ? f.GetInt32() : 0))).ToArray(), count, bytes);
                }
                break;
            case "value":
                if (partKind == (int)PartKind.Parameters)
                {
                    Add(FuzzTarget.ParameterValues, Prefix(2, bytes));
                }
                else if (typeCode is { } code)
                {
                    var value = new byte[3 + bytes.Length];
                    value[0] = (byte)code;
                    bytes.CopyTo(value, 3);
                    Add(FuzzTarget.ResultValue, value);
                }
                if (file.Contains("cesu8", StringComparison.Ordinal) || file.Contains("string", StringComparison.Ordinal))
                {
                    Add(FuzzTarget.Cesu8Text, bytes);
                }
                break;
            case "auth":
                for (byte which = 0; which < 7; which++)
                {
                    var auth = new byte[bytes.Length + 1];
                    auth[0] = which;
                    bytes.CopyTo(auth, 1);
                    Add(FuzzTarget.Auth, auth);
                }
                break;
            case "lz4":
                if (file.EndsWith("_decoded.hex", StringComparison.Ordinal))
                {
                    break;
                }
                if (expected.TryGetProperty("header", out _))
                {
                    Add(FuzzTarget.CompressedMessage, bytes);
                }
                else
                {
                    var decoded = Path.Combine(directory, file.Replace(".hex", "_decoded.hex", StringComparison.Ordinal));
                    var length = File.Exists(decoded) ? ReadHex(decoded).Length : bytes.Length * 4;
                    var block = new byte[4 + bytes.Length];
                    BinaryPrimitives.WriteUInt32LittleEndian(block, (uint)(length + PacketCompression.SegmentHeaderLength));
                    bytes.CopyTo(block, 4);
                    Add(FuzzTarget.Lz4Block, block);
                }
                break;
        }
    }

    /// <summary>A whole plain message: as itself, compressed, part by part, and its rows under its own metadata.</summary>
    public void AddMessage(byte[] message)
    {
        Add(FuzzTarget.Message, message);
        Add(FuzzTarget.CompressedMessage, Compress(message));
        var parsed = new ParsedMessage();
        try
        {
            parsed.Parse(message, message.Length);
        }
        catch (Driver.Sync.HanaProtocolException)
        {
            return;
        }
        ColumnMetadata[]? columns = null;
        foreach (var part in parsed.Parts)
        {
            AddPart((byte)part.Kind, part.ArgumentCount, parsed.GetPartSpan(part));
            if (part.Kind == PartKind.ResultSetMetadata)
            {
                columns = MetadataParts.ReadResultSetMetadata(parsed.GetPartSpan(part), part.ArgumentCount);
            }
        }
        if (columns is not null && columns.Length < 256 && parsed.TryGetPart(PartKind.ResultSet, out var rows))
        {
            AddRows(columns.Select(col => ((byte)col.TypeCode, col.Fraction)).ToArray(), rows.ArgumentCount, parsed.GetPartSpan(rows));
        }
    }

    private void AddPart(byte kind, int count, ReadOnlySpan<byte> buffer)
    {
        var part = new byte[5 + buffer.Length];
        part[0] = kind;
        BinaryPrimitives.WriteInt32LittleEndian(part.AsSpan(1), count);
        buffer.CopyTo(part.AsSpan(5));
        Add(FuzzTarget.Part, part);
    }

    private void AddRows((byte Type, short Fraction)[] columns, int rowCount, ReadOnlySpan<byte> rows)
    {
        var data = new byte[1 + 3 * columns.Length + 2 + rows.Length];
        data[0] = (byte)columns.Length;
        for (var i = 0; i < columns.Length; i++)
        {
            data[1 + 3 * i] = columns[i].Type;
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 + 3 * i), columns[i].Fraction);
        }
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(1 + 3 * columns.Length), (ushort)Math.Min(rowCount, ushort.MaxValue));
        rows.CopyTo(data.AsSpan(3 + 3 * columns.Length));
        Add(FuzzTarget.ResultRows, data);
    }

    private static byte[] Prefix(int zeros, byte[] bytes)
    {
        var result = new byte[zeros + bytes.Length];
        bytes.CopyTo(result, zeros);
        return result;
    }

    /// <summary>A segment vector framed with a message header, as the transport hands it to the parser.</summary>
    public static byte[] Frame(byte[] segment)
    {
        var message = new byte[MessageHeader.Size + segment.Length];
        new MessageHeader { SessionId = 1, VarPartLength = (uint)segment.Length, NoOfSegments = 1 }.Write(message);
        segment.CopyTo(message, MessageHeader.Size);
        return message;
    }

    /// <summary>§11.2 compression of a plain message (any size; the driver only compresses above 5 KB).</summary>
    public static byte[] Compress(byte[] plain)
    {
        const int headers = MessageHeader.Size + SegmentHeader.Size;
        if (plain.Length < headers)
        {
            return plain;
        }
        var block = new byte[PacketCompression.MaximumCompressedLength(plain.Length - headers) + 16];
        var written = PacketCompression.EncodeBlock(plain.AsSpan(headers), block);
        var result = new byte[headers + written];
        plain.AsSpan(0, headers).CopyTo(result);
        block.AsSpan(0, written).CopyTo(result.AsSpan(headers));
        var header = MessageHeader.Read(plain);
        header.CompressionVarPartLength = (uint)(plain.Length - MessageHeader.Size);
        header.VarPartLength = (uint)(result.Length - MessageHeader.Size);
        header.PacketOptions = PacketOptions.Compressed;
        header.Write(result);
        return result;
    }
}
