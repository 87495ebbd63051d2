namespace Driver.TestServer.Engine;

// DDL: CREATE TABLE (HANA's table kinds and options dropped, column types mapped, declared types recorded for the
// metadata) and ALTER TABLE, each reported as a catalog change.
internal sealed partial class SqlRewriter
{
    // CREATE [GLOBAL|LOCAL] [TEMPORARY] [COLUMN|ROW|HISTORY COLUMN] TABLE name (defs) [table options]
    private CatalogChange? RewriteCreate(int first)
    {
        var i = first + 1;
        var temporary = false;
        while (At(i) is { } t && t.Kind == SqlTokenKind.Identifier)
        {
            switch (t.Upper)
            {
                case "GLOBAL" or "LOCAL" or "COLUMN" or "ROW" or "HISTORY" or "VIRTUAL":
                    t.Output = "";
                    i++;
                    continue;
                case "TEMPORARY":
                    t.Output = "TEMP";
                    temporary = true;
                    i++;
                    continue;
            }

            break;
        }

        if (IsWord(i, "SEQUENCE"))
        {
            // RESET BY <query> has no DuckDB counterpart: drop it
            for (var k = i + 1; k < _s.Count; k++)
            {
                if (_s[k].Is("RESET") && IsWord(k + 1, "BY"))
                {
                    Remove(k, LastIndex());
                    break;
                }
            }

            return null;
        }

        if (IsWord(i, "UNIQUE") || IsWord(i, "INDEX") || IsWord(i, "BTREE") || IsWord(i, "CPBTREE"))
        {
            for (var k = i; k < _s.Count && !_s[k].Is("ON"); k++)
            {
                if (_s[k].Upper is "BTREE" or "CPBTREE" or "INVERTED" or "HASH")
                {
                    _s[k].Output = "";
                }
            }

            return null;
        }

        if (!IsWord(i, "TABLE") || !ReadQualifiedName(i + 1, out var schema, out var name, out var nameEnd))
        {
            return null;
        }

        var open = nameEnd + 1;
        if (At(open)?.IsSymbol("(") != true || _match[open] < 0)
        {
            return null; // CREATE TABLE .. AS / LIKE: no declared types to remember
        }

        var close = _match[open];
        var columns = new List<DeclaredColumn>();
        var primaryKey = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (from, to) in SplitTopLevel(open + 1, close - 1))
        {
            var head = _s[from].Upper;
            if (_s[from].Kind == SqlTokenKind.Identifier && head is "PRIMARY" or "UNIQUE" or "CONSTRAINT" or "FOREIGN" or "CHECK")
            {
                if (head == "PRIMARY")
                {
                    for (var k = from; k <= to; k++)
                    {
                        if (IsName(_s[k]) && _depth[k] > _depth[from])
                        {
                            primaryKey.Add(NameOf(_s[k]));
                        }
                    }
                }

                continue;
            }

            var column = RewriteColumnDefinition(from, to);
            if (column is not null)
            {
                columns.Add(column);
            }
        }

        for (var c = 0; c < columns.Count; c++)
        {
            if (primaryKey.Contains(columns[c].Name))
            {
                columns[c] = columns[c] with { Nullable = false };
            }
        }

        // table options after the column list (UNLOAD PRIORITY, PARTITION BY, NO LOGGING ...) mean nothing here
        Remove(close + 1, LastIndex());
        if (temporary && name.StartsWith('#'))
        {
            schema = null;
        }

        return new CatalogChange(CatalogChangeKind.CreateTable, schema, name, columns);
    }

    /// <summary>"name TYPE [(..)] [options]": rewrites the type and reports the declared column.</summary>
    private DeclaredColumn? RewriteColumnDefinition(int from, int to)
    {
        if (!IsName(_s[from]) || !DeclaredType.TryParse(_s, from + 1, out var type, out var last) || last > to)
        {
            return null;
        }

        _s[from + 1].Output = type.DuckDbType;
        Remove(from + 2, last);
        var nullable = true;
        for (var k = last + 1; k <= to; k++)
        {
            if ((_s[k].Is("NOT") && IsWord(k + 1, "NULL")) || (_s[k].Is("PRIMARY") && IsWord(k + 1, "KEY")))
            {
                nullable = false;
            }
        }

        return new DeclaredColumn(NameOf(_s[from]), type, nullable);
    }

    /// <summary>Comma-separated ranges at the depth of <paramref name="from"/>.</summary>
    private IEnumerable<(int From, int To)> SplitTopLevel(int from, int to)
    {
        if (from > to)
        {
            yield break;
        }

        var depth = _depth[from];
        var start = from;
        for (var k = from; k <= to; k++)
        {
            if (_s[k].IsSymbol(",") && _depth[k] == depth)
            {
                if (k > start)
                {
                    yield return (start, k - 1);
                }

                start = k + 1;
            }
        }

        if (start <= to)
        {
            yield return (start, to);
        }
    }

    // ALTER TABLE t ADD (col type ...) | DROP (col) → DuckDB's ADD COLUMN / DROP COLUMN
    private CatalogChange? RewriteAlter(int first)
    {
        if (!ReadQualifiedName(first + 2, out var schema, out var name, out var end))
        {
            return null;
        }

        var verb = At(end + 1);
        var open = end + 2;
        if (verb is null || At(open)?.IsSymbol("(") != true || _match[open] < 0)
        {
            return null;
        }

        var close = _match[open];
        var parts = SplitTopLevel(open + 1, close - 1).ToList();
        if (parts.Count != 1)
        {
            _unsupported = "ALTER TABLE with several columns in one statement";
            return null;
        }

        var (from, to) = parts[0];
        switch (verb.Upper)
        {
            case "ADD":
                _s[open].Output = " COLUMN ";
                _s[close].Output = "";
                var column = RewriteColumnDefinition(from, to);
                for (var k = from; k < to; k++)
                {
                    // DuckDB cannot add a column with constraints; the side catalog still records NOT NULL
                    if (_s[k].Is("NOT") && _s[k + 1].Is("NULL"))
                    {
                        Remove(k, k + 1);
                    }
                }

                return column is null ? null : new CatalogChange(CatalogChangeKind.AddColumn, schema, name, [column]);
            case "DROP" when IsName(_s[from]):
                _s[open].Output = " COLUMN ";
                _s[close].Output = "";
                return new CatalogChange(CatalogChangeKind.DropColumn, schema, name, [], ColumnName: NameOf(_s[from]));
            default:
                return null;
        }
    }
}
