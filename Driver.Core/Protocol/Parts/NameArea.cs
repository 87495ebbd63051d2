using Driver.Core.Types;

namespace Driver.Core.Protocol.Parts;

/// <summary>
/// The name area after the fixed descriptors of metadata parts (§6.21, §6.22): names as U1 length + CESU-8
/// bytes, addressed by offset; identical names are stored once. 0xFFFFFFFF means no name.
/// </summary>
internal sealed class NameArea
{
    public const uint NoName = 0xFFFFFFFF;

    private readonly Dictionary<string, uint> _offsets = new(StringComparer.Ordinal);
    private readonly List<string> _names = new();
    private uint _size;

    public uint Add(string? name)
    {
        if (name is null)
        {
            return NoName;
        }
        if (_offsets.TryGetValue(name, out var offset))
        {
            return offset;
        }
        var length = Cesu8.GetByteCount(name.AsSpan());
        if (length > 245)
        {
            // U1 length per §6.21; longer names are cut at a character boundary
            var cut = name;
            while (Cesu8.GetByteCount(cut.AsSpan()) > 245)
            {
                cut = cut.Substring(0, cut.Length - 1);
            }
            return Add(cut);
        }
        offset = _size;
        _offsets[name] = offset;
        _names.Add(name);
        _size += (uint)(1 + length);
        return offset;
    }

    public void Write(PacketWriter writer)
    {
        foreach (var name in _names)
        {
            var length = Cesu8.GetByteCount(name.AsSpan());
            writer.WriteByte((byte)length);
            Cesu8.Encode(name.AsSpan(), writer.GetSpan(length));
            writer.Advance(length);
        }
    }

    public static string? Read(ReadOnlySpan<byte> area, uint offset)
    {
        if (offset == NoName)
        {
            return null;
        }
        if (offset >= (uint)area.Length)
        {
            throw new HanaProtocolException($"Name offset {offset} lies outside the name area of {area.Length} bytes.");
        }
        var reader = new SpanReader(area.Slice((int)offset));
        var length = reader.ReadByte();
        return Cesu8.Decode(reader.ReadBytes(length));
    }
}
