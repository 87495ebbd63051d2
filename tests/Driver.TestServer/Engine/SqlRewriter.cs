using System.Text;

namespace Driver.TestServer.Engine;

/// <summary>
/// Token-level translation of HANA SQL into DuckDB SQL (TEST-SERVER-ENGINE.md §3). Only identifier, number and
/// symbol tokens are ever replaced; string literals, quoted identifiers and comments pass through untouched.
/// Unquoted identifiers are folded to upper case as HANA does.
/// </summary>
internal sealed partial class SqlRewriter
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
                case "SESSION_CONTEXT" when callLike && !qualified:
                    // the session's CLIENTINFO values, a map kept in a DuckDB variable (EngineSession.SetClientInfo)
                    t.Output = "map_extract_value";
                    next!.Output = "(" + EngineSession.ClientInfoMap + ", ";
                    continue;
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

            monitor |= MonitorViews.Contains(t.Upper) || CatalogViews.RefreshedViews.Contains(t.Upper);
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
}
