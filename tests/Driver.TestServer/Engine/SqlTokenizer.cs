namespace Driver.TestServer.Engine;

/// <summary>
/// Splits HANA SQL into tokens. Strings ('..' with '' escapes), quoted identifiers ("..", "" escapes) and comments
/// (-- and /* */) are single tokens, so the rewriter can never alter their content.
/// </summary>
internal static class SqlTokenizer
{
    public static List<SqlToken> Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < sql.Length)
        {
            var start = i;
            var c = sql[i];
            SqlTokenKind kind;
            if (char.IsWhiteSpace(c))
            {
                while (i < sql.Length && char.IsWhiteSpace(sql[i])) i++;
                kind = SqlTokenKind.Whitespace;
            }
            else if (c == '-' && Peek(sql, i + 1) == '-')
            {
                while (i < sql.Length && sql[i] != '\n') i++;
                kind = SqlTokenKind.Comment;
            }
            else if (c == '/' && Peek(sql, i + 1) == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
                kind = SqlTokenKind.Comment;
            }
            else if (c == '\'')
            {
                i = SkipQuoted(sql, i, '\'');
                kind = SqlTokenKind.String;
            }
            else if (c == '"')
            {
                i = SkipQuoted(sql, i, '"');
                kind = SqlTokenKind.QuotedIdentifier;
            }
            else if (char.IsDigit(c) || (c == '.' && char.IsDigit(Peek(sql, i + 1))))
            {
                while (i < sql.Length && (char.IsDigit(sql[i]) || sql[i] == '.')) i++;
                if (i < sql.Length && (sql[i] == 'e' || sql[i] == 'E')
                    && (char.IsDigit(Peek(sql, i + 1)) || ((Peek(sql, i + 1) == '+' || Peek(sql, i + 1) == '-') && char.IsDigit(Peek(sql, i + 2)))))
                {
                    i += 2;
                    while (i < sql.Length && char.IsDigit(sql[i])) i++;
                }

                kind = SqlTokenKind.Number;
            }
            else if (char.IsLetter(c) || c == '_' || c == '#' || c == '$')
            {
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_' || sql[i] == '#' || sql[i] == '$')) i++;
                kind = SqlTokenKind.Identifier;
            }
            else if (c == '?')
            {
                i++;
                kind = SqlTokenKind.Parameter;
            }
            else if (c == ':' && char.IsLetter(Peek(sql, i + 1)))
            {
                // :name host variables (HANA named parameters) are positional markers for the client
                i++;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_')) i++;
                kind = SqlTokenKind.Parameter;
            }
            else
            {
                var two = i + 1 < sql.Length ? sql.Substring(i, 2) : "";
                i += two is "||" or "<=" or ">=" or "<>" or "!=" or "::" or "=>" ? 2 : 1;
                kind = SqlTokenKind.Symbol;
            }

            tokens.Add(new SqlToken(kind, start, sql.Substring(start, i - start)));
        }

        return tokens;
    }

    private static char Peek(string s, int i) => i < s.Length ? s[i] : '\0';

    private static int SkipQuoted(string sql, int i, char quote)
    {
        i++;
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return i; // unterminated: DuckDB reports the syntax error
    }
}
