using Driver.Core.Protocol;
using Driver.Core.Types;

namespace Driver.Core.Session;

// CLIENTINFO (docs/protocol.md §6.8): key/value pairs of the session (APPLICATION, APPLICATIONUSER, APPLICATIONVERSION,
// APPLICATIONSOURCE, any session variable) that the server shows in SESSION_CONTEXT('KEY') and its monitoring views. A
// change costs no round trip: the changed pairs ride along with the session's next statement request (EXECUTEDIRECT,
// PREPARE or EXECUTE), as node-hdb and the other clients do. No I/O here, so nothing is flavored.
internal sealed partial class ConnectionCore
{
    private readonly object _clientInfoLock = new();
    // the values the server has, or gets with the next statement request
    private readonly Dictionary<string, string> _clientInfo = new(StringComparer.Ordinal);
    // the pairs not sent yet; an empty value unsets the key on the server
    private Dictionary<string, string>? _clientInfoPending;

    /// <summary>The session's client info as the driver last set it (sent, or to be sent with the next statement).</summary>
    public IReadOnlyDictionary<string, string> ClientInfo
    {
        get
        {
            lock (_clientInfoLock)
            {
                return new Dictionary<string, string>(_clientInfo, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Sets (or, with an empty value, unsets) one pair; sent with the next statement request if it changed.</summary>
    public void SetClientInfo(string key, string value)
    {
        lock (_clientInfoLock)
        {
            var known = _clientInfo.TryGetValue(key, out var current);
            if (value.Length == 0 ? !known : known && current == value)
            {
                return;
            }
            if (value.Length == 0)
            {
                _clientInfo.Remove(key);
            }
            else
            {
                _clientInfo[key] = value;
            }
            (_clientInfoPending ??= new Dictionary<string, string>(StringComparer.Ordinal))[key] = value;
        }
    }

    /// <summary>The pool's reset: back to the connection string's values, whatever a renter set (sent with the next statement).</summary>
    public void ResetClientInfo(IReadOnlyDictionary<string, string> baseline)
    {
        lock (_clientInfoLock)
        {
            // the usual case: the renter set nothing (compared without allocating: the pool resets on every return)
            if (ClientInfoEquals(baseline))
            {
                return;
            }
            foreach (var key in _clientInfo.Keys.Where(key => !baseline.ContainsKey(key)).ToList())
            {
                SetClientInfo(key, string.Empty);
            }
            foreach (var pair in baseline)
            {
                SetClientInfo(pair.Key, pair.Value);
            }
        }
    }

    private bool ClientInfoEquals(IReadOnlyDictionary<string, string> baseline)
    {
        if (_clientInfo.Count != baseline.Count)
        {
            return false;
        }
        foreach (var pair in _clientInfo)
        {
            if (!baseline.TryGetValue(pair.Key, out var value) || !string.Equals(value, pair.Value, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Writes the pending pairs as a CLIENTINFO part (§6.8: each string with a §5.3 length indicator, the argument count = strings, as [N] and [R]).</summary>
    private void WriteClientInfo(Request request)
    {
        // the common case, nothing changed, takes no lock on the request path; a change made on another thread at this
        // very moment goes with the next request
        if (Volatile.Read(ref _clientInfoPending) is null)
        {
            return;
        }
        lock (_clientInfoLock)
        {
            if (_clientInfoPending is not { Count: > 0 } pending)
            {
                return;
            }
            request.BeginPart(PartKind.ClientInfo);
            foreach (var pair in pending)
            {
                ParameterValueWriter.WriteText(request.Writer, pair.Key.AsSpan());
                ParameterValueWriter.WriteText(request.Writer, pair.Value.AsSpan());
            }
            request.EndPart(pending.Count * 2);
            _clientInfoPending = null;
        }
    }
}
