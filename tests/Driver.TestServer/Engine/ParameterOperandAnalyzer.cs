using System.Globalization;

namespace Driver.TestServer.Engine;

/// <summary>
/// Finds, for each parameter marker of a HANA statement, the operand HANA types it from: the other side of an
/// arithmetic operator (+ - * /) or comparison (=, &lt;&gt;, !=, &lt;, &gt;, &lt;=, &gt;=, also SET col = ?), the tested
/// expression of BETWEEN and of an IN list. DuckDB leaves arithmetic parameters untyped ("Could not choose a best
/// candidate function"), which would make them NVARCHAR on the wire; HANA gives them the other operand's type.
/// Also CAST(? AS t) is t. Only a single column, numeric literal or CAST counts as an operand: the type of a compound expression is left
/// to DuckDB (it types a comparison against one once the arithmetic parameters in it are typed).
/// </summary>
internal static class ParameterOperandAnalyzer
{
    /// <summary>Words that end a table reference (so they are never taken for an alias).</summary>
    private static readonly HashSet<string> TableEndWords =
    [
        "WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET", "UNION", "EXCEPT", "INTERSECT", "MINUS", "JOIN", "INNER",
        "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "ON", "USING", "FOR", "WITH", "NATURAL", "AS", "SET", "VALUES", "SELECT",
        "QUALIFY", "WINDOW",
    ];

    /// <summary>Words at which the search for a BETWEEN before an AND gives up.</summary>
    private static readonly HashSet<string> BetweenStopWords = ["AND", "OR", "WHERE", "ON", "HAVING", "SET", "WHEN", "THEN", "ELSE", "SELECT"];

    /// <summary>
    /// One entry per parameter marker (null when nothing types it), and the tables the statement names
    /// (FROM, JOIN, UPDATE, INSERT INTO, UPSERT), for resolving column operands.
    /// </summary>
    public static ParameterOperand?[] Analyse(string hanaSql, out List<TableReference> tables)
    {
        var s = SqlTokenizer.Tokenize(hanaSql).Where(t => t.IsSignificant).ToList();
        var match = MatchParentheses(s);
        tables = ReadTables(s);
        var result = new List<ParameterOperand?>();
        for (var k = 0; k < s.Count; k++)
        {
            if (s[k].Kind == SqlTokenKind.Parameter)
            {
                result.Add(OperandOf(s, match, k));
            }
        }

        return result.ToArray();
    }

    private static ParameterOperand? OperandOf(List<SqlToken> s, int[] match, int k)
    {
        var prev = k > 0 ? s[k - 1] : null;
        var next = k + 1 < s.Count ? s[k + 1] : null;

        // CAST(? AS t): DuckDB does not always report t for the parameter (not for DECIMAL, nor under "/")
        if (prev is not null && prev.IsSymbol("(") && k >= 2 && s[k - 2].Is("CAST") && next is not null && next.Is("AS")
            && DeclaredType.TryParse(s, k + 2, out var castType, out var castEnd) && castEnd + 1 < s.Count && s[castEnd + 1].IsSymbol(")"))
        {
            return new ParameterOperand(null, null, castType, false);
        }

        // x [NOT] IN (?, ?, ...): every item takes x's type
        if (prev is not null && next is not null && (prev.IsSymbol("(") || prev.IsSymbol(",")) && (next.IsSymbol(",") || next.IsSymbol(")")))
        {
            var open = k - 1;
            while (open >= 0 && !(s[open].IsSymbol("(") && match[open] > k))
            {
                open--;
            }

            if (open > 0 && s[open - 1].Is("IN"))
            {
                return LeftAtom(s, match, SkipNot(s, open - 2), 1);
            }
        }

        // x [NOT] BETWEEN ? AND ?
        if (prev is not null && prev.Is("BETWEEN"))
        {
            return LeftAtom(s, match, SkipNot(s, k - 2), 1);
        }

        if (prev is not null && prev.Is("AND"))
        {
            for (var b = k - 2; b > 0; b--)
            {
                if (s[b].Is("BETWEEN"))
                {
                    return LeftAtom(s, match, SkipNot(s, b - 1), 1);
                }

                if ((s[b].Kind == SqlTokenKind.Identifier && BetweenStopWords.Contains(s[b].Upper)) || s[b].IsSymbol(",")
                    || (s[b].IsSymbol("(") && match[b] > k))
                {
                    break;
                }

                if (s[b].IsSymbol(")") && match[b] >= 0)
                {
                    b = match[b];
                }
            }
        }

        // binary operators: the side that binds tighter wins (left on a tie: the operators are left-associative)
        var leftPrecedence = prev is null ? 0 : Precedence(prev);
        var rightPrecedence = next is null ? 0 : Precedence(next);
        if (leftPrecedence > 0 && IsUnaryPosition(s, k - 1))
        {
            leftPrecedence = 0;
        }

        // no falling back to the other side: in A * B - ? > 0 the operand of ? is A * B, not 0
        return rightPrecedence > leftPrecedence
            ? Operand(RightAtom(s, match, k + 2, rightPrecedence), rightPrecedence)
            : leftPrecedence > 0 ? Operand(LeftAtom(s, match, k - 2, leftPrecedence), leftPrecedence) : null;
    }

