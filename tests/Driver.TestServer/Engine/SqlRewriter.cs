using System.Text;

namespace Driver.TestServer.Engine;

/// <summary>
/// Token-level translation of HANA SQL into DuckDB SQL (TEST-SERVER-ENGINE.md §3). Only identifier, number and
/// symbol tokens are ever replaced; string literals, quoted identifiers and comments pass through untouched.
/// Unquoted identifiers are folded to upper case as HANA does.
/// </summary>
internal sealed class SqlRewriter
{
    private static readonly HashSet<string> MonitorViews = ["M_CONNECTIONS", "M_PREPARED_STATEMENTS", "M_RESULT_SETS"];

    /// <summary>Words that end a table reference in FROM (so they are never taken for an alias).</summary>
    private static readonly HashSet<string> FromKeywords =
    [
        "WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET", "UNION", "EXCEPT", "INTERSECT", "MINUS", "JOIN", "INNER",
        "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "ON", "USING", "FOR", "WITH", "NATURAL", "AS", "QUALIFY", "WINDOW",
    ];

    private readonly string _sql;
    private readonly List<SqlToken> _all;
    private readonly List<SqlToken> _s;
    private readonly int[] _depth;
    private readonly int[] _match;
    private readonly List<(SqlToken Marker, SqlToken Target)> _topParameters = [];
    private string? _unsupported;

    private SqlRewriter(string sql)
    {
        _sql = sql;
        _all = SqlTokenizer.Tokenize(sql);
        _s = _all.Where(t => t.IsSignificant).ToList();
        _depth = new int[_s.Count];
        _match = new int[_s.Count];
        Array.Fill(_match, -1);
        var stack = new Stack<int>();
        for (var i = 0; i < _s.Count; i++)
        {
            if (_s[i].IsSymbol("("))
            {
                _depth[i] = stack.Count;
                stack.Push(i);
            }
            else if (_s[i].IsSymbol(")") && stack.Count > 0)
            {
                var open = stack.Pop();
                _depth[i] = stack.Count;
                _match[open] = i;
                _match[i] = open;
            }
            else
            {
                _depth[i] = stack.Count;
            }
        }
    }

    public static RewrittenSql Rewrite(string sql) => new SqlRewriter(sql).Run();

    private SqlToken? At(int i) => i >= 0 && i < _s.Count ? _s[i] : null;

    private bool IsWord(int i, string word) => At(i)?.Is(word) == true;

    private static bool IsName(SqlToken? t) => t is { Kind: SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier };

    /// <summary>Catalog spelling of an identifier token: upper-cased if unquoted, unescaped if quoted.</summary>
    private static string NameOf(SqlToken t)
        => t.Kind == SqlTokenKind.QuotedIdentifier ? t.Text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : t.Upper;

    private void Remove(int from, int to)
    {
        for (var i = from; i <= to; i++)
        {
            _s[i].Output = "";
        }
    }

    /// <summary>Index of the last significant token, ignoring a trailing ';'.</summary>
    private int LastIndex()
    {
        var last = _s.Count - 1;
        while (last >= 0 && _s[last].IsSymbol(";"))
        {
            last--;
        }

        return last;
    }

