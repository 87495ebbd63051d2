namespace Driver.TestServer.Engine;

/// <summary>
/// One lexical token of the client's SQL text. The rewriter never changes the text of strings, quoted identifiers
/// or comments; it only sets <see cref="Output"/> (replacement), <see cref="Before"/> / <see cref="After"/> (insertions).
/// </summary>
internal sealed class SqlToken
{
    public SqlToken(SqlTokenKind kind, int start, string text)
    {
        Kind = kind;
        Start = start;
        Text = text;
        Upper = kind == SqlTokenKind.Identifier ? text.ToUpperInvariant() : text;
    }

    public SqlTokenKind Kind { get; }

    /// <summary>0-based offset in the original SQL.</summary>
    public int Start { get; }

    public string Text { get; }

    /// <summary>Upper-cased text for identifiers (HANA folds unquoted identifiers to upper case).</summary>
    public string Upper { get; }

    public string? Output { get; set; }

    public string? Before { get; set; }

    public string? After { get; set; }

    public bool IsSignificant => Kind is not (SqlTokenKind.Whitespace or SqlTokenKind.Comment);

    public bool Is(string keyword) => Kind == SqlTokenKind.Identifier && Upper == keyword;

    public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Text == symbol;

    public override string ToString() => $"{Kind}:{Text}";
}
