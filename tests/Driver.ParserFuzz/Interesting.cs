namespace Driver.ParserFuzz;

/// <summary>Values that sit on the edges of the protocol's fields (AFL's list plus HANA's length-indicator bytes).</summary>
internal static class Interesting
{
    public static readonly byte[] Bytes = [0, 1, 2, 0x7F, 0x80, 0xFF, 245, 246, 247, 248, 254, 0x70, 0x10, 0x06, 0x04, 0x02];

    public static readonly short[] Shorts = [0, 1, -1, 2, 0x7F, 0x80, 0xFF, 0x100, 245, 246, 32767, -32768, 32766, 255, 1000, 38, 32767 - 1];

    public static readonly int[] Ints =
    [
        0, 1, -1, 2, 3, 4, 7, 8, 15, 16, 24, 31, 32, 56, 0x7F, 0xFF, 0x100, 0xFFFF, 0x10000, 32767, 65535, 131072,
        int.MaxValue, int.MinValue, int.MaxValue - 7, 1 << 30, 1 << 20, -2, -3, 0x7FFFFFF0,
    ];

    /// <summary>Part kinds the decoders know, so a kind swap reaches another reader instead of the skip path.</summary>
    public static readonly byte[] PartKinds =
        [3, 5, 6, 10, 12, 13, 15, 17, 18, 27, 28, 29, 30, 32, 33, 34, 39, 41, 42, 43, 44, 45, 47, 48, 57, 64, 67, 68, 70, 82, 0, 255];

    /// <summary>Every type code the value readers implement, and a few they must refuse.</summary>
    public static readonly byte[] TypeCodes =
    [
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 25, 26, 27, 28, 29, 30, 33, 35, 36, 37, 38, 47, 51, 52, 53,
        55, 61, 62, 63, 64, 71, 72, 73, 74, 75, 76, 81, 82, 96, 0, 17, 45, 90, 127, 0x80, 0x83, 0x9C,
    ];

    /// <summary>Scales / fractions: none, the decimal limits, the floating-DECIMAL marker and beyond.</summary>
    public static readonly short[] Scales = [0, 1, 2, 7, 18, 28, 29, 37, 38, 39, 127, 32767, -1, -32768, 6176, 6177];
}
