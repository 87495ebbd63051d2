namespace Driver.Tests.Reliability;

/// <summary>The bytes the proxy sends instead of a reply, and what it does next.</summary>
public sealed record MutatedReply(byte[] Bytes, bool SendTwice, ReplyEnding Ending, bool Changed, string Description);
