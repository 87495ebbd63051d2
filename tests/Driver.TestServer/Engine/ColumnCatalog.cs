namespace Driver.TestServer.Engine;

/// <summary>
/// Declared HANA column types per table, kept from the DDL the rewriter sees. DuckDB neither stores VARCHAR lengths
/// nor distinguishes CLOB from VARCHAR, so result metadata comes from here (TEST-SERVER-ENGINE.md checklist 4).
/// Shared by all sessions of one engine; DDL runs auto-committed, so entries follow committed DDL.
/// </summary>
internal sealed class ColumnCatalog
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Schema, string Table), IReadOnlyList<DeclaredColumn>> _tables = new();

    public void Apply(CatalogChange change, string currentSchema)
    {
        var key = (change.Schema ?? currentSchema, change.Table);
        lock (_gate)
        {
            switch (change.Kind)
            {
                case CatalogChangeKind.CreateTable:
                    _tables[key] = change.Columns;
                    break;
                case CatalogChangeKind.DropTable:
                    _tables.Remove(key);
                    break;
                case CatalogChangeKind.RenameTable when _tables.Remove(key, out var columns):
                    _tables[(key.Item1, change.NewName!)] = columns;
                    break;
                case CatalogChangeKind.AddColumn when _tables.TryGetValue(key, out var existing):
                    _tables[key] = existing.Concat(change.Columns).ToList();
                    break;
                case CatalogChangeKind.DropColumn when _tables.TryGetValue(key, out var existing):
                    _tables[key] = existing.Where(c => c.Name != change.ColumnName).ToList();
                    break;
            }
        }
    }

    /// <summary>Declared columns of a table; an unqualified name is looked up in the current schema first.</summary>
    public IReadOnlyList<DeclaredColumn>? Find(string? schema, string table, string currentSchema, out string foundSchema)
    {
        lock (_gate)
        {
            foundSchema = schema ?? currentSchema;
            if (_tables.TryGetValue((foundSchema, table), out var columns))
            {
                return columns;
            }

            if (schema is null)
            {
                foreach (var ((s, t), c) in _tables)
                {
                    if (t == table)
                    {
                        foundSchema = s;
                        return c;
                    }
                }
            }

            return null;
        }
    }

    /// <summary>Every declared column with its schema and table, for SYS.TABLE_COLUMNS (CatalogViews).</summary>
    public IReadOnlyList<(string Schema, string Table, DeclaredColumn Column)> Snapshot()
    {
        lock (_gate)
        {
            return _tables.SelectMany(table => table.Value.Select(column => (table.Key.Schema, table.Key.Table, column))).ToList();
        }
    }

    public void DropSchema(string schema)
    {
        lock (_gate)
        {
            foreach (var key in _tables.Keys.Where(k => k.Schema == schema).ToList())
            {
                _tables.Remove(key);
            }
        }
    }
}
