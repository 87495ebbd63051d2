namespace Driver.TestServer.Engine;

/// <summary>The side-catalog effect of a DDL statement, applied once the statement succeeded.</summary>
internal sealed record CatalogChange(
    CatalogChangeKind Kind,
    string? Schema,
    string Table,
    IReadOnlyList<DeclaredColumn> Columns,
    string? NewName = null,
    string? ColumnName = null);
