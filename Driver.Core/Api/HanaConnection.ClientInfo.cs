using Driver.Core.Api;
using Driver.Core.Session;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// Client info (CLIENTINFO, docs/protocol.md §6.8): the session's APPLICATION, APPLICATIONUSER, APPLICATIONVERSION,
// APPLICATIONSOURCE and any session variable, as SESSION_CONTEXT('KEY') shows them. Set from the connection string
// (Application Name, sessionVariable:NAME=value) and at run time with SetClientInfo; a change is sent with the next
// statement request, so setting one never blocks and is written once for both flavors.
public sealed partial class HanaConnection
{
    private const string ClientInfoApplication = "APPLICATION";

    /// <summary>
    /// The session's client info: the connection string's values (<c>Application Name</c> as APPLICATION, each
    /// <c>sessionVariable:NAME=value</c>) and what <see cref="SetClientInfo"/> changed. Throws
    /// <see cref="InvalidOperationException"/> when the connection is not open.
    /// </summary>
    public IReadOnlyDictionary<string, string> ClientInfo => Core.ClientInfo;

    /// <summary>
    /// Sets a client info key of the session (CLIENTINFO, §6.8), e.g. APPLICATIONUSER, APPLICATIONVERSION,
    /// APPLICATIONSOURCE, APPLICATION or any session variable; null or empty unsets it. Nothing is sent now: the change
    /// goes with the connection's next statement (no extra round trip), and the server shows it in
    /// <c>SESSION_CONTEXT('KEY')</c>. Keys are case-sensitive (HANA's are upper case). A pooled session is set back to
    /// the connection string's values when it is returned. Throws <see cref="InvalidOperationException"/> when the
    /// connection is not open, <see cref="ArgumentException"/> for an empty key.
    /// </summary>
    public void SetClientInfo(string key, string? value)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new ArgumentException("A client info key is a non-empty name such as APPLICATIONUSER.", nameof(key));
        }
        Core.SetClientInfo(key, value ?? string.Empty);
    }

    /// <summary>
    /// The sessionVariable:NAME=value keys of the connection string. The builder keeps keys in lower case (ADO.NET's
    /// parser), so NAME is sent in upper case, as HANA's unquoted names are.
    /// </summary>
    private static void AddSessionVariables(HanaConnectionStringBuilder builder, Dictionary<string, string> clientInfo)
    {
        foreach (string key in builder.Keys)
        {
            if (ConnectionStringKeyTable.IsSessionVariable(key) && builder[key] is string { Length: > 0 } value)
            {
                clientInfo[key.Substring(ConnectionStringKeyTable.SessionVariablePrefix.Length).ToUpperInvariant()] = value;
            }
        }
    }
}
