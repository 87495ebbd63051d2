namespace Driver.Core.Protocol;

/// <summary>XATRANSACTIONINFO option ids (protocol sheet §6.31).</summary>
internal enum XaTransactionInfoId : sbyte
{
    Flags = 1,
    ReturnCode = 2,
    OnePhase = 3,
    NumberOfXid = 4,
    XidList = 5,
}
