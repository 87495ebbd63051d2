namespace Driver.Core.Session;

/// <summary>
/// SQL text as it goes to PREPARE, with the names of its parameter markers in order of appearance
/// (empty when the text uses positional <c>?</c> markers or none at all).
/// </summary>
internal sealed class ParameterMarkers
{
    public ParameterMarkers(string sql, IReadOnlyList<string> names, int positionalCount)
    {
        Sql = sql;
        Names = names;
        PositionalCount = positionalCount;
    }

    /// <summary>The text with every named marker replaced by <c>?</c>.</summary>
    public string Sql { get; }

    /// <summary>The marker names without prefix, one per marker (a name used twice appears twice).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The number of <c>?</c> markers in the original text.</summary>
    public int PositionalCount { get; }

    public bool IsNamed => Names.Count > 0;
}
