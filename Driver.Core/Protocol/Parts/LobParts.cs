using System.Buffers.Binary;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Protocol.Parts;

/// <summary>
/// The driver's side of READLOBREQUEST (§6.26), READLOBREPLY (§6.27), WRITELOBREQUEST (§6.28) and WRITELOBREPLY
/// (§6.29): writes the requests, reads the replies. The server's side is the test server's ServerParts.
/// </summary>
internal static class LobParts
{
    public const int ReadLobRequestSize = 24;
    public const int ReadLobReplyHeaderSize = 16;
    public const int WriteLobChunkHeaderSize = 21;

    public static void WriteReadLobRequest(PacketWriter writer, long locatorId, long offset, int length)
    {
        writer.WriteInt64(locatorId);
        writer.WriteInt64(offset);
        writer.WriteInt32(length);
        writer.WriteInt32(0);
    }

    /// <summary>Reads a READLOBREPLY; the chunk lies at <c>ChunkOffset</c> (relative to the part buffer).</summary>
    public static (long LocatorId, LobOptions Options, int ChunkOffset, int ChunkLength) ReadReadLobReply(ReadOnlySpan<byte> buffer)
    {
        var reader = new SpanReader(buffer);
        var locator = reader.ReadInt64();
        var options = (LobOptions)reader.ReadByte();
        var length = reader.ReadInt32();
        reader.Skip(3);
        if (length < 0)
        {
            throw new HanaProtocolException($"Negative READLOBREPLY chunk length {length}.");
        }
        reader.Require(length);
        return (locator, options, reader.Position, length);
    }

    /// <summary>One chunk of a WRITELOBREQUEST; offset -1 (or 0) means append (§6.28).</summary>
    public static void WriteWriteLobChunk(PacketWriter writer, long locatorId, LobOptions options, long offset, ReadOnlySpan<byte> data)
    {
        writer.WriteInt64(locatorId);
        writer.WriteByte((byte)options);
        writer.WriteInt64(offset);
        writer.WriteInt32(data.Length);
        writer.WriteBytes(data);
    }

    public static long[] ReadWriteLobReply(ReadOnlySpan<byte> buffer, int count)
    {
        if (count > buffer.Length / 8)
        {
            throw new HanaProtocolException($"WRITELOBREPLY announces {count} locators in {buffer.Length} bytes.");
        }
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = BinaryPrimitives.ReadInt64LittleEndian(buffer.Slice(i * 8));
        }
        return ids;
    }
}
