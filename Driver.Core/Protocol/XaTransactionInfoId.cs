namespace Driver.Core.Protocol;

/// <summary>XATRANSACTIONINFO option ids (docs/protocol.md §6.31).</summary>
internal enum XaTransactionInfoId : sbyte
{
    Flags = 1,
    ReturnCode = 2,
    OnePhase = 3,
    NumberOfXid = 4,
    XidList = 5,
}
