namespace Driver.TestServer.Engine;

/// <summary>A table column as declared in HANA DDL.</summary>
internal sealed record DeclaredColumn(string Name, DeclaredType Type, bool Nullable);
