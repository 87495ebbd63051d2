using Driver.Core.Protocol;
using System.Buffers.Binary;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Types;

// LOB descriptors (§7.3.9) and REAL_VECTOR (§7.3.10).
internal static partial class ResultValueReader
{
    // ---- LOBs and vectors ----

    /// <summary>Parses a LOB descriptor (§7.3.9); a NULL LOB gives a descriptor with <see cref="LobDescriptor.IsNull"/>.</summary>
    public static LobDescriptor GetLobDescriptor(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        if (!HanaTypeInfo.IsLob(type))
        {
            throw Incompatible(type, "LOB");
        }
        var length = LobLength(value);
        var sourceType = (LobSourceType)value[0];
        var options = (LobOptions)value[1];
        if (length == LobDescriptor.NullSize)
        {
            return new LobDescriptor(sourceType, options, 0, 0, 0, LobDescriptor.NullSize, 0);
        }
        var charLength = BinaryPrimitives.ReadInt64LittleEndian(value.Slice(4));
        var byteLength = BinaryPrimitives.ReadInt64LittleEndian(value.Slice(12));
        var locator = BinaryPrimitives.ReadInt64LittleEndian(value.Slice(20));
        var chunkLength = BinaryPrimitives.ReadInt32LittleEndian(value.Slice(28));
        if (charLength < 0 || byteLength < 0 || chunkLength > byteLength)
        {
            throw new HanaProtocolException(
                $"Invalid LOB descriptor: char length {charLength}, byte length {byteLength}, chunk length {chunkLength}.");
        }
        return new LobDescriptor(sourceType, options, charLength, byteLength, locator, LobDescriptor.HeaderSize, chunkLength);
    }

    /// <summary>REAL_VECTOR (§7.3.10): I4 element count, then that many F4.</summary>
    public static float[] GetRealVector(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        if (type != HanaTypeCode.RealVector)
        {
            throw Incompatible(type, "Single[]");
        }
        return RealVectorCodec.Decode(Payload(type, value));
    }
}
