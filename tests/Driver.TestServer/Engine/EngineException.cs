namespace Driver.TestServer.Engine;

/// <summary>
/// An error in HANA terms: HANA error code (e.g. 257 syntax error, 259 invalid table name, 301 unique constraint
/// violated), SQLSTATE, and the 1-based character position in the original SQL text (0 = not applicable).
/// </summary>
public sealed class EngineException : Exception
{
    public EngineException(int code, string sqlState, int position, string message, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        SqlState = sqlState;
        Position = position;
    }

    public int Code { get; }

    public string SqlState { get; }

    /// <summary>1-based character offset into the SQL text the client sent; 0 when unknown.</summary>
    public int Position { get; }

    internal static EngineException General(string message) => new(2, "HY000", 0, "general error: " + message);

    internal static EngineException FeatureNotSupported(string message) => new(7, "HY000", 0, "feature not supported: " + message);
}
