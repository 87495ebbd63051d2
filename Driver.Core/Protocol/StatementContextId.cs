namespace Driver.Core.Protocol;

/// <summary>STATEMENTCONTEXT option ids (docs/protocol.md §6.9).</summary>
internal enum StatementContextId : sbyte
{
    StatementSequenceInfo = 1,
    ServerProcessingTime = 2,
    SchemaName = 3,
    FlagSet = 4,
    QueryTimeout = 5,
    ClientReconnectionWaitTimeout = 6,
    ServerCpuTime = 7,
    ServerMemoryUsage = 8,
}
