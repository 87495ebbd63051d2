using Driver.Core.Auth;

namespace Driver.Core.Session;

/// <summary>
/// The session cookies of sessions whose socket broke (§8.4), per connection settings (one per pool): the next
/// physical connection offers one (SessionCookie before the other methods), so a session lost to the network signs in
/// again even when the token it first signed in with has expired since. A cookie is taken once, as the server accepts
/// it once; the server decides whether it is still valid, and otherwise picks one of the other methods offered.
/// </summary>
internal sealed class SessionCookieJar
{
    /// <summary>Cookies the jar holds at most: the oldest go first.</summary>
    private const int Capacity = 16;

    private readonly Queue<(string LogonName, byte[] Cookie)> _cookies = new();

    public void Keep(string logonName, byte[] cookie)
    {
        lock (_cookies)
        {
            if (_cookies.Count == Capacity)
            {
                ScramCrypto.Clear(_cookies.Dequeue().Cookie);
            }
            _cookies.Enqueue((logonName, cookie));
        }
    }

    public bool TryTake(out string logonName, out byte[] cookie)
    {
        lock (_cookies)
        {
            if (_cookies.Count > 0)
            {
                (logonName, cookie) = _cookies.Dequeue();
                return true;
            }
        }
        logonName = string.Empty;
        cookie = [];
        return false;
    }

    public override string ToString() => "session cookies ********";
}
