namespace Driver.TestServer.Engine;

/// <summary>One item of a top-level select list: a plain column reference (Column set), a star, or an expression.</summary>
internal sealed record SelectItem(string? Qualifier, string? Column, bool IsStar);
