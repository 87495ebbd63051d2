using System.Text.RegularExpressions;

namespace Driver.TestServer.Engine;

/// <summary>
/// HANA's wording for the common errors, built from the pieces of DuckDB's text (docs/protocol.md §12): the name HANA
/// puts after the error's title, and for errors tied to the SQL text the suffix "line L col C (at pos P)" with P the
/// 0-based offset the ERROR part carries. Never the engine's own phrasing ("Did you mean ...").
/// </summary>
internal static partial class HanaErrorText
{
    /// <summary>Appends HANA's location suffix when the error has a place in the client's SQL.</summary>
    public static string Located(string text, RewrittenSql? sql, int? position)
    {
        if (sql is null || position is not { } pos)
        {
            return text;
        }

        var original = sql.Original;
        pos = Math.Clamp(pos, 0, original.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < pos; i++)
        {
            if (original[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return $"{text}: line {line} col {pos - lineStart + 1} (at pos {pos})";
    }

    /// <summary>DuckDB's "syntax error at or near "X"" as HANA's "incorrect syntax near "X"".</summary>
    public static string SyntaxDetail(string message)
    {
        var near = NearPattern().Match(message);
        if (near.Success)
        {
            return $"incorrect syntax near \"{near.Groups[1].Value}\"";
        }

        return message.Contains("end of input", StringComparison.OrdinalIgnoreCase)
            ? "incorrect syntax near end of statement"
            : FirstLine(message);
    }

    /// <summary>HANA: "invalid table name:  Could not find table/view T in schema S" (two spaces, as HANA writes it).</summary>
    public static string UnknownTable(string? name, string message, string? schema)
    {
        var table = Unquote(name) ?? FirstQuoted(message) ?? WithName().Match(message) switch
        {
            { Success: true } m => m.Groups[1].Value,
            _ => "?",
        };
        var dot = table.LastIndexOf('.');
        if (dot > 0)
        {
            schema = table[..dot];
            table = table[(dot + 1)..];
        }

        return schema is null
            ? $"invalid table name:  Could not find table/view {table}"
            : $"invalid table name:  Could not find table/view {table} in schema {schema}";
    }

    /// <summary>The schema named by "... because schema "S" does not exist", if that is the cause.</summary>
    public static string? MissingSchema(string message)
    {
        var match = MissingSchemaPattern().Match(message);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>DuckDB: "NOT NULL constraint failed: T.C"; HANA names the column.</summary>
    public static string NotNullColumn(string message)
    {
        var colon = message.LastIndexOf(": ", StringComparison.Ordinal);
        var qualified = colon >= 0 ? message[(colon + 2)..].Trim() : message;
        var dot = qualified.LastIndexOf('.');
        return dot >= 0 ? qualified[(dot + 1)..] : qualified;
    }

    /// <summary>HANA: "unique constraint violated: Table(T)"; the duplicate key DuckDB names follows "with error".</summary>
    public static string UniqueViolation(string message, RewrittenSql? sql)
    {
        var text = sql?.Tables.Count > 0 ? $"unique constraint violated: Table({sql.Tables[0].Name})" : "unique constraint violated";
        var key = FirstQuoted(message);
        return key is null ? text : $"{text} with error: duplicate key {key}";
    }

    /// <summary>DuckDB: "Could not convert string 'abc' to INT32"; HANA: "not a valid number string 'abc'".</summary>
    public static string NumberDetail(string message)
    {
        var match = ConvertPattern().Match(message);
        return match.Success ? $"not a valid number string '{match.Groups[1].Value}'" : FirstLine(message);
    }

    /// <summary>HANA: "Error while parsing V as DATE" style detail from DuckDB's date texts.</summary>
    public static string DateDetail(string message)
    {
        var value = FirstQuoted(message) ?? ConvertPattern().Match(message) switch
        {
            { Success: true } m => m.Groups[1].Value,
            _ => null,
        };
        return value is null ? FirstLine(message) : $"Error while parsing {value}";
    }

    /// <summary>DuckDB: "Casting value "V" to type T failed: value is out of range!"; HANA names the value and the type.</summary>
    public static string OverflowDetail(string message)
    {
        var match = CastPattern().Match(message);
        return match.Success ? $"value {match.Groups[1].Value} is out of range for {match.Groups[2].Value}" : FirstLine(message);
    }

    /// <summary>The first double-quoted name in DuckDB's message, without its quotes.</summary>
    public static string? FirstQuoted(string message)
    {
        var match = QuotedPattern().Match(message);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>The first line: DuckDB adds hints ("Did you mean ...", "LINE 1: ...") on later lines.</summary>
    public static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? message : message[..newline]).TrimEnd();
    }

    /// <summary>Catalog names are upper case unless quoted; DuckDB reports functions as it folded them.</summary>
    public static string Upper(string? name) => (Unquote(name) ?? "?").ToUpperInvariant();

    private static string? Unquote(string? name) => name?.Trim('"');

    [GeneratedRegex("at or near \"([^\"]*)\"")]
    private static partial Regex NearPattern();

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex QuotedPattern();

    [GeneratedRegex("with name ([^ !]+)")]
    private static partial Regex WithName();

    [GeneratedRegex("schema \"([^\"]+)\" does not exist")]
    private static partial Regex MissingSchemaPattern();

    [GeneratedRegex("convert string '([^']*)'")]
    private static partial Regex ConvertPattern();

    [GeneratedRegex("value \"([^\"]*)\" to type ([^ ]+) failed")]
    private static partial Regex CastPattern();
}
