using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Types;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

/// <summary>
/// Reads one LOB value of a result row (§10.1): the inline first chunk, then READLOB requests until the chunk
/// marked "last data". Hands out the raw bytes (CESU-8 for character LOBs) in order; a text reader decodes them.
/// The descriptor and inline chunk are copied at creation, so the reader outlives the page it came from.
/// Offsets count bytes for BLOB/CLOB and UTF-16 code units for NCLOB/TEXT (§10.1); for the latter a CESU-8
/// sequence cut by a chunk boundary is dropped and asked for again from its own character offset.
/// </summary>
internal sealed partial class LobReaderCore
{
    /// <summary>Bytes (or, for character-counted LOBs, a third as many characters) asked for per READLOB.</summary>
    public const int ChunkBytes = 1 << 20;

    private readonly ConnectionCore _connection;
    private readonly long _locator;
    private readonly bool _countsCharacters;
    private byte[] _buffer = [];
    private int _start;
    private int _end;
    private long _unitsReceived;
    private bool _last;
    private readonly bool _isNull;

    public LobReaderCore(ConnectionCore connection, HanaTypeCode type, LobDescriptor descriptor, ReadOnlySpan<byte> value)
    {
        _connection = connection;
        Type = type;
        _locator = descriptor.LocatorId;
        _countsCharacters = type is HanaTypeCode.NClob or HanaTypeCode.Text or HanaTypeCode.NLocator;
        ByteLength = descriptor.ByteLength;
        CharLength = descriptor.CharLength;
        _isNull = descriptor.IsNull;
        Timeout = connection.Settings.CommandTimeout;
        Accept(descriptor.GetChunk(value), descriptor.IsLastData || descriptor.IsNull);
    }

    public HanaTypeCode Type { get; }

    /// <summary>Total length in bytes as announced by the descriptor (CESU-8 bytes for NCLOB).</summary>
    public long ByteLength { get; }

    /// <summary>Total length in characters as announced (UTF-16 code units for NCLOB).</summary>
    public long CharLength { get; }

    /// <summary>Bytes received and not yet taken.</summary>
    public int Available => _end - _start;

    /// <summary>Every byte was received and taken.</summary>
    public bool IsFinished => _last && _start == _end;

    /// <summary>More bytes must be fetched before any can be taken.</summary>
    public bool NeedsFetch => !_last && _start == _end;

    /// <summary>Copies up to <paramref name="destination"/>.Length received bytes; returns the count.</summary>
    public int Take(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, count).CopyTo(destination);
        _start += count;
        return count;
    }

    private void Accept(ReadOnlySpan<byte> chunk, bool last)
    {
        var complete = chunk;
        if (_countsCharacters)
        {
            // §10.1: a cut sequence is asked for again from its character offset, so only whole code units count
            var partial = PartialTailLength(chunk);
            if (partial > 0 && last)
            {
                throw new HanaProtocolException($"The last chunk of a {Type} ends in the middle of a CESU-8 sequence.");
            }
            complete = chunk.Slice(0, chunk.Length - partial);
            _unitsReceived += CountUtf16Units(complete);
        }
        else
        {
            _unitsReceived += complete.Length;
            // a BLOB's descriptor states its byte length (§5.5): more, or fewer at the end, is data lost or invented
            if (!_isNull && (_unitsReceived > ByteLength || (last && _unitsReceived != ByteLength)))
            {
                throw new HanaProtocolException($"The server sent {_unitsReceived} bytes{(last ? " in all" : " so far")} of a {Type} whose descriptor states {ByteLength}.");
            }
        }
        if (_buffer.Length < complete.Length)
        {
            _buffer = new byte[Math.Max(complete.Length, Math.Min(ChunkBytes, 64 * 1024))];
        }
        complete.CopyTo(_buffer);
        _start = 0;
        _end = complete.Length;
        _last = last;
    }

    internal void ApplyReadLobReply(ParsedMessage reply)
    {
        if (!reply.TryGetPart(PartKind.ReadLobReply, out var part))
        {
            throw new HanaProtocolException("The READLOB reply holds no READLOBREPLY part.");
        }
        var span = reply.GetPartSpan(part);
        var (_, options, offset, length) = LobParts.ReadReadLobReply(span);
        var last = (options & LobOptions.LastData) != 0;
        var before = _unitsReceived;
        Accept(span.Slice(offset, length), last);
        if (!last && _unitsReceived == before)
        {
            // no progress and no end: asking again would loop forever
            throw new HanaProtocolException($"READLOB returned no data for {Type} locator {_locator} at offset {before + 1} without the last-data flag.");
        }
    }

    private ChunkFetch? _fetch;

    /// <summary>The connection the locator belongs to (its READLOB requests go there).</summary>
    public ConnectionCore Connection => _connection;

    /// <summary>The Command Timeout of each READLOB (the connection string's).</summary>
    public TimeSpan Timeout { get; set; }

    /// <summary>
    /// Makes bytes available to <see cref="Take"/>: one READLOB (§10.1) when <see cref="NeedsFetch"/>, nothing
    /// otherwise (result false). One round trip always suffices: a reply that brings no whole unit and no end is
    /// refused (ApplyReadLobReply). Run it only when <see cref="NeedsFetch"/>: with nothing to send the pump
    /// takes its many-step path. Cached: reading a LOB allocates no workflow per chunk.
    /// </summary>
    public Workflow<bool> Fill => _fetch ??= new ChunkFetch(this);

    /// <summary>The READLOB of the next chunk (§10.1).</summary>
    internal Request BuildReadLob(ConnectionCore connection)
    {
        var request = connection.NewRequest(MessageType.ReadLob);
        request.BeginPart(PartKind.ReadLobRequest);
        LobParts.WriteReadLobRequest(request.Writer, _locator, _unitsReceived + 1, _countsCharacters ? ChunkBytes / 3 : ChunkBytes);
        request.EndPart(1);
        return request;
    }

    private sealed class ChunkFetch(LobReaderCore reader) : NextPieceFetch
    {
        // not merely "the last chunk came": bytes not yet taken must not be overwritten by the next chunk
        protected override bool IsComplete => !reader.NeedsFetch;

        protected override TimeSpan FetchTimeout => reader.Timeout;

        protected override Request BuildRequest(ConnectionCore connection) => reader.BuildReadLob(connection);

        protected override void Accept(ParsedMessage reply) => reader.ApplyReadLobReply(reply);
    }

    /// <summary>Length of a multi-byte sequence cut short at the end (a surrogate half is a whole 3-byte unit, §5.5).</summary>
    internal static int PartialTailLength(ReadOnlySpan<byte> bytes)
    {
        var lead = bytes.Length - 1;
        while (lead >= 0 && bytes.Length - lead < 4 && (bytes[lead] & 0xC0) == 0x80)
        {
            lead--;
        }
        if (lead < 0)
        {
            return 0;
        }
        var b = bytes[lead];
        var needed = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return needed > bytes.Length - lead ? bytes.Length - lead : 0;
    }

    /// <summary>UTF-16 code units of whole CESU-8 sequences: one per sequence, two for a 4-byte UTF-8 sequence.</summary>
    internal static long CountUtf16Units(ReadOnlySpan<byte> bytes)
    {
        long units = 0;
        foreach (var b in bytes)
        {
            if ((b & 0xC0) != 0x80)
            {
                units += b >= 0xF0 ? 2 : 1;
            }
        }
        return units;
    }
}
