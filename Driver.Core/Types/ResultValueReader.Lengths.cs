using Driver.Core.Protocol;
using System.Buffers.Binary;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Types;

// Indexing a row: how many bytes each value occupies, checked against the bytes left before anything is read
// (§5.3 length indicators, §7.3.9 LOB descriptors).
internal static partial class ResultValueReader
{
    /// <summary>Bytes the value at the start of <paramref name="data"/> occupies.</summary>
    public static int GetLength(HanaTypeCode type, ReadOnlySpan<byte> data)
    {
        switch (type)
        {
            case HanaTypeCode.TinyInt:
                return Indicated(data, 1);
            case HanaTypeCode.SmallInt:
                return Indicated(data, 2);
            case HanaTypeCode.Int:
                return Indicated(data, 4);
            case HanaTypeCode.BigInt:
            case HanaTypeCode.Fixed8:
                return Indicated(data, 8);
            case HanaTypeCode.Fixed12:
                return Indicated(data, 12);
            case HanaTypeCode.Fixed16:
                return Indicated(data, 16);
            case HanaTypeCode.Boolean:
                return Exactly(data, 1);
            case HanaTypeCode.Real:
            case HanaTypeCode.Date:
            case HanaTypeCode.Time:
            case HanaTypeCode.DayDate:
            case HanaTypeCode.SecondTime:
                return Exactly(data, 4);
            case HanaTypeCode.Double:
            case HanaTypeCode.Timestamp:
            case HanaTypeCode.SecondDate:
            case HanaTypeCode.LongDate:
                return Exactly(data, 8);
            case HanaTypeCode.Decimal:
                return Exactly(data, Decimal128.Size);
            case HanaTypeCode.AlphaNum:
            case HanaTypeCode.RealVector:
                return LengthIndicated(data, out _);
            default:
                if (HanaTypeInfo.IsCharacterString(type) || HanaTypeInfo.IsBinaryString(type))
                {
                    return LengthIndicated(data, out _);
                }
                if (HanaTypeInfo.IsLob(type))
                {
                    return LobLength(data);
                }
                throw new HanaProtocolException($"Unsupported type code {(int)type} ({type}) in a result row.");
        }
    }

    /// <summary>
    /// The length rule of a type whose values need no length read from the bytes, for indexing a page once per column
    /// instead of once per value: n &gt; 0, exactly n bytes; n &lt; 0, a NULL indicator byte (0: NULL, the value ends
    /// there) then -n bytes; <see cref="LengthIndicatedShape"/>, a §5.3 length indicator; 0, read each value's length
    /// with <see cref="GetLength"/>. The same table as GetLength's.
    /// </summary>
    public static int FixedShape(HanaTypeCode type) => type switch
    {
        HanaTypeCode.AlphaNum or HanaTypeCode.RealVector => LengthIndicatedShape,
        _ when HanaTypeInfo.IsCharacterString(type) || HanaTypeInfo.IsBinaryString(type) => LengthIndicatedShape,
        HanaTypeCode.TinyInt => -1,
        HanaTypeCode.SmallInt => -2,
        HanaTypeCode.Int => -4,
        HanaTypeCode.BigInt or HanaTypeCode.Fixed8 => -8,
        HanaTypeCode.Fixed12 => -12,
        HanaTypeCode.Fixed16 => -16,
        HanaTypeCode.Boolean => 1,
        HanaTypeCode.Real or HanaTypeCode.Date or HanaTypeCode.Time or HanaTypeCode.DayDate or HanaTypeCode.SecondTime => 4,
        HanaTypeCode.Double or HanaTypeCode.Timestamp or HanaTypeCode.SecondDate or HanaTypeCode.LongDate => 8,
        HanaTypeCode.Decimal => Decimal128.Size,
        _ => 0,
    };

    /// <summary>The <see cref="FixedShape"/> of the types whose values start with a §5.3 length indicator.</summary>
    public const int LengthIndicatedShape = int.MinValue;

    /// <summary>The exception of a value that runs past the bytes left (the one <see cref="GetLength"/> throws).</summary>
    public static HanaProtocolException Truncated(long size, int left) => new($"Truncated value: {size} bytes needed, {left} left.");

    private static int Indicated(ReadOnlySpan<byte> data, int size)
    {
        Require(data, 1);
        if (data[0] == 0)
        {
            return 1;
        }
        Require(data, 1 + size);
        return 1 + size;
    }

    private static int Exactly(ReadOnlySpan<byte> data, int size)
    {
        Require(data, size);
        return size;
    }

    private static void Require(ReadOnlySpan<byte> data, long size)
    {
        if (data.Length < size)
        {
            throw Truncated(size, data.Length);
        }
    }

    /// <summary>Total length of a §5.3 length-indicated value; <paramref name="headerSize"/> = prefix bytes.</summary>
    private static int LengthIndicated(ReadOnlySpan<byte> data, out int headerSize)
    {
        Require(data, 1);
        long length;
        switch (data[0])
        {
            case <= 245:
                headerSize = 1;
                length = data[0];
                break;
            case 246:
                Require(data, 3);
                headerSize = 3;
                // unsigned, to tolerate writers that use the 2-byte form up to 65535 (§5.3)
                length = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(1));
                break;
            case 247:
                Require(data, 5);
                headerSize = 5;
                length = BinaryPrimitives.ReadInt32LittleEndian(data.Slice(1));
                if (length < 0)
                {
                    throw new HanaProtocolException($"Negative length {length} in a length indicator.");
                }
                break;
            case 255:
                headerSize = 1;
                return 1;
            default:
                throw new HanaProtocolException($"Invalid length indicator byte 0x{data[0]:X2}.");
        }
        Require(data, headerSize + length);
        return (int)(headerSize + length);
    }

    private static int LobLength(ReadOnlySpan<byte> data)
    {
        Require(data, LobDescriptor.NullSize);
        if ((data[1] & (byte)LobOptions.Null) != 0)
        {
            return LobDescriptor.NullSize;
        }
        Require(data, LobDescriptor.HeaderSize);
        var chunkLength = BinaryPrimitives.ReadInt32LittleEndian(data.Slice(28));
        if (chunkLength < 0)
        {
            throw new HanaProtocolException($"Negative LOB chunk length {chunkLength}.");
        }
        Require(data, (long)LobDescriptor.HeaderSize + chunkLength);
        return LobDescriptor.HeaderSize + chunkLength;
    }
}
