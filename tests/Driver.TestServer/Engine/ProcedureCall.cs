namespace Driver.TestServer.Engine;

/// <summary>
/// A parsed CALL [schema.]name(arg, ...) bound to its procedure: per procedure parameter, the argument's kind. A "?"
/// at a scalar parameter is a parameter of the statement (PARAMETERMETADATA, §6.22, with the parameter's mode and
/// name); a "?" at a table parameter is only a placeholder (its rows come back as a result set, as on HANA); other
/// arguments are expressions for IN parameters, evaluated at each execution.
/// </summary>
internal sealed class ProcedureCall
{
    private ProcedureCall(ProcedureDefinition procedure, string?[] expressions, int[] markers)
    {
        Procedure = procedure;
        Expressions = expressions;
        Markers = markers;
    }

    public ProcedureDefinition Procedure { get; }

    /// <summary>Per procedure parameter: the argument expression, or null when the argument is "?".</summary>
    public string?[] Expressions { get; }

    /// <summary>The procedure parameter index of each scalar "?" of the statement, in the order the markers appear.</summary>
    public int[] Markers { get; }

    /// <summary>Parses CALL name(args) and binds the arguments (positional, or name =&gt; value) to the procedure's parameters.</summary>
    public static ProcedureCall Parse(string sql, string currentSchema, Func<string, string, ProcedureDefinition?> find)
    {
        var s = SqlTokenizer.Tokenize(sql).Where(t => t.IsSignificant).ToList();
        var i = ProcedureParser.ReadName(s, 1, currentSchema, out var schema, out var name);
        var procedure = find(schema, name) ?? throw new EngineException(328, "HY000", s[1].Start + 1, $"invalid name of function or procedure: {name}: line 1 col {s[1].Start + 1} (at pos {s[1].Start})");
        var arguments = new List<(string? Name, int From, int To)>();
        if (i < s.Count && s[i].IsSymbol("("))
        {
            var depth = 0;
            var from = i + 1;
            for (var k = i + 1; k < s.Count; k++)
            {
                if (s[k].IsSymbol("("))
                {
                    depth++;
                }
                else if (s[k].IsSymbol(")") && depth > 0)
                {
                    depth--;
                }
                else if (depth == 0 && (s[k].IsSymbol(",") || s[k].IsSymbol(")")))
                {
                    if (k > from)
                    {
                        var named = k - from > 2 && s[from + 1].IsSymbol("=>") && s[from].Kind is SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier;
                        arguments.Add(named ? (ProcedureParser.NameOf(s[from]), from + 2, k - 1) : (null, from, k - 1));
                    }
                    else if (s[k].IsSymbol(",") || arguments.Count > 0)
                    {
                        throw ProcedureParser.Syntax(s[k], "an argument");
                    }

                    from = k + 1;
                    if (s[k].IsSymbol(")"))
                    {
                        i = k + 1;
                        break;
                    }
                }
            }
        }

        while (i < s.Count && s[i].IsSymbol(";"))
        {
            i++;
        }

        if (i < s.Count)
        {
            throw s[i].Is("WITH")
                ? EngineException.FeatureNotSupported($"CALL ... {s[i].Text} {(i + 1 < s.Count ? s[i + 1].Text : "")}")
                : ProcedureParser.Syntax(s[i], "the end of the CALL statement");
        }

        var parameters = procedure.Parameters;
        if (arguments.Count != parameters.Count)
        {
            throw WrongArguments(procedure, $"{arguments.Count} arguments for {parameters.Count} parameters");
        }

        var expressions = new string?[parameters.Count];
        var bound = new bool[parameters.Count];
        var markers = new List<int>();
        for (var a = 0; a < arguments.Count; a++)
        {
            var (argName, from, to) = arguments[a];
            var index = argName is null ? a : parameters.ToList().FindIndex(p => p.Name == argName);
            if (index < 0 || bound[index])
            {
                throw WrongArguments(procedure, index < 0 ? $"no parameter {argName}" : $"parameter {parameters[index].Name} given twice");
            }

            bound[index] = true;
            var parameter = parameters[index];
            var isMarker = from == to && s[from].Kind == SqlTokenKind.Parameter && s[from].Text == "?";
            if (isMarker)
            {
                if (!parameter.IsTable)
                {
                    markers.Add(index);
                }

                continue;
            }

            if (parameter.IsOutput)
            {
                throw WrongArguments(procedure, $"the {(parameter.IsTable ? "table " : "")}output parameter {parameter.Name} needs a parameter marker (?)");
            }

            expressions[index] = sql[s[from].Start..(s[to].Start + s[to].Text.Length)];
        }

        return new ProcedureCall(procedure, expressions, markers.ToArray());
    }

    private static EngineException WrongArguments(ProcedureDefinition procedure, string detail)
        => new(1281, "HY000", 0, $"wrong number or types of parameters in call: {procedure.Schema}.{procedure.Name}: {detail}");
}
