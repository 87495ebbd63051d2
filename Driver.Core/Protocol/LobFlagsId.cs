namespace Driver.Core.Protocol;

/// <summary>LOBFLAGS option ids (docs/protocol.md §6.13).</summary>
internal enum LobFlagsId : sbyte
{
    ImplicitStreaming = 0,
}
