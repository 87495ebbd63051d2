using Driver.Core.Types;

namespace Driver.Core.Session;

/// <summary>
/// A LOB of a result row read to its end (§10.1): the bytes that came with the row, then READLOB until the chunk
/// marked "last data"; the outcome is the string (character LOBs, CESU-8 decoded, §5.5) or the bytes. Written once:
/// Driver.Sync's GetValue / GetString / GetBytes and Driver.Async's GetFieldValueAsync run this same workflow.
/// </summary>
internal sealed class WholeLobRead : Workflow<object>
{
    private readonly LobReaderCore _lob;
    private byte[] _bytes;
    private int _length;

    public WholeLobRead(LobReaderCore lob)
        : base(lob.Timeout)
    {
        _lob = lob;
        // sized by what has arrived plus one chunk, never by the length the descriptor claims: a wire value must not
        // size an allocation (a descriptor saying 1 GB would otherwise allocate 1 GB before a byte of it came)
        _bytes = new byte[(int)Math.Max(0, Math.Min(lob.ByteLength, lob.Available + (long)LobReaderCore.ChunkBytes))];
    }

    /// <summary>Takes the bytes that have arrived; true when they were the whole value (the result is then set).</summary>
    public bool TakeArrived()
    {
        while (_lob.Available > 0)
        {
            if (_length == _bytes.Length)
            {
                Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, 1024));
            }
            _length += _lob.Take(_bytes.AsSpan(_length));
        }
        if (!_lob.IsFinished)
        {
            return false;
        }
        if (_length != _bytes.Length)
        {
            Array.Resize(ref _bytes, _length);
        }
        Result = HanaTypeInfo.IsCharacterLob(_lob.Type) ? Cesu8.Decode(_bytes) : _bytes;
        return true;
    }

    public override IEnumerable<Step> Steps(ConnectionCore connection)
    {
        while (!TakeArrived())
        {
            yield return Step.Send(_lob.BuildReadLob(connection));
            _lob.ApplyReadLobReply(Reply);
        }
    }
}
