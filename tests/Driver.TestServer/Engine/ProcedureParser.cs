namespace Driver.TestServer.Engine;

/// <summary>
/// Parses CREATE [OR REPLACE] PROCEDURE into a <see cref="ProcedureDefinition"/>: the header (parameters, LANGUAGE,
/// SQL SECURITY, READS SQL DATA) and the SQLScript subset of the body (docs/test-server.md, "Procedures"). Anything
/// outside the subset fails here, at CREATE, with error 7 naming the construct, never silently at CALL time.
/// </summary>
internal sealed partial class ProcedureParser
{
    private static readonly HashSet<string> DmlWords = ["INSERT", "UPDATE", "DELETE", "UPSERT", "REPLACE", "MERGE"];

    private readonly string _sql;
    private readonly List<SqlToken> _s;
    private readonly int[] _depth;
    private readonly Func<string?, string, IReadOnlyList<ProcedureTableColumn>?> _tableType;
    private string _procedure = "";

    private ProcedureParser(string sql, Func<string?, string, IReadOnlyList<ProcedureTableColumn>?> tableType)
    {
        _sql = sql;
        _s = SqlTokenizer.Tokenize(sql).Where(t => t.IsSignificant).ToList();
        _depth = new int[_s.Count];
        var depth = 0;
        for (var i = 0; i < _s.Count; i++)
        {
            if (_s[i].IsSymbol(")"))
            {
                depth = Math.Max(0, depth - 1);
            }

            _depth[i] = depth;
            if (_s[i].IsSymbol("("))
            {
                depth++;
            }
        }

        _tableType = tableType;
    }

    /// <summary>True when the tokens <paramref name="s"/> are CREATE [OR REPLACE] PROCEDURE.</summary>
    public static bool IsCreateProcedure(IReadOnlyList<SqlToken> s)
        => s.Count > 2 && s[0].Is("CREATE") && (s[1].Is("PROCEDURE") || (s.Count > 3 && s[1].Is("OR") && s[2].Is("REPLACE") && s[3].Is("PROCEDURE")));

    /// <summary>Parses a CREATE PROCEDURE statement; <paramref name="tableType"/> resolves table type names (schema may be null).</summary>
    public static (ProcedureDefinition Definition, bool OrReplace) Parse(string sql, string currentSchema, long oid,
        Func<string?, string, IReadOnlyList<ProcedureTableColumn>?> tableType)
        => new ProcedureParser(sql, tableType).Run(currentSchema, oid);

    /// <summary>Parses "[schema.]name" at <paramref name="i"/>; returns the index after it.</summary>
    internal static int ReadName(IReadOnlyList<SqlToken> s, int i, string currentSchema, out string schema, out string name)
    {
        if (i >= s.Count || s[i].Kind is not (SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier))
        {
            throw Syntax(i < s.Count ? s[i] : null, "a procedure name");
        }

        name = NameOf(s[i]);
        schema = currentSchema;
        if (i + 2 < s.Count && s[i + 1].IsSymbol(".") && s[i + 2].Kind is SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier)
        {
            schema = name;
            name = NameOf(s[i + 2]);
            return i + 3;
        }

        return i + 1;
    }

    internal static string NameOf(SqlToken t)
        => t.Kind == SqlTokenKind.QuotedIdentifier ? t.Text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : t.Upper;

