using Driver.Core.Protocol;
using System.Buffers.Binary;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Types;

/// <summary>REAL_VECTOR payload (docs/protocol.md §7.3.10, §7.4): I4 LE element count, then that many F4 LE.</summary>
internal static class RealVectorCodec
{
    public static int GetByteCount(int elementCount) => checked(4 + 4 * elementCount);

    public static float[] Decode(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 4)
        {
            throw new HanaProtocolException($"Truncated REAL_VECTOR: {payload.Length} bytes, at least 4 needed.");
        }
        var count = BinaryPrimitives.ReadInt32LittleEndian(payload);
        if (count < 0 || (long)count * 4 + 4 != payload.Length)
        {
            throw new HanaProtocolException($"REAL_VECTOR of {payload.Length} bytes cannot hold {count} elements.");
        }
        var result = new float[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = BitConversion.Int32BitsToSingle(BinaryPrimitives.ReadInt32LittleEndian(payload.Slice(4 + 4 * i)));
        }
        return result;
    }

    public static void Encode(ReadOnlySpan<float> values, Span<byte> destination)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(4 + 4 * i), BitConversion.SingleToInt32Bits(values[i]));
        }
    }
}
