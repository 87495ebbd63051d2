namespace Driver.Core.Protocol;

/// <summary>The initialization handshake before any message (docs/protocol.md §2).</summary>
internal static class Hello
{
    public const int RequestSize = 14;
    public const int ReplySize = 8;

    /// <summary>§2.1 / §15.1: product 4.20, protocol 4.1, one option: swap kind 1 = little-endian.</summary>
    public static ReadOnlySpan<byte> ClientRequest => [0xFF, 0xFF, 0xFF, 0xFF, 0x04, 0x14, 0x00, 0x04, 0x01, 0x00, 0x00, 0x01, 0x01, 0x01];
}
