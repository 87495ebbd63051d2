namespace Driver.Core.Protocol;

/// <summary>CLIENTCONTEXT option ids (docs/protocol.md §6.6).</summary>
internal enum ClientContextId : sbyte
{
    ClientVersion = 1,
    ClientType = 2,
    ClientApplicationProgram = 3,
}
