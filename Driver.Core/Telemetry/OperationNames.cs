namespace Driver.Core.Telemetry;

/// <summary>
/// db.operation.name from the statement text without parsing it: the first keyword after whitespace, comments
/// and opening parentheses, if it is one of a fixed list of SQL verbs (anything else gives null, so an odd
/// statement cannot add a new value to the low-cardinality attributes). The names are constants: nothing is
/// allocated.
/// </summary>
internal static class OperationNames
{
    public const string Prepare = "PREPARE";
    public const string Open = "OPEN";
    private const string BatchPrefix = "BATCH ";

    private static readonly string[] s_verbs =
    [
        "SELECT", "INSERT", "UPDATE", "DELETE", "UPSERT", "REPLACE", "MERGE", "CALL", "WITH", "VALUES",
        "CREATE", "DROP", "ALTER", "TRUNCATE", "RENAME", "COMMENT", "GRANT", "REVOKE",
        "SET", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "LOCK", "EXPLAIN", "DO", "LOAD", "UNLOAD",
        "IMPORT", "EXPORT", "BACKUP", "RECOVER", "REFRESH", "CONNECT",
    ];

    private static readonly string[] s_batchVerbs = s_verbs.Select(verb => BatchPrefix + verb).ToArray();

    /// <summary>The statement's verb (SELECT, INSERT, ...), or null when the text starts otherwise.</summary>
    public static string? Of(string sql) => Find(sql) is var index and >= 0 ? s_verbs[index] : null;

    /// <summary>A batch of two or more rows: "BATCH INSERT" (the conventions' form); one row is a plain operation.</summary>
    public static string? OfBatch(string sql, int rows) =>
        Find(sql) is var index and >= 0 ? (rows >= 2 ? s_batchVerbs[index] : s_verbs[index]) : null;

    /// <summary>
    /// The procedure a CALL names (<c>CALL SCHEMA.PROC(...)</c> gives <c>SCHEMA.PROC</c>, quotes kept), for
    /// db.stored_procedure.name; null for any other statement. Allocates only for a CALL, and only when observed.
    /// </summary>
    public static string? ProcedureOf(string sql)
    {
        var i = SkipToKeyword(sql);
        if (string.Compare(sql, i, "CALL", 0, 4, StringComparison.OrdinalIgnoreCase) != 0 || i + 4 >= sql.Length || !char.IsWhiteSpace(sql[i + 4]))
        {
            return null;
        }
        i += 4;
        while (i < sql.Length && char.IsWhiteSpace(sql[i]))
        {
            i++;
        }
        var start = i;
        var quoted = false;
        while (i < sql.Length && (quoted || (sql[i] != '(' && sql[i] != ';' && !char.IsWhiteSpace(sql[i]))))
        {
            quoted ^= sql[i] == '"';
            i++;
        }
        // a name is bounded like an identifier (HANA: 127 characters per part); a longer token is not a name
        return i > start && i - start <= 512 ? sql.Substring(start, i - start) : null;
    }

    private static int Find(string sql)
    {
        var i = SkipToKeyword(sql);
        var start = i;
        while (i < sql.Length && IsLetter(sql[i]))
        {
            i++;
        }
        var length = i - start;
        if (length == 0)
        {
            return -1;
        }
        for (var v = 0; v < s_verbs.Length; v++)
        {
            var verb = s_verbs[v];
            if (verb.Length == length && string.Compare(sql, start, verb, 0, length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                return v;
            }
        }
        return -1;
    }

    /// <summary>Skips whitespace, "-- line" and "/* block */" comments and opening parentheses.</summary>
    internal static int SkipToKeyword(string sql)
    {
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c) || c == '(')
            {
                i++;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var end = sql.IndexOf('\n', i + 2);
                i = end < 0 ? sql.Length : end + 1;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
            }
            else
            {
                break;
            }
        }
        return i;
    }

    private static bool IsLetter(char c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