    private static ParameterOperand? Operand(ParameterOperand? atom, int precedence)
        => atom is null ? null : atom with { Arithmetic = precedence > 1 };

    /// <summary>Skips a NOT before IN / BETWEEN: returns the index of the operand's last token.</summary>
    private static int SkipNot(List<SqlToken> s, int i) => i >= 0 && s[i].Is("NOT") ? i - 1 : i;

    /// <summary>1 comparison, 2 additive, 3 multiplicative, 0 not a binary operator.</summary>
    private static int Precedence(SqlToken t) => t.Kind != SqlTokenKind.Symbol ? 0 : t.Text switch
    {
        "*" or "/" => 3,
        "+" or "-" => 2,
        "=" or "<>" or "!=" or "<" or ">" or "<=" or ">=" => 1,
        _ => 0,
    };

    /// <summary>A + or - that follows an operator, a keyword or "(" is a sign, not a binary operator.</summary>
    private static bool IsUnaryPosition(List<SqlToken> s, int op)
    {
        if (s[op].Text is not ("+" or "-"))
        {
            return false;
        }

        var before = op > 0 ? s[op - 1] : null;
        return before is null || Precedence(before) > 0 || before.IsSymbol("(") || before.IsSymbol(",")
               || (before.Kind == SqlTokenKind.Identifier && before.Upper is "SELECT" or "WHERE" or "AND" or "OR" or "THEN" or "ELSE" or "WHEN" or "SET" or "ON");
    }

    /// <summary>The operand ending at <paramref name="end"/>, unless an operator binding at least as tightly precedes it.</summary>
    private static ParameterOperand? LeftAtom(List<SqlToken> s, int[] match, int end, int precedence)
    {
        if (end < 0)
        {
            return null;
        }

        int start;
        ParameterOperand? atom;
        var t = s[end];
        if (IsName(t))
        {
            start = end;
            while (start >= 2 && s[start - 1].IsSymbol(".") && IsName(s[start - 2]))
            {
                start -= 2;
            }

            atom = Column(s, start, end);
        }
        else if (t.Kind == SqlTokenKind.Number)
        {
            start = end;
            atom = Literal(t.Text);
        }
        else if (t.IsSymbol(")") && match[end] > 0 && s[match[end] - 1].Is("CAST"))
        {
            start = match[end] - 1;
            atom = CastType(s, match[end], end);
        }
        else
        {
            return null;
        }

        if (start > 0 && Precedence(s[start - 1]) >= precedence && Precedence(s[start - 1]) > 1 && !IsUnaryPosition(s, start - 1))
        {
            return null; // e.g. A * B - ?: the operand is A * B, not B
        }

        return atom;
    }

    /// <summary>The operand starting at <paramref name="start"/>, unless an operator binding more tightly follows it.</summary>
    private static ParameterOperand? RightAtom(List<SqlToken> s, int[] match, int start, int precedence)
    {
        if (start >= s.Count)
        {
            return null;
        }

        int end;
        ParameterOperand? atom;
        var t = s[start];
        if (t.Is("CAST") && start + 1 < s.Count && s[start + 1].IsSymbol("(") && match[start + 1] > 0)
        {
            end = match[start + 1];
            atom = CastType(s, start + 1, end);
        }
        else if (IsName(t))
        {
            end = start;
            while (end + 2 < s.Count && s[end + 1].IsSymbol(".") && IsName(s[end + 2]))
            {
                end += 2;
            }

            if (end + 1 < s.Count && s[end + 1].IsSymbol("("))
            {
                return null; // a function call
            }

            atom = Column(s, start, end);
        }
        else if (t.Kind == SqlTokenKind.Number)
        {
            end = start;
            atom = Literal(t.Text);
        }
        else
        {
            return null;
        }

        if (end + 1 < s.Count && Precedence(s[end + 1]) > precedence)
        {
            return null; // e.g. ? - A * B: the operand is A * B, not A
        }

        return atom;
    }

