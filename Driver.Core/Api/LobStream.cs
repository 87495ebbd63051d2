using Driver.Core.Session;

namespace Driver.Core.Api;

/// <summary>
/// A forward-only stream over one LOB value (§10.1): the inline chunk first, then READLOB per chunk, fetched only
/// when the caller reads past what arrived. Character LOBs give their CESU-8 bytes.
/// Driver.Sync reads block; Driver.Async supports only ReadAsync (Read throws <see cref="NotSupportedException"/>).
/// </summary>
internal sealed class LobStream : Stream
{
    private readonly LobReaderCore _lob;
    private long _position;

    public LobStream(LobReaderCore lob)
    {
        _lob = lob;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;

    /// <summary>The length in bytes the LOB descriptor announced.</summary>
    public override long Length => _lob.ByteLength;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("A LOB stream reads forward only.");
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A LOB stream reads forward only.");
    public override void SetLength(long value) => throw new NotSupportedException("A LOB stream is read-only.");
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A LOB stream is read-only.");

    private static void CheckArguments(byte[] buffer, int offset, int count)
    {
        if (buffer is null)
        {
            throw new ArgumentNullException(nameof(buffer));
        }
        if (offset < 0 || count < 0 || offset > buffer.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "offset and count must lie within the buffer.");
        }
    }

    private int Taken(int count)
    {
        _position += count;
        return count;
    }

#if SYNC
    public override int Read(byte[] buffer, int offset, int count)
    {
        CheckArguments(buffer, offset, count);
        if (count == 0)
        {
            return 0;
        }
        while (_lob.NeedsFetch)
        {
            _lob.FetchSync();
        }
        return Taken(_lob.Take(buffer.AsSpan(offset, count)));
    }
#endif

#if ASYNC
    public override int Read(byte[] buffer, int offset, int count) => throw AsyncOnly.Member("Stream.Read on a LOB", "ReadAsync");

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        CheckArguments(buffer, offset, count);
        if (count == 0)
        {
            return 0;
        }
        while (_lob.NeedsFetch)
        {
            await _lob.FetchAsync(cancellationToken).ConfigureAwait(false);
        }
        return Taken(_lob.Take(buffer.AsSpan(offset, count)));
    }

#if NET
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        while (_lob.NeedsFetch)
        {
            await _lob.FetchAsync(cancellationToken).ConfigureAwait(false);
        }
        return Taken(_lob.Take(buffer.Span));
    }
#endif
#endif
}
