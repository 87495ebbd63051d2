namespace Driver.TestServer.Engine;

/// <summary>A table named in a query's FROM clause (used to find the declared types of result columns).</summary>
internal sealed record TableReference(string? Schema, string Name, string? Alias);
