namespace Driver.Core.Protocol;

/// <summary>LOB option bits in descriptors, READLOBREPLY and WRITELOBREQUEST (docs/protocol.md §6.27, §6.28, §7.3.9).</summary>
[Flags]
internal enum LobOptions : byte
{
    None = 0,
    Null = 0x01,
    DataIncluded = 0x02,
    LastData = 0x04,
}
