using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Driver.Core.Protocol;

/// <summary>
/// A growable little-endian byte buffer rented from <see cref="ArrayPool{T}"/> and reused per connection.
/// Request building and reply building write into it; header fields are patched in place once lengths are known.
/// </summary>
internal sealed class PacketWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _length;

    public PacketWriter(int initialCapacity = 4096)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 64));
    }

    public int Length => _length;
    public byte[] Buffer => _buffer;
    public int Capacity => _buffer.Length;
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public void Reset() => _length = 0;

    /// <summary>Drops an oversized buffer so one huge request does not pin memory for the connection's life.</summary>
    public void Trim(int maxRetained)
    {
        if (_buffer.Length > maxRetained && _length == 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(4096);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int count)
    {
        if (_buffer.Length - _length < count)
        {
            Grow(count);
        }
    }

    /// <summary>
    /// Makes room for <paramref name="count"/> more bytes at once: a writer that knows roughly how much follows (a
    /// batch of rows shaped like its first) grows once instead of doubling and copying its way there.
    /// </summary>
    public void EnsureCapacity(int count) => Ensure(count);

    private void Grow(int count)
    {
        var needed = checked(_length + count);
        var size = Math.Max(needed, _buffer.Length <= 0x3FFFFFFF ? _buffer.Length * 2 : int.MaxValue);
        var next = ArrayPool<byte>.Shared.Rent(size);
        System.Buffer.BlockCopy(_buffer, 0, next, 0, _length);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }

    public void Advance(int count)
    {
        if (count < 0 || _length + count > _buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }
        _length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 1));
        return _buffer.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 1));
        return _buffer.AsSpan(_length);
    }

    /// <summary>Reserves <paramref name="count"/> zero bytes and returns their offset, for fields patched later.</summary>
    public int Reserve(int count)
    {
        Ensure(count);
        var offset = _length;
        _buffer.AsSpan(offset, count).Clear();
        _length += count;
        return offset;
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    public void WriteSByte(sbyte value) => WriteByte(unchecked((byte)value));

    public void WriteInt16(short value)
    {
        Ensure(2);
        BinaryPrimitives.WriteInt16LittleEndian(_buffer.AsSpan(_length), value);
        _length += 2;
    }

    public void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_length), value);
        _length += 2;
    }

    public void WriteInt32(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void WriteInt32BigEndian(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void WriteInt64(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    public void WriteSingle(float value) => WriteInt32(BitConversion.SingleToInt32Bits(value));
    public void WriteDouble(double value) => WriteInt64(BitConverter.DoubleToInt64Bits(value));

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void WriteZeros(int count)
    {
        if (count <= 0)
        {
            return;
        }
        Ensure(count);
        _buffer.AsSpan(_length, count).Clear();
        _length += count;
    }

    /// <summary>Writes a §5.3 length indicator for a non-null value of <paramref name="length"/> bytes.</summary>
    public void WriteLengthIndicator(int length)
    {
        if (length < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length));
        }
        if (length <= 245)
        {
            WriteByte((byte)length);
        }
        else if (length <= short.MaxValue)
        {
            WriteByte(246);
            WriteInt16((short)length);
        }
        else
        {
            WriteByte(247);
            WriteInt32(length);
        }
    }

    public void PatchInt16(int offset, short value) => BinaryPrimitives.WriteInt16LittleEndian(_buffer.AsSpan(offset), value);
    public void PatchInt32(int offset, int value) => BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(offset), value);
    public void PatchInt64(int offset, long value) => BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(offset), value);
    public void PatchByte(int offset, byte value) => _buffer[offset] = value;

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
