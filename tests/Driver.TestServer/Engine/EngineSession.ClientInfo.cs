using System.Text;

namespace Driver.TestServer.Engine;

// Session context: the CLIENTINFO values a client sent (§6.8), readable with SESSION_CONTEXT('KEY'). They live in a
// DuckDB variable of this session's connection (variables are per connection), a MAP from key to value; the rewriter
// turns SESSION_CONTEXT(k) into a lookup in it (NULL for a key not set).
public sealed partial class EngineSession
{
    /// <summary>The DuckDB expression of the session's CLIENTINFO map (an empty map until a client sends one).</summary>
    internal const string ClientInfoMap = "COALESCE(getvariable('HANA_CLIENT_INFO'), MAP {}::MAP(VARCHAR, VARCHAR))";

    /// <summary>Replaces the session's CLIENTINFO values (what SESSION_CONTEXT reads).</summary>
    public void SetClientInfo(IEnumerable<KeyValuePair<string, string?>> pairs)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var map = new StringBuilder("SET VARIABLE HANA_CLIENT_INFO = MAP {");
        var first = true;
        foreach (var (key, value) in pairs)
        {
            map.Append(first ? "" : ", ").Append(Literal(key)).Append(": ").Append(Literal(value ?? string.Empty));
            first = false;
        }
        map.Append("}::MAP(VARCHAR, VARCHAR)");
        RunControl(map.ToString());
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
