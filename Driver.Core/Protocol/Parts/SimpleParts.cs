using System.Buffers.Binary;
using Driver.Core.Types;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Protocol.Parts;

/// <summary>
/// Parts with a fixed or trivial layout, the driver's side: COMMAND (§6.1), STATEMENTID / RESULTSETID (§6.2),
/// ROWSAFFECTED (§6.4), CLIENTID (§6.7). The server's side (FETCHSIZE, CLIENTINFO, …) is the test server's ServerParts.
/// </summary>
internal static class SimpleParts
{
    /// <summary>Statement and result-set ids are 8 opaque bytes that clients echo back (§6.2).</summary>
    public static long ReadId(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < 8)
        {
            throw new HanaProtocolException($"An id part needs 8 bytes, got {buffer.Length}.");
        }
        return BinaryPrimitives.ReadInt64LittleEndian(buffer);
    }

    public static void WriteId(PacketWriter writer, long id) => writer.WriteInt64(id);

    public static void WriteText(PacketWriter writer, string text)
    {
        var length = Cesu8.GetByteCount(text.AsSpan());
        Cesu8.Encode(text.AsSpan(), writer.GetSpan(length));
        writer.Advance(length);
    }

    /// <summary>§6.4: one I4 per executed row; -1 = to be determined, -2 = success count unknown, -3 = failed.</summary>
    public static int[] ReadRowsAffected(ReadOnlySpan<byte> buffer, int count)
    {
        if (count > buffer.Length / 4)
        {
            throw new HanaProtocolException($"ROWSAFFECTED announces {count} entries in {buffer.Length} bytes.");
        }
        var result = new int[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = BinaryPrimitives.ReadInt32LittleEndian(buffer.Slice(i * 4));
        }
        return result;
    }
}
