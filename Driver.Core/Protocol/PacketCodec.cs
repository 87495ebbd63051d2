using Driver.Core.Net;

namespace Driver.Core.Protocol;

// TEMPORARY STUB until LZ4 lands from the auth branch.
internal static class PacketCodec
{
    public static bool TryCompress(PacketWriter plainMessage, PacketWriter destination) => false;

    public static void Decompress(ReadOnlySpan<byte> block, Span<byte> destination) =>
        throw new HanaProtocolException("compression is not implemented yet");

    public static void Inflate(ReadOnlySpan<byte> message, MessageBuffer target, int maxMessageSize) =>
        throw new HanaProtocolException("compression is not implemented yet");
}
