using System.Text;

namespace Driver.Core.Session;

/// <summary>
/// Finds the parameter markers of a SQL text: positional <c>?</c> and named <c>:name</c> / <c>@name</c>, the
/// named ones rewritten to <c>?</c> because the server only knows positional markers (PREPARE, §9.1). String
/// literals ('...' with '' escapes), quoted identifiers ("..."), <c>--</c> line comments and <c>/* */</c> block
/// comments are copied untouched; <c>::</c>, <c>@@</c> and a prefix not followed by an identifier start (as in
/// <c>:=</c>) are not markers.
/// </summary>
internal static class ParameterMarkerScanner
{
    public static ParameterMarkers Scan(string sql)
    {
        var names = new List<string>();
        var positional = 0;
        StringBuilder? rewritten = null;
        var copiedUpTo = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            switch (c)
            {
                case '\'':
                case '"':
                    i = SkipQuoted(sql, i, c);
                    break;
                case '-' when Next(sql, i) == '-':
                    i = SkipLineComment(sql, i);
                    break;
                case '/' when Next(sql, i) == '*':
                    i = SkipBlockComment(sql, i);
                    break;
                case '?':
                    positional++;
                    i++;
                    break;
                case ':' or '@' when Next(sql, i) == c:
                    // '::' (a cast in some dialects) and '@@' (system variables) are not markers
                    i += 2;
                    break;
                case ':' or '@' when IsIdentifierStart(Next(sql, i)):
                    var end = i + 1;
                    while (end < sql.Length && IsIdentifierPart(sql[end]))
                    {
                        end++;
                    }
                    names.Add(sql.Substring(i + 1, end - i - 1));
                    rewritten ??= new StringBuilder(sql.Length);
                    rewritten.Append(sql, copiedUpTo, i - copiedUpTo).Append('?');
                    copiedUpTo = end;
                    i = end;
                    break;
                default:
                    i++;
                    break;
            }
        }
        if (names.Count > 0 && positional > 0)
        {
            throw new ArgumentException(
                $"The SQL text mixes {positional} positional '?' marker(s) with {names.Count} named marker(s) (:{names[0]}); use one kind of parameter marker per statement.");
        }
        if (rewritten is null)
        {
            return new ParameterMarkers(sql, names, positional);
        }
        rewritten.Append(sql, copiedUpTo, sql.Length - copiedUpTo);
        return new ParameterMarkers(rewritten.ToString(), names, positional);
    }

    /// <summary>The name a parameter answers to: its ParameterName without a ':' or '@' prefix.</summary>
    public static string BareName(string parameterName) =>
        parameterName.Length > 0 && (parameterName[0] == ':' || parameterName[0] == '@') ? parameterName.Substring(1) : parameterName;

    private static char Next(string sql, int i) => i + 1 < sql.Length ? sql[i + 1] : '\0';

    private static bool IsIdentifierStart(char c) => c == '_' || char.IsLetter(c);

    private static bool IsIdentifierPart(char c) => c == '_' || c == '$' || c == '#' || char.IsLetterOrDigit(c);

    /// <summary>Index after the closing quote; a doubled quote is an escaped one. An unclosed quote runs to the end.</summary>
    private static int SkipQuoted(string sql, int start, char quote)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                if (Next(sql, i) == quote)
                {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return i;
    }

    private static int SkipLineComment(string sql, int start)
    {
        var end = sql.IndexOf('\n', start + 2);
        return end < 0 ? sql.Length : end + 1;
    }

    private static int SkipBlockComment(string sql, int start)
    {
        var end = sql.IndexOf("*/", start + 2, StringComparison.Ordinal);
        return end < 0 ? sql.Length : end + 2;
    }
}
