namespace Driver.Core.Protocol;

/// <summary>Bits of connect option 49 CompressionLevelAndFlags (docs/protocol.md §11.1).</summary>
[Flags]
internal enum CompressionFlags
{
    None = 0,
    Lz4Supported = 0x100,
    Lz4Enabled = 0x200,
    ForceLocal = 0x400,
}
