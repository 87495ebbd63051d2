using System.Buffers;

namespace Driver.Core.Net;

/// <summary>
/// A pooled, reusable buffer that holds one whole received message. It grows only as bytes actually arrive,
/// so a header that announces an absurd length cannot make the driver allocate it up front.
/// </summary>
internal sealed class MessageBuffer : IDisposable
{
    private byte[] _buffer;

    public MessageBuffer(int initialCapacity = 16384)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public byte[] Buffer => _buffer;
    public int Length { get; set; }

    /// <summary>Makes room for <paramref name="capacity"/> bytes, keeping the first <paramref name="keep"/>.</summary>
    public void EnsureCapacity(int capacity, int keep)
    {
        if (_buffer.Length >= capacity)
        {
            return;
        }
        var next = ArrayPool<byte>.Shared.Rent(capacity);
        System.Buffer.BlockCopy(_buffer, 0, next, 0, keep);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }

    /// <summary>Gives an oversized buffer back to the pool once it is not needed (see MySqlConnector #1587).</summary>
    public void Trim(int maxRetained)
    {
        if (_buffer.Length > maxRetained)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(16384);
            Length = 0;
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        Length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
