namespace Driver.TestServer.Engine;

// The body: statements up to a stop word (ELSEIF / ELSE / END of an IF, or the body's END), each ending with ';'.
internal sealed partial class ProcedureParser
{
    private List<ProcedureStep> ReadBlock(ref int i, int end, HashSet<string> stopWords)
    {
        var steps = new List<ProcedureStep>();
        while (i < end)
        {
            if (_s[i].IsSymbol(";"))
            {
                i++;
                continue;
            }

            if (_s[i].Kind == SqlTokenKind.Identifier && stopWords.Contains(_s[i].Upper))
            {
                break;
            }

            steps.Add(ReadStatement(ref i, end));
        }

        return steps;
    }

    /// <summary>Index of the ';' ending the statement that starts at <paramref name="i"/> (or <paramref name="end"/>).</summary>
    private int StatementEnd(int i, int end)
    {
        var depth = _depth[i];
        for (var k = i; k < end; k++)
        {
            if (_s[k].IsSymbol(";") && _depth[k] == depth)
            {
                return k;
            }
        }

        throw Syntax(At(end), "';' ending the statement");
    }

    private ProcedureStep ReadStatement(ref int i, int end)
    {
        var first = _s[i];
        var word = first.Kind == SqlTokenKind.Identifier ? first.Upper : first.Text;
        if (word == "IF")
        {
            return ReadIf(ref i, end);
        }

        var stop = StatementEnd(i, end);
        var last = stop - 1;
        var start = i;
        i = stop + 1;
        switch (word)
        {
            case "DECLARE":
                return ReadDeclare(start, last);
            case "SIGNAL":
                return ReadSignal(start, last);
            case "SELECT" or "WITH":
                return ReadSelect(start, last);
            case var w when DmlWords.Contains(w):
                return new ProcedureStep { Kind = ProcedureStepKind.Dml, Sql = Text(start, last) };
        }

        if (first.Kind is SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier)
        {
            var target = NameOf(first);
            if (At(start + 1)?.IsSymbol(":") == true && At(start + 2)?.IsSymbol("=") == true)
            {
                return Assignment(target, start + 3, last);
            }

            if (At(start + 1)?.IsSymbol("=") == true)
            {
                var rhs = start + 2;
                while (At(rhs)?.IsSymbol("(") == true)
                {
                    rhs++;
                }

                return At(rhs)?.Upper is "SELECT" or "WITH"
                    ? new ProcedureStep { Kind = ProcedureStepKind.TableAssign, Targets = [target], Sql = Text(start + 2, last) }
                    : Assignment(target, start + 2, last);
            }
        }

        var construct = word switch
        {
            "FOR" or "WHILE" or "LOOP" => $"the {word} loop",
            "CALL" => "a nested CALL",
            "EXEC" or "EXECUTE" => "dynamic SQL (EXEC / EXECUTE IMMEDIATE)",
            "BEGIN" => "a nested BEGIN ... END block",
            "OPEN" or "FETCH" or "CLOSE" => "cursors",
            "RESIGNAL" => "RESIGNAL",
            "RETURN" or "BREAK" or "CONTINUE" => word,
            "CREATE" or "DROP" or "ALTER" or "TRUNCATE" or "RENAME" => $"DDL ({word})",
            "COMMIT" or "ROLLBACK" => $"transaction control ({word})",
            _ => $"the statement \"{Text(start, Math.Min(last, start + 2))}\"",
        };
        throw Unsupported(construct);
    }

    private ProcedureStep Assignment(string target, int from, int last)
    {
        if (from > last)
        {
            throw Syntax(At(from), $"an expression assigned to {target}");
        }

        return new ProcedureStep { Kind = ProcedureStepKind.Assign, Targets = [target], Sql = Text(from, last) };
    }

    private ProcedureStep ReadIf(ref int i, int end)
    {
        var branches = new List<(string?, IReadOnlyList<ProcedureStep>)>();
        var keyword = i; // IF or ELSEIF
        while (true)
        {
            var then = keyword + 1;
            while (then < end && !(IsWord(then, "THEN") && _depth[then] == _depth[keyword]))
            {
                then++;
            }

            if (then >= end || then == keyword + 1)
            {
                throw Syntax(At(then), "a condition and THEN");
            }

            var condition = Text(keyword + 1, then - 1);
            i = then + 1;
            branches.Add((condition, ReadBlock(ref i, end, ["ELSEIF", "ELSE", "END"])));
            if (IsWord(i, "ELSEIF"))
            {
                keyword = i;
                continue;
            }

            if (IsWord(i, "ELSE"))
            {
                i++;
                branches.Add((null, ReadBlock(ref i, end, ["END"])));
            }

            if (!IsWord(i, "END") || !IsWord(i + 1, "IF"))
            {
                throw Syntax(At(i), "END IF");
            }

            i += 2;
            if (At(i)?.IsSymbol(";") == true)
            {
                i++;
            }

            return new ProcedureStep { Kind = ProcedureStepKind.If, Branches = branches };
        }
    }

