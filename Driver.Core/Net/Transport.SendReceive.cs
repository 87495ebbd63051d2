using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Driver.Core.Protocol;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif
#if ASYNC
using System.Buffers;
#endif

namespace Driver.Core.Net;

// Sending and receiving whole messages: each length read from a header is bounded before anything is allocated,
// and a receive buffer grows with the bytes that arrive.
internal sealed partial class Transport
{
#if SYNC
    public void SendSync(byte[] buffer, int count)
    {
        var stream = ActiveStream();
        try
        {
            ApplyDeadline();
            stream.Write(buffer, 0, count);
            stream.Flush();
            BytesSent += count;
        }
        catch (Exception exception) when (IsIoFailure(exception))
        {
            throw Break("Sending to the server failed", exception);
        }
    }

    /// <summary>Receives one whole message (header + varPartLength bytes) into <paramref name="target"/>.</summary>
    public void ReceiveSync(MessageBuffer target)
    {
        ActiveStream();
        try
        {
            target.EnsureCapacity(MessageHeader.Size, 0);
            ReadExactlySync(target.Buffer, 0, MessageHeader.Size);
            var total = MessageTotalLength(target.Buffer);
            var received = MessageHeader.Size;
            while (received < total)
            {
                // grow with what arrives, not with what the header claims
                target.EnsureCapacity(NextCapacity(target.Buffer.Length, received, total), received);
                ApplyDeadline();
                var read = _stream!.Read(target.Buffer, received, Math.Min(total, target.Buffer.Length) - received);
                if (read <= 0)
                {
                    throw new EndOfStreamException($"The server closed the connection after {received} of {total} bytes of a message.");
                }
                received += read;
            }
            target.Length = total;
            BytesReceived += total;
        }
        catch (Exception exception) when (IsIoFailure(exception))
        {
            throw Break("Receiving from the server failed", exception);
        }
    }

    /// <summary>
    /// Waits until reply bytes can be read, at most <paramref name="timeout"/>; false when none came. Lets the sync
    /// flavor notice an expired Command Timeout before reading anything, so the connection stays in step.
    /// </summary>
    public bool WaitForDataSync(TimeSpan timeout)
    {
        ActiveStream();
        try
        {
            var microseconds = (long)Math.Min(int.MaxValue, Math.Max(0, timeout.TotalMilliseconds * 1000));
            return _socket!.Poll((int)microseconds, SelectMode.SelectRead);
        }
        catch (Exception exception) when (IsIoFailure(exception))
        {
            throw Break("Waiting for the server failed", exception);
        }
    }

