using System.Buffers.Binary;

namespace Driver.Core.Protocol.Parts;

/// <summary>READLOBREQUEST (§6.26), READLOBREPLY (§6.27), WRITELOBREQUEST (§6.28) and WRITELOBREPLY (§6.29).</summary>
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

    /// <summary>Reads a READLOBREQUEST: locator, 1-based offset, length in bytes or characters.</summary>
    public static (long LocatorId, long Offset, int Length) ReadReadLobRequest(ReadOnlySpan<byte> buffer)
    {
        var reader = new SpanReader(buffer);
        var locator = reader.ReadInt64();
        var offset = reader.ReadInt64();
        var length = reader.ReadInt32();
        if (offset < 1 || length < 0)
        {
            throw new HanaProtocolException($"Invalid READLOBREQUEST offset {offset} / length {length}.");
        }
        return (locator, offset, length);
    }

    public static void WriteReadLobReply(PacketWriter writer, long locatorId, LobOptions options, ReadOnlySpan<byte> chunk)
    {
        writer.WriteInt64(locatorId);
        writer.WriteByte((byte)options);
        writer.WriteInt32(chunk.Length);
        writer.WriteZeros(3);
        writer.WriteBytes(chunk);
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

    public static List<WriteLobChunk> ReadWriteLobRequest(ReadOnlySpan<byte> buffer, int count)
    {
        if (count > buffer.Length / WriteLobChunkHeaderSize)
        {
            throw new HanaProtocolException($"WRITELOBREQUEST announces {count} chunks in {buffer.Length} bytes.");
        }
        var reader = new SpanReader(buffer);
        var chunks = new List<WriteLobChunk>(count);
        for (var i = 0; i < count; i++)
        {
            var locator = reader.ReadInt64();
            var options = (LobOptions)reader.ReadByte();
            var offset = reader.ReadInt64();
            var length = reader.ReadInt32();
            if (length < 0)
            {
                throw new HanaProtocolException($"Negative WRITELOBREQUEST chunk length {length}.");
            }
            var dataOffset = reader.Position;
            reader.Skip(length);
            chunks.Add(new WriteLobChunk(locator, options, offset, dataOffset, length));
        }
        return chunks;
    }

    public static void WriteWriteLobReply(PacketWriter writer, ReadOnlySpan<long> locatorIds)
    {
        foreach (var id in locatorIds)
        {
            writer.WriteInt64(id);
        }
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
