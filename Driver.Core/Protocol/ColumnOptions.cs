namespace Driver.Core.Protocol;

/// <summary>Column / parameter option bits (docs/protocol.md §6.21, §6.22).</summary>
[Flags]
internal enum ColumnOptions : byte
{
    None = 0,
    Mandatory = 0x01,
    Optional = 0x02,
    HasDefault = 0x04,
    EscapeChar = 0x08,
    ReadOnly = 0x10,
    AutoIncrement = 0x20,
    ArrayType = 0x40,
}
