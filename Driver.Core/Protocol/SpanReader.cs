using System.Buffers.Binary;
using System.Runtime.CompilerServices;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Protocol;

/// <summary>
/// A bounds-checked little-endian cursor over received bytes. Every read that would pass the end throws
/// <see cref="HanaProtocolException"/>, so a truncated or lying message can never read outside what arrived.
/// </summary>
internal ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public SpanReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Position => _position;
    public readonly int Length => _data.Length;
    public readonly int Remaining => _data.Length - _position;
    public readonly bool AtEnd => _position >= _data.Length;
    public readonly ReadOnlySpan<byte> RemainingSpan => _data.Slice(_position);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int count)
    {
        if ((uint)count > (uint)(_data.Length - _position))
        {
            ThrowTruncated(count);
        }
        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    public readonly void Require(int count)
    {
        if ((uint)count > (uint)(_data.Length - _position))
        {
            ThrowTruncated(count);
        }
    }

    private readonly void ThrowTruncated(int count) =>
        throw new HanaProtocolException($"Truncated data: {count} bytes needed at offset {_position}, {_data.Length - _position} left.");

    public byte ReadByte() => Take(1)[0];
    public sbyte ReadSByte() => unchecked((sbyte)Take(1)[0]);
    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));
    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
    public ushort ReadUInt16BigEndian() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
    public int ReadInt32BigEndian() => BinaryPrimitives.ReadInt32BigEndian(Take(4));
    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));
    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
    public float ReadSingle() => BitConversion.Int32BitsToSingle(ReadInt32());
    public double ReadDouble() => BitConverter.Int64BitsToDouble(ReadInt64());
    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    public void Skip(int count) => Take(count);

    /// <summary>Reads a §5.3 length indicator. Returns -1 for NULL (0xFF).</summary>
    public int ReadLengthIndicator()
    {
        var first = ReadByte();
        switch (first)
        {
            case <= 245:
                return first;
            case 246:
                // unsigned, to tolerate writers that use the 2-byte form up to 65535 (§5.3)
                return ReadUInt16();
            case 247:
                var length = ReadInt32();
                if (length < 0)
                {
                    throw new HanaProtocolException($"Negative length {length} in a length indicator.");
                }
                return length;
            case 255:
                return -1;
            default:
                throw new HanaProtocolException($"Invalid length indicator byte 0x{first:X2}.");
        }
    }
}