    private static bool IsName(SqlToken t) => t.Kind is SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier;

    /// <summary>Catalog spelling of an identifier token: upper-cased if unquoted, unescaped if quoted.</summary>
    private static string NameOf(SqlToken t)
        => t.Kind == SqlTokenKind.QuotedIdentifier ? t.Text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : t.Upper;

    private static ParameterOperand Column(List<SqlToken> s, int start, int end)
        => new(end > start ? NameOf(s[end - 2]) : null, NameOf(s[end]), null, false);

    /// <summary>CAST(x AS type): the type between AS and the closing parenthesis.</summary>
    private static ParameterOperand? CastType(List<SqlToken> s, int open, int close)
    {
        for (var i = close - 1; i > open; i--)
        {
            if (s[i].Is("AS") && DeclaredType.TryParse(s, i + 1, out var type, out var last) && last == close - 1)
            {
                return new ParameterOperand(null, null, type, false);
            }
        }

        return null;
    }

    /// <summary>HANA's type of a numeric literal: INTEGER, BIGINT, DECIMAL(p,s) or DOUBLE.</summary>
    private static ParameterOperand? Literal(string text)
    {
        string name;
        if (text.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            name = "DOUBLE";
        }
        else if (text.Contains('.'))
        {
            // floating DECIMAL rather than the literal's own DECIMAL(3,2) for 2.50, which would only take values below 10
            name = "DECIMAL";
        }
        else if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            name = "INTEGER";
        }
        else if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            name = "BIGINT";
        }
        else
        {
            name = string.Create(CultureInfo.InvariantCulture, $"DECIMAL({Math.Min(text.Length, 38)},0)");
        }

        var tokens = SqlTokenizer.Tokenize(name);
        return DeclaredType.TryParse(tokens, 0, out var type, out _) ? new ParameterOperand(null, null, type, false) : null;
    }

    private static int[] MatchParentheses(List<SqlToken> s)
    {
        var match = new int[s.Count];
        Array.Fill(match, -1);
        var stack = new Stack<int>();
        for (var i = 0; i < s.Count; i++)
        {
            if (s[i].IsSymbol("("))
            {
                stack.Push(i);
            }
            else if (s[i].IsSymbol(")") && stack.Count > 0)
            {
                var open = stack.Pop();
                match[open] = i;
                match[i] = open;
            }
        }

        return match;
    }

    /// <summary>Tables after FROM / JOIN / UPDATE / INTO / UPSERT anywhere in the statement (subqueries included).</summary>
    private static List<TableReference> ReadTables(List<SqlToken> s)
    {
        var tables = new List<TableReference>();
        for (var k = 0; k < s.Count; k++)
        {
            if (!(s[k].Kind == SqlTokenKind.Identifier && s[k].Upper is "FROM" or "JOIN" or "UPDATE" or "INTO" or "UPSERT" or "REPLACE"))
            {
                continue;
            }

            var i = k + 1;
            while (i < s.Count && IsName(s[i]) && !(s[i].Kind == SqlTokenKind.Identifier && TableEndWords.Contains(s[i].Upper)))
            {
                string? schema = null;
                var name = NameOf(s[i]);
                if (i + 2 < s.Count && s[i + 1].IsSymbol(".") && IsName(s[i + 2]))
                {
                    schema = name;
                    name = NameOf(s[i + 2]);
                    i += 2;
                }

                if (i + 1 < s.Count && s[i + 1].IsSymbol("("))
                {
                    if (s[k].Upper is not ("FROM" or "JOIN"))
                    {
                        tables.Add(new TableReference(schema, name, null)); // INSERT INTO t (columns)
                    }

                    break; // else a table function
                }

                i++;
                if (i < s.Count && s[i].Is("AS"))
                {
                    i++;
                }

                string? alias = null;
                if (i < s.Count && IsName(s[i]) && !(s[i].Kind == SqlTokenKind.Identifier && TableEndWords.Contains(s[i].Upper)))
                {
                    alias = NameOf(s[i]);
                    i++;
                }

                tables.Add(new TableReference(schema, name, alias));
                if (i < s.Count && s[i].IsSymbol(","))
                {
                    i++;
                    continue;
                }

                break;
            }
        }

        return tables;
    }
}
