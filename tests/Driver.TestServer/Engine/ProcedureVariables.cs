namespace Driver.TestServer.Engine;

/// <summary>
/// The names a procedure body may use, checked at CREATE: scalar parameters and DECLAREd variables are scalars; table
/// parameters and names assigned a SELECT are table variables. Every :name must be one of them, an assignment target
/// must be a scalar, and an IN parameter or a scalar cannot take a table.
/// </summary>
internal sealed class ProcedureVariables(IReadOnlyList<ProcedureParameter> parameters)
{
    private readonly HashSet<string> _scalars = parameters.Where(p => !p.IsTable).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
    private readonly HashSet<string> _tables = parameters.Where(p => p.IsTable).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    public void Check(IReadOnlyList<ProcedureStep> body, Func<string, EngineException> unsupported)
    {
        Collect(body);
        Verify(body, unsupported);
    }

    private void Collect(IReadOnlyList<ProcedureStep> steps)
    {
        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case ProcedureStepKind.Declare:
                    if (!_scalars.Add(step.Targets[0]) || _tables.Contains(step.Targets[0]))
                    {
                        throw new EngineException(288, "HY000", 0, $"cannot use duplicate name of variable: {step.Targets[0]}");
                    }

                    break;
                case ProcedureStepKind.TableAssign when !_scalars.Contains(step.Targets[0]):
                    _tables.Add(step.Targets[0]);
                    break;
            }

            foreach (var branch in step.Branches)
            {
                Collect(branch.Steps);
            }
        }
    }

    private void Verify(IReadOnlyList<ProcedureStep> steps, Func<string, EngineException> unsupported)
    {
        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case ProcedureStepKind.Assign or ProcedureStepKind.SelectInto:
                    foreach (var target in step.Targets)
                    {
                        if (!_scalars.Contains(target))
                        {
                            throw _tables.Contains(target)
                                ? unsupported($"assigning a scalar to the table variable {target}")
                                : Undeclared(target);
                        }
                    }

                    break;
                case ProcedureStepKind.TableAssign:
                    if (_scalars.Contains(step.Targets[0]))
                    {
                        throw new EngineException(266, "HY000", 0, $"inconsistent datatype: a table cannot be assigned to the scalar {step.Targets[0]}");
                    }

                    break;
            }

            CheckReferences(step.Sql);
            foreach (var branch in step.Branches)
            {
                CheckReferences(branch.Condition);
                Verify(branch.Steps, unsupported);
            }
        }
    }

    private void CheckReferences(string? sql)
    {
        if (sql is null)
        {
            return;
        }

        foreach (var token in SqlTokenizer.Tokenize(sql))
        {
            if (token.Kind == SqlTokenKind.Parameter && token.Text.StartsWith(':'))
            {
                var name = token.Text[1..].ToUpperInvariant();
                if (!_scalars.Contains(name) && !_tables.Contains(name))
                {
                    throw Undeclared(name);
                }
            }
            else if (token.Kind == SqlTokenKind.Parameter)
            {
                throw new EngineException(257, "42000", 0, "sql syntax error: parameter markers (?) are not allowed in a procedure body");
            }
        }
    }

    private static EngineException Undeclared(string name)
        => new(257, "42000", 0, $"sql syntax error: identifier must be declared: {name}");
}