    private void ReadExactlySync(byte[] buffer, int offset, int count)
    {
        while (count > 0)
        {
            ApplyDeadline();
            var read = _stream!.Read(buffer, offset, count);
            if (read <= 0)
            {
                throw new EndOfStreamException("The server closed the connection.");
            }
            offset += read;
            count -= read;
        }
    }
#endif

#if ASYNC
#if NET6_0_OR_GREATER
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
#endif
    public async ValueTask SendAsync(byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var stream = ActiveStream();
        try
        {
            await WriteAsync(stream, buffer, count, cancellationToken).ConfigureAwait(false);
            BytesSent += count;
        }
        catch (Exception exception) when (IsIoFailure(exception) || exception is OperationCanceledException)
        {
            // a partly written message leaves the stream out of step: the connection is done
            throw Break("Sending to the server failed", exception);
        }
    }

#if NET6_0_OR_GREATER
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
#endif
    private static async ValueTask WriteAsync(Stream stream, byte[] buffer, int count, CancellationToken cancellationToken)
    {
#if NET5_0_OR_GREATER
        await stream.WriteAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
#else
        await stream.WriteAsync(buffer, 0, count, cancellationToken).ConfigureAwait(false);
#endif
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Receives one whole message into <paramref name="target"/> through the connection's PipeReader. A cancelled
    /// token leaves the pipe consistent (nothing is consumed until the whole message is there), so the caller may
    /// receive again to drain the reply; any other failure breaks the transport.
    /// </summary>
#if NET6_0_OR_GREATER
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
#endif
    public async ValueTask ReceiveAsync(MessageBuffer target, CancellationToken cancellationToken)
    {
        ActiveStream();
        try
        {
            if (_directTarget is null)
            {
                await ReadSequenceAsync(MessageHeader.Size, target, cancellationToken).ConfigureAwait(false);
            }
            if (_directTarget is not null)
            {
                await ReadDirectAsync(target, cancellationToken).ConfigureAwait(false);
            }
            target.Length = MessageTotalLength(target.Buffer);
            BytesReceived += target.Length;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !IsBroken)
        {
            throw;
        }
        catch (Exception exception) when (IsIoFailure(exception) || exception is OperationCanceledException)
        {
            throw Break("Receiving from the server failed", exception);
        }
    }

    /// <summary>
    /// Waits until the pipe holds <paramref name="headerSize"/> bytes; with a target, reads the message length
    /// from the header and waits for the whole message, then copies it into the target's contiguous buffer.
    /// </summary>
#if NET6_0_OR_GREATER
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
#endif
    private async ValueTask ReadSequenceAsync(int headerSize, MessageBuffer? target, CancellationToken cancellationToken)
    {
        var reader = _reader!;
        var total = headerSize;
        var knowsTotal = target is null;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (!knowsTotal && buffer.Length >= headerSize)
            {
                target!.EnsureCapacity(headerSize, 0);
                buffer.Slice(0, headerSize).CopyTo(target.Buffer);
                total = MessageTotalLength(target.Buffer);
                knowsTotal = true;
            }
            if (knowsTotal && target is not null && total - buffer.Length > DirectReadThreshold)
            {
                // a large message (a LOB chunk, a big page): what the pipe holds is copied, the rest is read straight
                // into the target rather than through the pipe's 64 KiB segments and a second copy
                target.EnsureCapacity(NextCapacity(target.Buffer.Length, (int)buffer.Length, total), 0);
                buffer.CopyTo(target.Buffer);
                _directTarget = target;
                _directReceived = (int)buffer.Length;
                _directTotal = total;
                reader.AdvanceTo(buffer.End);
                _pipeHoldsUnread = false;
                return;
            }
            if (knowsTotal && buffer.Length >= total)
            {
                if (target is not null)
                {
                    target.EnsureCapacity(total, 0);
                    buffer.Slice(0, total).CopyTo(target.Buffer);
                }
                reader.AdvanceTo(buffer.GetPosition(total));
                // the pipe reads the stream only when asked (ReadAsync): what it holds now is all it will hold until
                // the next receive, so the check before each request (IsIdleSocketDead) asks this, not the pipe
                _pipeHoldsUnread = buffer.Length > total || result.IsCompleted;
                return;
            }
            if (result.IsCompleted)
            {
                throw new EndOfStreamException($"The server closed the connection after {buffer.Length} of {total} bytes.");
            }
            // nothing consumed, everything examined: wake up when more arrives
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
#endif

#if ASYNC
    /// <summary>
    /// Reads the rest of a large message straight from the stream into its target. The progress is kept on the
    /// transport, so a cancelled read is resumed by the next receive (the drain after a cancel, as through the pipe);
    /// the pipe holds nothing meanwhile (everything it had was consumed when the direct read began).
    /// </summary>
#if NET6_0_OR_GREATER
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
#endif
    private async ValueTask ReadDirectAsync(MessageBuffer target, CancellationToken cancellationToken)
    {
        if (!ReferenceEquals(target, _directTarget))
        {
            throw Break("Receiving from the server failed",
                new InvalidOperationException("A message read straight into one buffer was resumed into another."));
        }
        var stream = _stream!;
        while (_directReceived < _directTotal)
        {
            target.EnsureCapacity(NextCapacity(target.Buffer.Length, _directReceived, _directTotal), _directReceived);
            var room = Math.Min(_directTotal, target.Buffer.Length) - _directReceived;
#if NET5_0_OR_GREATER
            var read = await stream.ReadAsync(target.Buffer.AsMemory(_directReceived, room), cancellationToken).ConfigureAwait(false);
#else
            var read = await stream.ReadAsync(target.Buffer, _directReceived, room, cancellationToken).ConfigureAwait(false);
#endif
            if (read <= 0)
            {
                throw new EndOfStreamException($"The server closed the connection after {_directReceived} of {_directTotal} bytes of a message.");
            }
            _directReceived += read;
        }
        _directTarget = null;
    }
#endif

    private static int NextCapacity(int current, int received, int total) =>
        (int)Math.Min(total, Math.Max((long)current * 2, received + 65536L));

    private int MessageTotalLength(byte[] headerBytes)
    {
        var header = MessageHeader.Read(headerBytes.AsSpan(0, MessageHeader.Size));
        // bounded before anything is allocated for the body
        if (header.VarPartLength > (uint)(_options.MaxMessageSize - MessageHeader.Size))
        {
            throw Break($"The server announced a message of {header.VarPartLength} bytes, more than the limit of {_options.MaxMessageSize}",
                new HanaProtocolException($"Message length {header.VarPartLength} exceeds the maximum of {_options.MaxMessageSize} bytes."));
        }
        return MessageHeader.Size + (int)header.VarPartLength;
    }
}
