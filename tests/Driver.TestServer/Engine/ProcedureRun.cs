using System.Globalization;
using System.Text;

namespace Driver.TestServer.Engine;

/// <summary>
/// One execution of a procedure body. Scalars live here as values of their declared type; every reference to one in
/// SQL becomes CAST(? AS type) with the value bound as a parameter (never pasted into the text). Table variables are
/// DuckDB temporary tables (one per assignment), dropped when the call ends. Each SQL statement runs on the session
/// through the rewriter: DML joins the caller's transaction (and its statement-level-rollback log), queries come back
/// as materialized cursors.
/// </summary>
internal sealed class ProcedureRun(EngineSession session, ProcedureDefinition procedure)
{
    private static int _tableCounter;

    private readonly Dictionary<string, Scalar> _scalars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tables = new(StringComparer.Ordinal);
    private readonly List<string> _tempTables = [];
    private readonly List<EngineCursor> _dynamic = [];

    /// <summary>Sets the parameters from the CALL's arguments: "?" values in marker order, IN expressions evaluated.</summary>
    public void Bind(ProcedureCall call, object?[] inputs)
    {
        var next = 0;
        var markerOf = call.Markers.Select((parameter, order) => (parameter, order)).ToDictionary(m => m.parameter, m => m.order);
        foreach (var parameter in procedure.Parameters.Where(p => !p.IsTable))
        {
            object? value = null;
            var index = parameter.Position - 1;
            if (call.Expressions[index] is { } expression)
            {
                value = Evaluate(expression, parameter.TypeText, bareNames: false);
            }
            else if (parameter.IsInput && markerOf.ContainsKey(index))
            {
                value = inputs[next++];
            }

            _scalars[parameter.Name] = new Scalar(parameter.TypeText, value);
        }
    }

    public void Execute() => Run(procedure.Body);

    /// <summary>
    /// The output parameters' row, in the order of the statement's markers (PARAMETERMETADATA order, §6.25: with named
    /// arguments it differs from the procedure's), and the result sets: OUT tables in parameter order, then dynamic ones.
    /// </summary>
    public (EngineCursor? Outputs, List<EngineCursor> ResultSets) Finish(ProcedureCall call)
    {
        var results = new List<EngineCursor>();
        try
        {
            EngineCursor? outputs = null;
            var scalars = call.Markers.Select(m => procedure.Parameters[m]).Where(p => p.IsOutput).ToList();
            if (scalars.Count > 0)
            {
                var select = new StringBuilder("SELECT ");
                select.AppendJoin(", ", scalars.Select(p => $"CAST(? AS {p.TypeText}) AS {Quote(p.Name)}"));
                outputs = session.OpenMaterialized(select.Append(" FROM DUMMY").ToString(), scalars.Select(p => _scalars[p.Name].Value).ToList(),
                    scalars.Select(p => (p.Name, p.Type)).ToList());
            }

            foreach (var table in procedure.Parameters.Where(p => p.IsTable))
            {
                var columns = table.TableColumns!;
                var sql = _tables.TryGetValue(table.Name, out var temp)
                    ? $"SELECT * FROM {temp}"
                    : "SELECT " + string.Join(", ", columns.Select(c => $"CAST(NULL AS {c.TypeText}) AS {Quote(c.Name)}")) + " FROM DUMMY WHERE 1 = 0";
                results.Add(session.OpenMaterialized(sql, [], columns.Select(c => (c.Name, c.Type)).ToList()));
            }

            results.AddRange(_dynamic);
            _dynamic.Clear();
            DropTables();
            return (outputs, results);
        }
        catch
        {
            foreach (var cursor in results)
            {
                cursor.Dispose();
            }

            throw;
        }
    }

    /// <summary>After an error: closes the dynamic result sets and drops the table variables.</summary>
    public void Abandon()
    {
        foreach (var cursor in _dynamic)
        {
            cursor.Dispose();
        }

        _dynamic.Clear();
        DropTables();
    }

    private void DropTables()
    {
        foreach (var table in _tempTables)
        {
            var drop = $"DROP TABLE IF EXISTS {table}";
            session.RunNativeCommand(drop, new RewrittenSql(drop, drop, [], []), [], quiet: true);
        }

        _tempTables.Clear();
    }