    private ProcedureStep ReadDeclare(int start, int last)
    {
        var i = start + 1;
        if (At(i) is not { Kind: SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier } nameToken)
        {
            throw Syntax(At(i), "a variable name");
        }

        if (nameToken.Upper is "EXIT" or "CONTINUE" || At(i + 1)?.Upper is "CONDITION" or "CURSOR" or "HANDLER")
        {
            throw Unsupported($"DECLARE ... {(nameToken.Upper is "EXIT" or "CONTINUE" ? "HANDLER" : At(i + 1)!.Upper)}");
        }

        var name = NameOf(nameToken);
        i++;
        if (IsWord(i, "CONSTANT"))
        {
            i++;
        }

        if (IsWord(i, "TABLE") || At(i + 1)?.IsSymbol("ARRAY") == true || IsWord(i + 1, "ARRAY"))
        {
            throw Unsupported($"DECLARE {name} {_s[i].Text} (table and array variables: assign a SELECT instead)");
        }

        if (!DeclaredType.TryParse(_s, i, out var type, out var lastType))
        {
            throw Syntax(At(i), $"a type for variable {name}");
        }

        var typeText = Text(i, lastType);
        i = lastType + 1;
        if (IsWord(i, "NOT") && IsWord(i + 1, "NULL"))
        {
            i += 2;
        }

        string? initial = null;
        if (At(i)?.IsSymbol(":") == true && At(i + 1)?.IsSymbol("=") == true)
        {
            initial = Text(i + 2, last);
        }
        else if (IsWord(i, "DEFAULT") || At(i)?.IsSymbol("=") == true)
        {
            initial = Text(i + 1, last);
        }
        else if (i <= last)
        {
            throw Syntax(At(i), "';', ':=' or DEFAULT");
        }

        if (initial is "")
        {
            throw Syntax(At(last), $"an initial value for {name}");
        }

        return new ProcedureStep { Kind = ProcedureStepKind.Declare, Targets = [name], Type = type, TypeText = typeText, Sql = initial };
    }

    private ProcedureStep ReadSignal(int start, int last)
    {
        if (!IsWord(start + 1, "SQL_ERROR_CODE") || At(start + 2) is not { Kind: SqlTokenKind.Number } code
            || !int.TryParse(code.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            throw IsWord(start + 1, "SQL_ERROR_CODE") ? Syntax(At(start + 2), "an error code") : Unsupported("SIGNAL of a named condition");
        }

        if (number is < 10000 or > 19999)
        {
            // HANA reserves 10000..19999 for user-defined errors
            throw new EngineException(7, "HY000", code.Start + 1, $"feature not supported: SIGNAL SQL_ERROR_CODE {number}: user-defined error codes are 10000..19999");
        }

        string? message = null;
        if (start + 3 <= last)
        {
            if (!IsWord(start + 3, "SET") || !IsWord(start + 4, "MESSAGE_TEXT") || At(start + 5)?.IsSymbol("=") != true || start + 6 > last)
            {
                throw Syntax(At(start + 3), "SET MESSAGE_TEXT = '...'");
            }

            message = Text(start + 6, last);
        }

        return new ProcedureStep { Kind = ProcedureStepKind.Signal, ErrorCode = number, Sql = message };
    }

    private ProcedureStep ReadSelect(int start, int last)
    {
        var depth = _depth[start];
        for (var k = start + 1; k <= last; k++)
        {
            if (!IsWord(k, "INTO") || _depth[k] != depth)
            {
                continue;
            }

            var targets = new List<string>();
            var j = k + 1;
            while (j <= last && At(j) is { Kind: SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier } target)
            {
                targets.Add(NameOf(target));
                j++;
                if (At(j)?.IsSymbol(",") != true)
                {
                    break;
                }

                j++;
            }

            if (targets.Count == 0)
            {
                throw Syntax(At(k + 1), "variables after INTO");
            }

            var sql = Text(start, k - 1) + " " + Text(j, last);
            return new ProcedureStep { Kind = ProcedureStepKind.SelectInto, Targets = targets, Sql = sql };
        }

        return new ProcedureStep { Kind = ProcedureStepKind.Query, Sql = Text(start, last) };
    }
}