    internal static EngineException Syntax(SqlToken? near, string expected)
        => new(257, "42000", near is null ? 0 : near.Start + 1,
            $"sql syntax error: expected {expected} {(near is null ? "at the end of the statement" : $"near \"{near.Text}\"")}");

    private EngineException Unsupported(string construct)
        => EngineException.FeatureNotSupported($"{construct} in procedure {_procedure} (the test server interprets a SQLScript subset, docs/test-server.md)");

    private SqlToken? At(int i) => i >= 0 && i < _s.Count ? _s[i] : null;

    private bool IsWord(int i, string word) => At(i)?.Is(word) == true;

    private string Text(int from, int to) => from > to ? "" : _sql[_s[from].Start..(_s[to].Start + _s[to].Text.Length)];

    private void Expect(int i, string word)
    {
        if (!IsWord(i, word))
        {
            throw Syntax(At(i), word);
        }
    }

    private (ProcedureDefinition, bool) Run(string currentSchema, long oid)
    {
        var i = 1;
        var orReplace = false;
        if (IsWord(i, "OR"))
        {
            orReplace = true;
            i += 2;
        }

        Expect(i, "PROCEDURE");
        i = ReadName(_s, i + 1, currentSchema, out var schema, out var name);
        _procedure = $"{schema}.{name}";
        var parameters = new List<ProcedureParameter>();
        if (At(i)?.IsSymbol("(") == true)
        {
            i = ReadParameters(i + 1, parameters);
        }

        var readsSqlData = false;
        var security = "DEFINER";
        while (!IsWord(i, "AS"))
        {
            switch (At(i)?.Upper)
            {
                case "LANGUAGE" when IsWord(i + 1, "SQLSCRIPT"):
                    i += 2;
                    break;
                case "LANGUAGE":
                    throw Unsupported($"LANGUAGE {At(i + 1)?.Text}");
                case "SQL" when IsWord(i + 1, "SECURITY") && At(i + 2)?.Upper is "DEFINER" or "INVOKER":
                    security = _s[i + 2].Upper;
                    i += 3;
                    break;
                case "READS" when IsWord(i + 1, "SQL") && IsWord(i + 2, "DATA"):
                    readsSqlData = true;
                    i += 3;
                    break;
                case "DEFAULT" when IsWord(i + 1, "SCHEMA"):
                    throw Unsupported("DEFAULT SCHEMA");
                case null:
                    throw Syntax(null, "AS BEGIN ... END");
                default:
                    throw Unsupported($"the procedure option {_s[i].Text}");
            }
        }

        Expect(i + 1, "BEGIN");
        var last = _s.Count - 1;
        while (last > i && _s[last].IsSymbol(";"))
        {
            last--;
        }

        if (!IsWord(last, "END") || last <= i + 1)
        {
            throw Syntax(At(last), "END closing the procedure body");
        }

        var position = i + 2;
        var body = ReadBlock(ref position, last, []);
        if (position != last)
        {
            throw Syntax(At(position), "END of the procedure body");
        }

        if (readsSqlData && Count(body, ProcedureStepKind.Dml) > 0)
        {
            throw EngineException.FeatureNotSupported($"INSERT/UPDATE/DELETE are not supported in the READ ONLY procedure/function {_procedure}");
        }

        var variables = new ProcedureVariables(parameters);
        variables.Check(body, Unsupported);
        var definition = new ProcedureDefinition
        {
            Schema = schema,
            Name = name,
            Oid = oid,
            Parameters = parameters,
            Body = body,
            Definition = _sql,
            ReadsSqlData = readsSqlData,
            SqlSecurity = security,
            DynamicResultSets = Count(body, ProcedureStepKind.Query),
        };
        return (definition, orReplace);
    }

    private static int Count(IReadOnlyList<ProcedureStep> steps, ProcedureStepKind kind)
        => steps.Sum(s => (s.Kind == kind ? 1 : 0) + s.Branches.Sum(b => Count(b.Steps, kind)));

    private int ReadParameters(int i, List<ProcedureParameter> parameters)
    {
        if (At(i)?.IsSymbol(")") == true)
        {
            return i + 1;
        }

        while (true)
        {
            var mode = ProcedureParameterMode.In;
            switch (At(i)?.Upper)
            {
                case "IN":
                    i++;
                    break;
                case "OUT":
                    mode = ProcedureParameterMode.Out;
                    i++;
                    break;
                case "INOUT":
                    mode = ProcedureParameterMode.InOut;
                    i++;
                    break;
            }

            if (At(i) is not { Kind: SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier } nameToken)
            {
                throw Syntax(At(i), "a parameter name");
            }

            var parameterName = NameOf(nameToken);
            if (parameters.Any(p => p.Name == parameterName))
            {
                throw new EngineException(288, "HY000", nameToken.Start + 1, $"cannot use duplicate name of function or procedure parameter: {parameterName}");
            }

            i++;
            ProcedureParameter parameter;
            if (IsWord(i, "TABLE") && At(i + 1)?.IsSymbol("(") == true)
            {
                var columns = ReadTableColumns(i + 2, out i);
                parameter = new ProcedureParameter(parameterName, parameters.Count + 1, mode, default, "TABLE") { TableColumns = columns };
            }
            else if (DeclaredType.TryParse(_s, i, out var type, out var lastType))
            {
                parameter = new ProcedureParameter(parameterName, parameters.Count + 1, mode, type, Text(i, lastType));
                i = lastType + 1;
            }
            else if (At(i) is { Kind: SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier })
            {
                var next = ReadName(_s, i, null!, out var typeSchema, out var typeName);
                var columns = _tableType(typeSchema, typeName)
                              ?? throw new EngineException(7, "HY000", _s[i].Start + 1, $"feature not supported: unknown type {Text(i, next - 1)} of parameter {parameterName} in procedure {_procedure}");
                parameter = new ProcedureParameter(parameterName, parameters.Count + 1, mode, default, "TABLE")
                {
                    TableColumns = columns,
                    TableTypeName = typeName,
                };
                i = next;
            }
            else
            {
                throw Syntax(At(i), $"a type for parameter {parameterName}");
            }

            if (parameter.IsTable && mode != ProcedureParameterMode.Out)
            {
                throw Unsupported($"{mode.ToString().ToUpperInvariant()} table parameter {parameterName}");
            }

            if (IsWord(i, "DEFAULT"))
            {
                throw Unsupported($"DEFAULT value of parameter {parameterName}");
            }

            parameters.Add(parameter);
            if (At(i)?.IsSymbol(",") == true)
            {
                i++;
                continue;
            }

            if (At(i)?.IsSymbol(")") == true)
            {
                return i + 1;
            }

            throw Syntax(At(i), "',' or ')' in the parameter list");
        }
    }

    /// <summary>Reads "col type, ... )" starting after the "("; <paramref name="next"/> is the index after ")".</summary>
    private List<ProcedureTableColumn> ReadTableColumns(int i, out int next)
        => ReadTableColumns(_s, i, out next, Text);

    /// <summary>Shared with CREATE TYPE ... AS TABLE (...).</summary>
    internal static List<ProcedureTableColumn> ReadTableColumns(IReadOnlyList<SqlToken> s, int i, out int next, Func<int, int, string> text)
    {
        var columns = new List<ProcedureTableColumn>();
        while (true)
        {
            if (i >= s.Count || s[i].Kind is not (SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier))
            {
                throw Syntax(i < s.Count ? s[i] : null, "a column name");
            }

            var name = NameOf(s[i]);
            if (!DeclaredType.TryParse(s, i + 1, out var type, out var last))
            {
                throw Syntax(i + 1 < s.Count ? s[i + 1] : null, $"a type for column {name}");
            }

            columns.Add(new ProcedureTableColumn(name, type, text(i + 1, last)));
            i = last + 1;
            if (i < s.Count && s[i].IsSymbol(","))
            {
                i++;
                continue;
            }

            if (i < s.Count && s[i].IsSymbol(")"))
            {
                next = i + 1;
                return columns;
            }

            throw Syntax(i < s.Count ? s[i] : null, "',' or ')' in the column list");
        }
    }
}