    private void Run(IReadOnlyList<ProcedureStep> steps)
    {
        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case ProcedureStepKind.Declare:
                    _scalars[step.Targets[0]] = new Scalar(step.TypeText!, step.Sql is null ? null : Evaluate(step.Sql, step.TypeText!, bareNames: true));
                    break;
                case ProcedureStepKind.Assign:
                    var target = _scalars[step.Targets[0]];
                    _scalars[step.Targets[0]] = target with { Value = Evaluate(step.Sql!, target.TypeText, bareNames: true) };
                    break;
                case ProcedureStepKind.SelectInto:
                    SelectInto(step);
                    break;
                case ProcedureStepKind.TableAssign:
                    AssignTable(step);
                    break;
                case ProcedureStepKind.Dml:
                    RunDml(step.Sql!);
                    break;
                case ProcedureStepKind.Query:
                    var (sql, values) = Substitute(step.Sql!, bareNames: false);
                    _dynamic.Add(session.OpenMaterialized(sql, values, null));
                    break;
                case ProcedureStepKind.If:
                    foreach (var (condition, branch) in step.Branches)
                    {
                        if (condition is null || IsTrue(condition))
                        {
                            Run(branch);
                            break;
                        }
                    }

                    break;
                case ProcedureStepKind.Signal:
                    var message = step.Sql is null ? "" : Convert.ToString(Evaluate(step.Sql, "NVARCHAR(5000)", bareNames: true), CultureInfo.InvariantCulture);
                    throw new EngineException(step.ErrorCode, "HY000", 0, $"user-defined error exception: {message}");
            }
        }
    }

    private void SelectInto(ProcedureStep step)
    {
        var (sql, values) = Substitute(step.Sql!, bareNames: false);
        using var cursor = session.OpenMaterialized(sql, values, null);
        var rows = cursor.FetchRows(2);
        if (rows.Count == 0)
        {
            throw new EngineException(1299, "02000", 0, $"no data found: SELECT ... INTO {string.Join(", ", step.Targets)} in procedure {procedure.Schema}.{procedure.Name}");
        }

        if (rows.Count > 1)
        {
            throw new EngineException(1300, "HY000", 0, $"fetch returns more than requested number of rows: SELECT ... INTO {string.Join(", ", step.Targets)}");
        }

        if (rows[0].Length != step.Targets.Count)
        {
            throw new EngineException(1281, "HY000", 0, $"wrong number or types of parameters: {rows[0].Length} columns INTO {step.Targets.Count} variables");
        }

        for (var i = 0; i < step.Targets.Count; i++)
        {
            // stored as read, converted to the variable's type by the CAST wherever it is used
            _scalars[step.Targets[i]] = _scalars[step.Targets[i]] with { Value = rows[0][i] };
        }
    }

    private void AssignTable(ProcedureStep step)
    {
        var (hana, values) = Substitute(step.Sql!, bareNames: false);
        var rewritten = EngineSession.RewriteChecked(hana);
        var temp = $"\"temp\".\"main\".\"__PROC_TABLE_{Interlocked.Increment(ref _tableCounter)}\"";
        var name = step.Targets[0];
        string select;
        if (procedure.Parameters.FirstOrDefault(p => p.Name == name && p.IsTable) is { } output)
        {
            // an OUT table takes the declared column names and types, by position
            var columns = output.TableColumns!;
            select = "SELECT " + string.Join(", ", columns.Select(c => $"CAST({Quote(c.Name)} AS {c.Type.DuckDbType}) AS {Quote(c.Name)}"))
                     + $" FROM ({rewritten.Sql}) AS \"__SOURCE\"({string.Join(", ", columns.Select(c => Quote(c.Name)))})";
        }
        else
        {
            select = rewritten.Sql;
        }

        _tempTables.Add(temp);
        session.RunNativeCommand($"CREATE TEMP TABLE {temp} AS {select}", rewritten, values);
        _tables[name] = temp;
    }

    private void RunDml(string text)
    {
        var (sql, values) = Substitute(text, bareNames: false);
        using var statement = session.Prepare(sql);
        session.Execute(statement, values.Count == 0 ? [] : [values.ToArray()], autoCommit: false);
    }

    private bool IsTrue(string condition)
        => Evaluate($"CASE WHEN {condition} THEN TRUE ELSE FALSE END", "BOOLEAN", bareNames: true) is true;

    private object? Evaluate(string expression, string typeText, bool bareNames)
    {
        var (sql, values) = Substitute($"SELECT CAST(({expression}) AS {typeText}) FROM DUMMY", bareNames);
        using var cursor = session.OpenMaterialized(sql, values, null);
        return cursor.FetchRows(1)[0][0];
    }

    /// <summary>
    /// Replaces :name (and, in expressions, a bare name that is a scalar) by CAST(? AS type) with the value as a
    /// parameter, and :table by the table variable's temporary table.
    /// </summary>
    private (string Sql, List<object?> Values) Substitute(string text, bool bareNames)
    {
        var tokens = SqlTokenizer.Tokenize(text);
        var significant = tokens.Where(t => t.IsSignificant).ToList();
        var values = new List<object?>();
        var sb = new StringBuilder(text.Length + 16);
        foreach (var token in tokens)
        {
            string? replacement = null;
            if (token.Kind == SqlTokenKind.Parameter && token.Text.StartsWith(':'))
            {
                var name = token.Text[1..].ToUpperInvariant();
                if (_scalars.TryGetValue(name, out var scalar))
                {
                    replacement = $"CAST(? AS {scalar.TypeText})";
                    values.Add(scalar.Value);
                }
                else if (_tables.TryGetValue(name, out var table))
                {
                    replacement = table;
                }
                else
                {
                    throw new EngineException(1299, "02000", 0, $"no data found: table variable {name} has not been assigned");
                }
            }
            else if (bareNames && token.Kind == SqlTokenKind.Identifier && _scalars.TryGetValue(token.Upper, out var scalar))
            {
                var at = significant.IndexOf(token);
                var qualified = at > 0 && significant[at - 1].IsSymbol(".");
                var call = at + 1 < significant.Count && (significant[at + 1].IsSymbol("(") || significant[at + 1].IsSymbol("."));
                if (!qualified && !call)
                {
                    replacement = $"CAST(? AS {scalar.TypeText})";
                    values.Add(scalar.Value);
                }
            }

            sb.Append(replacement ?? token.Text);
        }

        return (sb.ToString(), values);
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed record Scalar(string TypeText, object? Value);
}
