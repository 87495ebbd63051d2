namespace Driver.Core.Protocol;

/// <summary>CLIENTCONTEXT option ids (protocol sheet §6.6).</summary>
internal enum ClientContextId : sbyte
{
    ClientVersion = 1,
    ClientType = 2,
    ClientApplicationProgram = 3,
}
