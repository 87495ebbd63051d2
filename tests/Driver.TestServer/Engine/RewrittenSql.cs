namespace Driver.TestServer.Engine;

/// <summary>The DuckDB text of one HANA statement plus everything the rewriter learned about it.</summary>
internal sealed class RewrittenSql
{
    private readonly int[] _outputStarts;
    private readonly int[] _originalStarts;

    public RewrittenSql(string original, string sql, int[] outputStarts, int[] originalStarts)
    {
        Original = original;
        Sql = sql;
        _outputStarts = outputStarts;
        _originalStarts = originalStarts;
    }

    public string Original { get; }

    public string Sql { get; }

    public StatementKind Kind { get; init; }

    public CatalogChange? Change { get; init; }

    /// <summary>Tables of the top-level FROM clause (queries) or the target table (INSERT/UPSERT).</summary>
    public IReadOnlyList<TableReference> Tables { get; init; } = [];

    /// <summary>The top-level select list, or null when it could not be analysed (WITH, UNION...).</summary>
    public IReadOnlyList<SelectItem>? SelectItems { get; init; }

    /// <summary>Target columns of INSERT/UPSERT ... (cols) VALUES, null when the column list was omitted.</summary>
    public IReadOnlyList<string>? InsertColumns { get; init; }

    /// <summary>For "INSERT ... VALUES (tuple)" whose parameters all sit in the tuple: text before, the tuple, text after.</summary>
    public (string Prefix, string Tuple, string Suffix)? BatchTemplate { get; init; }

    public bool ReferencesMonitorViews { get; init; }

    /// <summary>The schema named by SET SCHEMA.</summary>
    public string? NewSchema { get; init; }

    /// <summary>Set when the statement uses a HANA feature the engine does not emulate.</summary>
    public string? Unsupported { get; init; }

    /// <summary>
    /// Maps a 0-based offset in <see cref="Sql"/> to the 0-based character offset in the original text, which is what
    /// HANA's ERROR part carries and its "(at pos P)" suffix shows (docs/protocol.md §12).
    /// </summary>
    public int MapPosition(int rewrittenOffset)
    {
        if (_outputStarts.Length == 0 || rewrittenOffset < 0)
        {
            return 0;
        }

        var i = Array.BinarySearch(_outputStarts, rewrittenOffset);
        if (i < 0)
        {
            i = ~i - 1;
        }

        if (i < 0)
        {
            return 0;
        }

        var delta = rewrittenOffset - _outputStarts[i];
        var next = i + 1 < _originalStarts.Length ? _originalStarts[i + 1] : Original.Length;
        return Math.Min(_originalStarts[i] + delta, Math.Max(next - 1, _originalStarts[i]));
    }
}
