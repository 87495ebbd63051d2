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

    /// <summary>Driver.Sync blocks for the next chunk (READLOB through the pump); Driver.Async refuses: await ReadAsync.</summary>
    public override int Read(byte[] buffer, int offset, int count)
    {
        AsyncOnly.Refuse("Stream.Read on a LOB", "ReadAsync");
        CheckArguments(buffer, offset, count);
        while (count > 0 && _lob.NeedsFetch)
        {
            _lob.Connection.Run(_lob.Fill);
        }
        return Taken(_lob.Take(buffer.AsSpan(offset, count)));
    }

#if ASYNC
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        CheckArguments(buffer, offset, count);
        return FillAndTakeAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

#if NET
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => FillAndTakeAsync(buffer, cancellationToken);
#endif

    private async ValueTask<int> FillAndTakeAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty && _lob.NeedsFetch)
        {
            await _lob.Connection.RunAsync(_lob.Fill, cancellationToken).ConfigureAwait(false);
        }
        return Taken(_lob.Take(buffer.Span));
    }
#endif
}