    private RewrittenSql Run()
    {
        var first = 0;
        while (first < _s.Count && _s[first].IsSymbol("("))
        {
            first++;
        }

        var kind = Classify(At(first));
        var monitor = false;
        string? newSchema = null;
        CatalogChange? change = null;
        IReadOnlyList<TableReference> tables = [];
        IReadOnlyList<SelectItem>? selectItems = null;
        IReadOnlyList<string>? insertColumns = null;
        SqlToken? tupleOpen = null, tupleClose = null;

        // statement forms
        switch (At(first)?.Upper)
        {
            case "CREATE":
                change = RewriteCreate(first);
                break;
            case "DROP" when IsWord(first + 1, "TABLE"):
                if (ReadQualifiedName(first + 2, out var dSchema, out var dName, out _))
                {
                    change = new CatalogChange(CatalogChangeKind.DropTable, dSchema, dName, []);
                }

                break;
            case "ALTER" when IsWord(first + 1, "TABLE"):
                change = RewriteAlter(first);
                break;
            case "RENAME" when IsWord(first + 1, "TABLE"):
                if (ReadQualifiedName(first + 2, out var rSchema, out var rName, out var rEnd) && IsWord(rEnd + 1, "TO")
                    && ReadQualifiedName(rEnd + 2, out _, out var rNew, out _))
                {
                    _s[first].Output = "ALTER";
                    _s[rEnd + 1].Output = "RENAME TO";
                    change = new CatalogChange(CatalogChangeKind.RenameTable, rSchema, rName, [], NewName: rNew);
                }

                break;
            case "UPSERT" or "REPLACE":
                _s[first].Output = "INSERT OR REPLACE INTO";
                StripWithPrimaryKey();
                break;
            case "SET" when IsWord(first + 1, "SCHEMA") && IsName(At(first + 2)):
                newSchema = NameOf(_s[first + 2]);
                _s[first].Output = $"SET search_path = '\"{newSchema.Replace("\"", "\"\"", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal)}\",SYS'";
                Remove(first + 1, first + 2);
                break;
            case "SELECT" or "WITH":
                StripForUpdate();
                break;
        }

        if (kind is StatementKind.Insert or StatementKind.Upsert)
        {
            AnalyseInsert(first, out tables, out insertColumns, out tupleOpen, out tupleClose);
        }

        if (kind == StatementKind.Query && At(first)?.Upper == "SELECT")
        {
            AnalyseSelect(first, out tables, out selectItems);
        }

        var dollarParameters = false;
        for (var i = 0; i < _s.Count; i++)
        {
            var t = _s[i];
            if (t.Kind == SqlTokenKind.Parameter)
            {
                continue;
            }

            if (t.Kind == SqlTokenKind.QuotedIdentifier && t.Output is null && NameOf(t) is "SYSTEM" or "TEMP"
                && At(i + 1)?.IsSymbol(".") == true && At(i - 1)?.IsSymbol(".") != true)
            {
                t.Output = SchemaPath(NameOf(t));
            }

            if (t.Kind != SqlTokenKind.Identifier || t.Output is not null)
            {
                continue;
            }

            var next = At(i + 1);
            var prev = At(i - 1);
            var adjacentString = next is { Kind: SqlTokenKind.String } && next.Start == t.Start + t.Text.Length;
            var callLike = next?.IsSymbol("(") == true;
            var qualified = prev?.IsSymbol(".") == true;
            switch (t.Upper)
            {
                case "N" when adjacentString:
                    t.Output = "";
                    continue;
                case "X" when adjacentString:
                    t.Output = "from_hex(";
                    next!.After = ")";
                    continue;
                case "NEXTVAL" or "CURRVAL" when qualified && IsName(At(i - 2)):
                    RewriteSequenceCall(i);
                    continue;
                case "TOP" when IsWord(i - 1, "SELECT") || IsWord(i - 1, "DISTINCT") || IsWord(i - 1, "ALL"):
                    if (next is { Kind: SqlTokenKind.Number or SqlTokenKind.Parameter })
                    {
                        dollarParameters |= next.Kind == SqlTokenKind.Parameter;
                        RewriteTop(i);
                        i++;
                    }

                    continue;
                case "CAST" when callLike:
                    RewriteCastType(i);
                    break;
            }

            if (!callLike && !qualified)
            {
                t.Output = t.Upper switch
                {
                    "CURRENT_UTCTIMESTAMP" or "CURRENT_UTCDATE" or "CURRENT_UTCTIME" => t.Upper + "()",
                    "CURRENT_TIMESTAMP" => "CAST(LOCALTIMESTAMP AS TIMESTAMP_NS)",
                    "CURRENT_TIME" => "LOCALTIME",
                    "CURRENT_SCHEMA" => "CURRENT_SCHEMA()",
                    "CURRENT_CONNECTION" => "CAST(getvariable('HANA_CONNECTION_ID') AS INTEGER)",
                    "CURRENT_USER" or "SESSION_USER" => "CAST(getvariable('HANA_USER') AS VARCHAR)",
                    _ => null,
                };
            }

            if (t.Upper is "SYSTEM" or "TEMP" && next?.IsSymbol(".") == true && !qualified && t.Output is null)
            {
                t.Output = SchemaPath(t.Upper);
            }

            monitor |= MonitorViews.Contains(t.Upper);
            if (t.Output is null)
            {
                t.Output = t.Upper.StartsWith('#') ? "\"" + t.Upper + "\"" : t.Upper;
            }
        }

        var parameterNumber = 0;
        foreach (var t in _s)
        {
            if (t.Kind != SqlTokenKind.Parameter)
            {
                continue;
            }

            parameterNumber++;
            var moved = _topParameters.FindIndex(p => ReferenceEquals(p.Marker, t));
            if (moved >= 0)
            {
                var target = _topParameters[moved].Target;
                target.After = (target.After ?? "") + " LIMIT $" + parameterNumber;
            }
            else
            {
                t.Output = dollarParameters ? "$" + parameterNumber : "?";
            }
        }

        // emit, remembering where each token landed for error positions and the batch tuple
        var sb = new StringBuilder(_sql.Length + 32);
        var outStarts = new List<int>(_all.Count);
        var origStarts = new List<int>(_all.Count);
        int tupleStart = -1, tupleEnd = -1;
        foreach (var t in _all)
        {
            if (t.Before is not null)
            {
                sb.Append(t.Before);
            }

            if (ReferenceEquals(t, tupleOpen))
            {
                tupleStart = sb.Length;
            }

            outStarts.Add(sb.Length);
            origStarts.Add(t.Start);
            sb.Append(t.Output ?? t.Text);
            if (ReferenceEquals(t, tupleClose))
            {
                tupleEnd = sb.Length;
            }

            if (t.After is not null)
            {
                sb.Append(t.After);
            }
        }

        var text = sb.ToString();
        (string, string, string)? batch = null;
        if (tupleStart >= 0 && tupleEnd > tupleStart)
        {
            var suffix = text[tupleEnd..].TrimEnd();
            if (suffix.EndsWith(';'))
            {
                suffix = suffix[..^1];
            }

            batch = (text[..tupleStart], text[tupleStart..tupleEnd], suffix);
        }

        return new RewrittenSql(_sql, text, outStarts.ToArray(), origStarts.ToArray())
        {
            Kind = kind,
            Change = change,
            Tables = tables,
            SelectItems = selectItems,
            InsertColumns = insertColumns,
            BatchTemplate = batch,
            ReferencesMonitorViews = monitor,
            NewSchema = newSchema,
            Unsupported = _unsupported,
        };
    }

    private static StatementKind Classify(SqlToken? first) => first?.Upper switch
    {
        "SELECT" or "WITH" or "VALUES" or "EXPLAIN" or "SHOW" or "DESCRIBE" or "PRAGMA" => StatementKind.Query,
        "INSERT" => StatementKind.Insert,
        "UPDATE" => StatementKind.Update,
        "DELETE" => StatementKind.Delete,
        "UPSERT" or "REPLACE" or "MERGE" => StatementKind.Upsert,
        "CREATE" or "DROP" or "ALTER" or "RENAME" or "TRUNCATE" or "COMMENT" or "GRANT" or "REVOKE" => StatementKind.Ddl,
        "COMMIT" => StatementKind.Commit,
        "ROLLBACK" => StatementKind.Rollback,
        "CALL" => StatementKind.Call,
        _ => StatementKind.Other,
    };

    /// <summary>Reads [schema.]name starting at <paramref name="i"/>; <paramref name="end"/> is the last token used.</summary>
    private bool ReadQualifiedName(int i, out string? schema, out string name, out int end)
    {
        schema = null;
        name = "";
        end = i;
        if (!IsName(At(i)))
        {
            return false;
        }

        if (At(i + 1)?.IsSymbol(".") == true && IsName(At(i + 2)))
        {
            schema = NameOf(_s[i]);
            name = NameOf(_s[i + 2]);
            end = i + 2;
            return true;
        }

        name = NameOf(_s[i]);
        return true;
    }

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

    private void StripWithPrimaryKey()
    {
        var last = LastIndex();
        if (last >= 2 && _s[last].Is("KEY") && _s[last - 1].Is("PRIMARY") && _s[last - 2].Is("WITH"))
        {
            Remove(last - 2, last);
        }
    }

    // SELECT ... FOR UPDATE [OF ..] [NOWAIT|WAIT n]: DuckDB has no row locks
    private void StripForUpdate()
    {
        for (var k = 0; k < _s.Count - 1; k++)
        {
            if (_depth[k] == 0 && _s[k].Is("FOR") && _s[k + 1].Is("UPDATE"))
            {
                Remove(k, LastIndex());
                return;
            }
        }
    }

    // seq.NEXTVAL / schema.seq.CURRVAL → nextval('schema.seq')
    private void RewriteSequenceCall(int i)
    {
        var sequence = NameOf(_s[i - 2]);
        var firstIndex = i - 2;
        if (At(i - 3)?.IsSymbol(".") == true && IsName(At(i - 4)))
        {
            sequence = SchemaPath(NameOf(_s[i - 4])) + "." + sequence;
            firstIndex = i - 4;
        }

        var function = _s[i].Upper == "NEXTVAL" ? "nextval" : "currval";
        Remove(firstIndex, i);
        _s[firstIndex].Output = $"{function}('{sequence.Replace("'", "''", StringComparison.Ordinal)}')";
    }

    /// <summary>
    /// A schema qualifier as DuckDB must see it: a schema named like one of DuckDB's catalogs (SYSTEM, TEMP) is
    /// ambiguous unless the database catalog is named too.
    /// </summary>
    internal static string SchemaPath(string schema)
        => schema is "SYSTEM" or "TEMP" ? "memory.\"" + schema + "\"" : schema;

    // SELECT TOP n ... → SELECT ... LIMIT n (at the end of the same query level)
    private void RewriteTop(int i)
    {
        var count = _s[i + 1];
        var depth = _depth[i];
        var end = i + 1;
        for (var k = i + 2; k < _s.Count; k++)
        {
            if (_depth[k] < depth || (_s[k].IsSymbol(")") && _depth[k] == depth - 1) || _s[k].IsSymbol(";"))
            {
                break;
            }

            if (_depth[k] == depth && _s[k].Upper is "UNION" or "EXCEPT" or "INTERSECT" or "MINUS")
            {
                break;
            }

            if (_s[k].Output != "")
            {
                end = k;
            }
        }

        _s[i].Output = "";
        count.Output = "";
        var target = _s[end];
        if (count.Kind == SqlTokenKind.Parameter)
        {
            // the marker moves behind later markers: all markers become $n so binding order stays the client's
            _topParameters.Add((count, target));
            return;
        }

        target.After = (target.After ?? "") + " LIMIT " + count.Text;
    }

    // CAST(expr AS <hana type>) → the DuckDB storage type
    private void RewriteCastType(int i)
    {
        var open = i + 1;
        var close = _match[open];
        if (close < 0)
        {
            return;
        }

        for (var k = close - 1; k > open; k--)
        {
            if (_depth[k] == _depth[open] + 1 && _s[k].Is("AS"))
            {
                if (DeclaredType.TryParse(_s, k + 1, out var type, out var last) && last == close - 1)
                {
                    _s[k + 1].Output = type.DuckDbType;
                    Remove(k + 2, last);
                }

                return;
            }
        }
    }

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
