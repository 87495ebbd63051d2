namespace Driver.Core.Protocol;

/// <summary>Value types usable in option parts (docs/protocol.md §5.1).</summary>
internal enum OptionValueType : byte
{
    TinyInt = 1,
    SmallInt = 2,
    Int = 3,
    BigInt = 4,
    Double = 7,
    Boolean = 28,
    String = 29,
    NString = 30,
    BString = 33,
}
