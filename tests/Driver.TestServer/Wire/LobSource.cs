using Driver.Core.Protocol;
using Driver.Core.Types;

namespace Driver.TestServer.Wire;

/// <summary>
/// A LOB value held by the server for READLOB (§10.1). BLOB and CLOB offsets count bytes; NCLOB offsets count
/// characters as UTF-16 code units (§5.5), and each character goes out as its CESU-8 bytes, so a chunk never
/// splits a code unit, nor a surrogate pair.
/// </summary>
internal sealed class LobSource
{
    private readonly byte[] _bytes;
    private readonly string? _text;

    private LobSource(LobSourceType sourceType, byte[] bytes, string? text)
    {
        SourceType = sourceType;
        _bytes = bytes;
        _text = text;
    }

    public LobSourceType SourceType { get; }
    public long ByteLength => _bytes.Length;

    /// <summary>Characters for NCLOB (UTF-16 code units), bytes otherwise.</summary>
    public long CharLength => SourceType == LobSourceType.NClob ? _text!.Length : SourceType == LobSourceType.Blob ? 0 : _bytes.Length;

    public static LobSource ForBinary(byte[] bytes) => new(LobSourceType.Blob, bytes, null);

    public static LobSource ForText(string text, LobSourceType type) => new(type, Cesu8.GetBytes(text), text);

    /// <summary>The first up-to-<paramref name="maxBytes"/> bytes (whole characters for NCLOB).</summary>
    public ReadOnlySpan<byte> FirstChunk(int maxBytes, out bool complete)
    {
        var chunk = Read(1, SourceType == LobSourceType.NClob ? maxBytes / 3 : maxBytes, out complete);
        return chunk;
    }

    /// <summary>§6.26: a 1-based offset and a length in the LOB's own units.</summary>
    public ReadOnlySpan<byte> Read(long offset, int length, out bool last)
    {
        if (offset < 1)
        {
            offset = 1;
        }
        if (SourceType == LobSourceType.NClob)
        {
            var start = (int)Math.Min(offset - 1, _text!.Length);
            var count = Math.Min(length, _text.Length - start);
            if (count > 0 && start + count < _text.Length && char.IsHighSurrogate(_text[start + count - 1]))
            {
                // never split a surrogate pair: Cesu8.GetBytes turns a lone surrogate into U+FFFD, so the halves
                // would not reassemble; end the chunk before the pair (or after it, when it is all there is)
                count += count == 1 ? 1 : -1;
            }
            last = start + count >= _text.Length;
            return Cesu8.GetBytes(_text.Substring(start, count));
        }
        var byteStart = (int)Math.Min(offset - 1, _bytes.Length);
        var byteCount = Math.Min(length, _bytes.Length - byteStart);
        last = byteStart + byteCount >= _bytes.Length;
        return _bytes.AsSpan(byteStart, byteCount);
    }
}
