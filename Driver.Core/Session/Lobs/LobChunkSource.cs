using Driver.Core.Types;

namespace Driver.Core.Session;

/// <summary>
/// A LOB parameter value sent in chunks (§10.2): the first chunk inline in the EXECUTE, the rest by WRITELOB
/// (§6.28). Reads a <see cref="Stream"/> as raw bytes, or a <see cref="TextReader"/> encoded to CESU-8 (§5.5) a
/// piece at a time; at most one chunk (plus a few bytes of look-ahead) is held, never the whole value.
/// A chunk of text never ends inside a CESU-8 sequence or between the halves of a surrogate pair, so each chunk
/// is valid text on its own. The owner's stream or reader is not disposed.
/// </summary>
internal sealed class LobChunkSource : CallerDataFill
{
    /// <summary>
    /// Bytes per chunk: a WRITELOB request (chunk + headers) stays just under the 1 MiB the connection keeps its
    /// request buffer at, so the buffer is reused instead of regrown for every chunk.
    /// </summary>
    public const int DefaultChunkSize = (1 << 20) - 4096;

    // room beyond a chunk for the look-ahead that tells whether the chunk is the last (and for a cut-off sequence)
    private const int Slack = 16;

    private readonly TextReader? _text;
    private readonly byte[] _buffer;
    private readonly char[]? _chars;
    private char? _carriedHighSurrogate;
    private int _length;
    private int _chunkLength;
    private bool _sourceEnded;

    public LobChunkSource(Stream stream, int chunkSize = DefaultChunkSize)
        : base(stream, null)
    {
        ChunkSize = CheckedChunkSize(chunkSize);
        _buffer = new byte[ChunkSize + Slack];
    }

    public LobChunkSource(TextReader text, int chunkSize = DefaultChunkSize)
        : base(null, text)
    {
        _text = text;
        ChunkSize = CheckedChunkSize(chunkSize);
        _buffer = new byte[ChunkSize + Slack];
        // every UTF-16 code unit encodes to at most 3 bytes (§5.5)
        _chars = new char[(ChunkSize + Slack) / 3];
    }

    public int ChunkSize { get; }

    /// <summary>The chunk read by the last fill (<see cref="CallerDataFill.Reads"/>); valid until the next one.</summary>
    public ReadOnlyMemory<byte> Chunk => _buffer.AsMemory(0, _chunkLength);

    /// <summary>The current chunk is the last one of the value.</summary>
    public bool IsLast { get; private set; }

    /// <summary>The locator the server gave this LOB in WRITELOBREPLY (§6.29); 0 until then.</summary>
    public long LocatorId { get; set; }

    /// <summary>Bytes sent so far, counting the current chunk.</summary>
    public long TotalBytes { get; private set; }

    private static int CheckedChunkSize(int chunkSize) =>
        chunkSize >= 64 ? chunkSize : throw new ArgumentOutOfRangeException(nameof(chunkSize), "A LOB chunk must hold at least 64 bytes.");

    /// <summary>Drops the chunk handed out last, keeping the look-ahead bytes behind it.</summary>
    private void DropCurrentChunk()
    {
        if (_chunkLength > 0)
        {
            Buffer.BlockCopy(_buffer, _chunkLength, _buffer, 0, _length - _chunkLength);
            _length -= _chunkLength;
            _chunkLength = 0;
        }
    }

    /// <summary>More source data is needed before the next chunk (and whether it is the last) is known.</summary>
    protected override bool NeedsInput => !_sourceEnded && _length <= ChunkSize;

    /// <summary>Room for raw bytes (binary) to be read next: behind the bytes buffered.</summary>
    protected override ArraySegment<byte> ByteRoom => new(_buffer, _length, _buffer.Length - _length);

    /// <summary>
    /// Room for characters (text) to be read next: from index 1 of <c>_chars</c> (index 0 is for a carried high
    /// surrogate), keeping room for that surrogate's 3 bytes in the byte buffer.
    /// </summary>
    protected override ArraySegment<char> CharRoom => new(_chars!, 1, Math.Min((_buffer.Length - _length) / 3 - 1, _chars!.Length - 1));

    protected override void Accept(int read)
    {
        if (_text is not null)
        {
            AcceptChars(read);
        }
        else
        {
            AcceptBytes(read);
        }
    }

    protected override void BeginFill() => DropCurrentChunk();

    protected override void EndFill() => CutChunk();

    /// <summary>Takes <paramref name="read"/> characters the reader put into <c>_chars</c> from index 1.</summary>
    private void AcceptChars(int read)
    {
        if (read == 0)
        {
            _sourceEnded = true;
            if (_carriedHighSurrogate is { } lone)
            {
                // a high surrogate without its low half is not text: encoded as U+FFFD like any unpaired one
                _length += Cesu8.Encode([lone], _buffer.AsSpan(_length));
                _carriedHighSurrogate = null;
            }
            return;
        }
        // the reader wrote from index 1: a carried high surrogate goes just before its low half
        var span = _chars.AsSpan(1, read);
        if (_carriedHighSurrogate is { } carried)
        {
            _chars![0] = carried;
            _carriedHighSurrogate = null;
            span = _chars.AsSpan(0, read + 1);
        }
        // a pair must be encoded together: hold a trailing high surrogate back for the next read
        if (char.IsHighSurrogate(span[span.Length - 1]))
        {
            _carriedHighSurrogate = span[span.Length - 1];
            span = span.Slice(0, span.Length - 1);
        }
        _length += Cesu8.Encode(span, _buffer.AsSpan(_length));
    }

    private void AcceptBytes(int read)
    {
        if (read == 0)
        {
            _sourceEnded = true;
        }
        _length += read;
    }

    /// <summary>Cuts the next chunk from the buffered bytes once enough input is in.</summary>
    private void CutChunk()
    {
        if (_sourceEnded && _length <= ChunkSize)
        {
            _chunkLength = _length;
            IsLast = true;
        }
        else
        {
            _chunkLength = ChunkSize;
            if (_text is not null)
            {
                _chunkLength -= Cesu8.GetIncompleteTailLength(_buffer.AsSpan(0, ChunkSize));
            }
            IsLast = false;
        }
        TotalBytes += _chunkLength;
    }
}
