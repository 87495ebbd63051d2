using System.Buffers.Binary;
using Driver.Core.Protocol;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Auth;

/// <summary>
/// The "fields" encoding of authentication data (§5.4): a U2 LE field count, then per field a length
/// prefix and the raw bytes. Nested structures (server challenge, client proof, server proof) are field
/// lists stored inside one field.
/// </summary>
internal static class AuthFields
{
    /// <summary>Largest field the 246 + U2 LE prefix is used for when writing (§5.3: clients switch to 247 above 32767).</summary>
    private const int TwoByteLengthLimit = short.MaxValue;

    /// <summary>Encodes a field list the way [N]/[R] write it: ≤245 direct, 246 + U2 LE, 247 + U4 LE (§5.4).</summary>
    public static byte[] Encode(IReadOnlyList<byte[]> fields)
    {
        if (fields.Count > ushort.MaxValue)
        {
            throw new ArgumentException($"An authentication field list holds at most {ushort.MaxValue} fields.", nameof(fields));
        }
        var total = 2L;
        foreach (var field in fields)
        {
            total += PrefixLength(field.Length) + field.Length;
        }
        if (total > int.MaxValue)
        {
            throw new ArgumentException("The authentication field list is too large.", nameof(fields));
        }

        var result = new byte[total];
        var span = result.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)fields.Count);
        var offset = 2;
        foreach (var field in fields)
        {
            offset += WritePrefix(span.Slice(offset), field.Length);
            field.AsSpan().CopyTo(span.Slice(offset));
            offset += field.Length;
        }
        return result;
    }

    /// <summary>Encodes a field list given as separate arguments.</summary>
    public static byte[] Encode(params byte[][] fields) => Encode((IReadOnlyList<byte[]>)fields);

    /// <summary>Writes a field list into <paramref name="writer"/> (e.g. straight into an AUTHENTICATION part buffer).</summary>
    public static void Write(PacketWriter writer, IReadOnlyList<byte[]> fields) => writer.WriteBytes(Encode(fields));

    /// <summary>
    /// Decodes a field list that must fill <paramref name="data"/> exactly. Accepts every length prefix a server or
    /// client is known to write (§5.4): ≤245 direct, 246 + U2 LE, 247 + U4 LE, 255 + U2 BE. If the list only parses
    /// with the 255 prefix read little-endian, that reading is taken: [P] writes it that way.
    /// </summary>
    /// <exception cref="HanaProtocolException">The bytes are not a well-formed field list.</exception>
    public static byte[][] Decode(ReadOnlySpan<byte> data)
    {
        if (TryDecode(data, ffBigEndian: true, out var fields, out var error))
        {
            return fields;
        }
        // §5.4: [P] writes FF + U2 little-endian; accept it only when the big-endian reading of the same bytes fails.
        if (ContainsFfPrefix(data) && TryDecode(data, ffBigEndian: false, out fields, out _))
        {
            return fields;
        }
        throw new HanaProtocolException($"Malformed authentication field list: {error}");
    }

    /// <summary>Decodes a field list and checks it has exactly <paramref name="expectedCount"/> fields.</summary>
    public static byte[][] Decode(ReadOnlySpan<byte> data, int expectedCount, string what)
    {
        var fields = Decode(data);
        if (fields.Length != expectedCount)
        {
            throw new HanaProtocolException($"{what}: expected {expectedCount} authentication fields, received {fields.Length}.");
        }
        return fields;
    }

    private static bool ContainsFfPrefix(ReadOnlySpan<byte> data)
    {
        // Cheap pre-check: without any 0xFF byte past the count there is nothing a second reading could change.
        return data.Length > 2 && data.Slice(2).IndexOf((byte)0xFF) >= 0;
    }

    private static bool TryDecode(ReadOnlySpan<byte> data, bool ffBigEndian, out byte[][] fields, out string error)
    {
        fields = [];
        if (data.Length < 2)
        {
            error = $"{data.Length} bytes, too short for the field count.";
            return false;
        }
        int count = BinaryPrimitives.ReadUInt16LittleEndian(data);
        // Every field needs at least its one-byte prefix: bounds the count before the array is allocated.
        if (count > data.Length - 2)
        {
            error = $"field count {count} exceeds the {data.Length - 2} bytes that follow.";
            return false;
        }

        var result = new byte[count][];
        var position = 2;
        for (var i = 0; i < count; i++)
        {
            if (!TryReadLength(data, ref position, ffBigEndian, out var length, out error))
            {
                error = $"field {i}: {error}";
                return false;
            }
            if (length > data.Length - position)
            {
                error = $"field {i} declares {length} bytes, {data.Length - position} left.";
                return false;
            }
            result[i] = data.Slice(position, length).ToArray();
            position += length;
        }
        if (position != data.Length)
        {
            error = $"{data.Length - position} bytes left over after {count} fields.";
            return false;
        }
        fields = result;
        error = "";
        return true;
    }

    private static bool TryReadLength(ReadOnlySpan<byte> data, ref int position, bool ffBigEndian, out int length, out string error)
    {
        length = 0;
        error = "";
        if (position >= data.Length)
        {
            error = "length prefix missing.";
            return false;
        }
        var first = data[position++];
        switch (first)
        {
            case <= 245:
                length = first;
                return true;
            case 246:
                // unsigned (§5.3): [R] writes this form up to 65535
                if (data.Length - position < 2)
                {
                    error = "truncated 2-byte length.";
                    return false;
                }
                length = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(position));
                position += 2;
                return true;
            case 247:
                if (data.Length - position < 4)
                {
                    error = "truncated 4-byte length.";
                    return false;
                }
                var value = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(position));
                position += 4;
                if (value > int.MaxValue)
                {
                    error = $"length {value} out of range.";
                    return false;
                }
                length = (int)value;
                return true;
            case 255:
                // §5.4: the server writes 0xFF + U2 big-endian (captured LDAP challenge: FF 01 C4 = 452)
                if (data.Length - position < 2)
                {
                    error = "truncated 2-byte length.";
                    return false;
                }
                var lengthBytes = data.Slice(position, 2);
                length = ffBigEndian
                    ? BinaryPrimitives.ReadUInt16BigEndian(lengthBytes)
                    : BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes);
                position += 2;
                return true;
            default:
                error = $"invalid length prefix 0x{first:X2}.";
                return false;
        }
    }

    private static int PrefixLength(int length) => length <= 245 ? 1 : length <= TwoByteLengthLimit ? 3 : 5;

    private static int WritePrefix(Span<byte> destination, int length)
    {
        if (length <= 245)
        {
            destination[0] = (byte)length;
            return 1;
        }
        if (length <= TwoByteLengthLimit)
        {
            destination[0] = 246;
            BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(1), (ushort)length);
            return 3;
        }
        destination[0] = 247;
        BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(1), length);
        return 5;
    }
}
