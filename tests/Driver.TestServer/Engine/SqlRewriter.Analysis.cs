namespace Driver.TestServer.Engine;

// Analysis for the metadata: the tables and columns an INSERT targets and the items and tables of a SELECT, so
// result and parameter columns can carry the declared HANA types.
internal sealed partial class SqlRewriter
{
    private void AnalyseInsert(int first, out IReadOnlyList<TableReference> tables, out IReadOnlyList<string>? columns,
        out SqlToken? tupleOpen, out SqlToken? tupleClose)
    {
        tables = [];
        columns = null;
        tupleOpen = null;
        tupleClose = null;
        var i = first + 1;
        if (IsWord(i, "INTO"))
        {
            i++;
        }

        if (!ReadQualifiedName(i, out var schema, out var name, out var end))
        {
            return;
        }

        tables = [new TableReference(schema, name, null)];
        var k = end + 1;
        if (At(k)?.IsSymbol("(") == true && _match[k] > 0)
        {
            var list = new List<string>();
            for (var c = k + 1; c < _match[k]; c++)
            {
                if (IsName(_s[c]))
                {
                    list.Add(NameOf(_s[c]));
                }
            }

            columns = list;
            k = _match[k] + 1;
        }

        if (!IsWord(k, "VALUES") || At(k + 1)?.IsSymbol("(") != true || _match[k + 1] < 0)
        {
            return;
        }

        var close = _match[k + 1];
        var lastSignificant = close + 1;
        while (lastSignificant < _s.Count && (_s[lastSignificant].Output == "" || _s[lastSignificant].IsSymbol(";")))
        {
            lastSignificant++;
        }

        var parametersOutside = _s.Where((t, idx) => t.Kind == SqlTokenKind.Parameter && (idx < k + 1 || idx > close)).Any();
        if (lastSignificant == _s.Count && !parametersOutside)
        {
            tupleOpen = _s[k + 1];
            tupleClose = _s[close];
        }
    }

    private void AnalyseSelect(int first, out IReadOnlyList<TableReference> tables, out IReadOnlyList<SelectItem>? items)
    {
        tables = [];
        items = null;
        var depth = _depth[first];
        var from = -1;
        for (var k = first + 1; k < _s.Count; k++)
        {
            if (_depth[k] == depth && _s[k].Is("FROM"))
            {
                from = k;
                break;
            }

            if (_depth[k] < depth || (_depth[k] == depth && _s[k].Upper is "UNION" or "EXCEPT" or "INTERSECT" or "MINUS"))
            {
                return;
            }
        }

        var start = first + 1;
        while (At(start)?.Upper is "DISTINCT" or "ALL")
        {
            start++;
        }

        if (IsWord(start, "TOP"))
        {
            start += 2;
        }

        var end = from < 0 ? LastIndex() : from - 1;
        var list = new List<SelectItem>();
        foreach (var (a, b) in SplitTopLevel(start, end))
        {
            list.Add(ReadSelectItem(a, b));
        }

        items = list;
        if (from >= 0)
        {
            tables = ReadFromTables(from + 1, depth);
        }
    }

    private SelectItem ReadSelectItem(int a, int b)
    {
        if (_s[a].IsSymbol("*") && a == b)
        {
            return new SelectItem(null, null, true);
        }

        // [schema.][table.]column [[AS] alias]
        var names = new List<string>();
        var k = a;
        while (k <= b && IsName(_s[k]))
        {
            names.Add(NameOf(_s[k]));
            if (k + 1 <= b && _s[k + 1].IsSymbol("."))
            {
                if (k + 2 <= b && _s[k + 2].IsSymbol("*") && k + 2 == b)
                {
                    return new SelectItem(names[^1], null, true);
                }

                k += 2;
                continue;
            }

            k++;
            break;
        }

        if (names.Count == 0)
        {
            return new SelectItem(null, null, false);
        }

        var rest = b - k + 1;
        var aliasOk = rest == 0 || (rest == 1 && IsName(_s[k])) || (rest == 2 && _s[k].Is("AS") && IsName(_s[k + 1]));
        if (!aliasOk)
        {
            return new SelectItem(null, null, false);
        }

        return new SelectItem(names.Count > 1 ? names[^2] : null, names[^1], false);
    }

    private List<TableReference> ReadFromTables(int k, int depth)
    {
        var tables = new List<TableReference>();
        var expectTable = true;
        for (; k < _s.Count; k++)
        {
            var t = _s[k];
            if (_depth[k] < depth || t.IsSymbol(";"))
            {
                break;
            }

            if (_depth[k] > depth)
            {
                continue;
            }

            if (t.Kind == SqlTokenKind.Identifier && t.Upper is "WHERE" or "GROUP" or "ORDER" or "HAVING" or "LIMIT" or "UNION" or "FOR" or "OFFSET")
            {
                break;
            }

            if (t.IsSymbol(",") || t.Is("JOIN"))
            {
                expectTable = true;
                continue;
            }

            if (!expectTable || !IsName(t) || (t.Kind == SqlTokenKind.Identifier && FromKeywords.Contains(t.Upper)))
            {
                continue;
            }

            if (At(k + 1)?.IsSymbol("(") == true)
            {
                expectTable = false; // table function
                continue;
            }

            ReadQualifiedName(k, out var schema, out var name, out var end);
            string? alias = null;
            var a = end + 1;
            if (IsWord(a, "AS"))
            {
                a++;
            }

            if (IsName(At(a)) && !(At(a)!.Kind == SqlTokenKind.Identifier && FromKeywords.Contains(At(a)!.Upper)))
            {
                alias = NameOf(At(a)!);
                end = a;
            }

            tables.Add(new TableReference(schema, name, alias));
            k = end;
            expectTable = false;
        }

        return tables;
    }
}
