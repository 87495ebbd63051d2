using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Types;

namespace Driver.TestServer.Protocol;

/// <summary>
/// Builds the name area of a metadata part (§6.21, §6.22): each distinct name once, as U1 length + CESU-8 bytes,
/// addressed by its offset; <see cref="NameArea.NoName"/> for a missing name.
/// </summary>
internal sealed class NameAreaWriter
{
    private readonly Dictionary<string, uint> _offsets = new(StringComparer.Ordinal);
    private readonly List<string> _names = new();
    private uint _size;

    public uint Add(string? name)
    {
        if (name is null)
        {
            return NameArea.NoName;
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
}
