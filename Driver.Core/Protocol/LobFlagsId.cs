namespace Driver.Core.Protocol;

/// <summary>LOBFLAGS option ids (protocol sheet §6.13).</summary>
internal enum LobFlagsId : sbyte
{
    ImplicitStreaming = 0,
}
