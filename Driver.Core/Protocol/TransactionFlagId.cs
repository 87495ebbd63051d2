namespace Driver.Core.Protocol;

/// <summary>TRANSACTIONFLAGS option ids (docs/protocol.md §6.5).</summary>
internal enum TransactionFlagId : sbyte
{
    RolledBack = 0,
    Committed = 1,
    NewIsolationLevel = 2,
    DdlCommitModeChanged = 3,
    WriteTransactionStarted = 4,
    NoWriteTransactionStarted = 5,
    SessionClosingTransactionError = 6,
    ReadOnlyMode = 7,
}
