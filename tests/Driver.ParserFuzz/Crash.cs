namespace Driver.ParserFuzz;

/// <summary>One failed execution: which input, what went wrong, and where (for grouping duplicates).</summary>
internal sealed record Crash(long Execution, FuzzTarget Target, string Kind, string Message, string Where, byte[] Input)
{
    /// <summary>Same kind at the same place = the same defect.</summary>
    public string Signature => $"{Kind} @ {Where}";
}
