namespace Driver.Core.Protocol;

/// <summary>SESSIONCONTEXT option ids (docs/protocol.md §6.10).</summary>
internal enum SessionContextId : sbyte
{
    PrimaryConnectionId = 1,
    PrimaryHostName = 2,
    PrimaryHostPortNumber = 3,
    MasterConnectionId = 4,
    MasterHostName = 5,
    MasterHostPortNumber = 6,
}
