namespace Driver.TestServer.Engine;

/// <summary>One failed parameter row of a batch execution: its 0-based index and HANA's error for it.</summary>
public sealed record EngineRowError(int Row, EngineException Error);
