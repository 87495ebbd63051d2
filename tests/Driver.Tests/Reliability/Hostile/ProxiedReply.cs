namespace Driver.Tests.Reliability;

/// <summary>One reply that passed the proxy: its index in the proxy's order, the request it answers, its size.</summary>
public sealed record ProxiedReply(int Index, int Connection, byte RequestType, int Length, bool Compressed);
