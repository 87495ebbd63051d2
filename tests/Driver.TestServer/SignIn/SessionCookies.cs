using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Driver.TestServer.SignIn;

/// <summary>
/// The session cookies the test server hands out in the CONNECT reply of a JWT sign-in (§8.4) and accepts at a
/// SessionCookie sign-in: each once, within <see cref="Lifetime"/>.
/// </summary>
public sealed class SessionCookies
{
    /// <summary>Cookie length; the rest of a SessionCookie offer is the client id (§8.4).</summary>
    public const int CookieLength = 32;

    private readonly ConcurrentDictionary<string, (string User, DateTime Expires)> _issued = new(StringComparer.Ordinal);
    private int _redeemed;

    /// <summary>How long a cookie may be used after it was issued.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Sign-ins that a cookie opened.</summary>
    public int Redeemed => Volatile.Read(ref _redeemed);

    /// <summary>Cookies issued so far.</summary>
    public int Issued { get; private set; }

    internal byte[] Issue(string user)
    {
        var cookie = RandomNumberGenerator.GetBytes(CookieLength);
        _issued[Convert.ToHexString(cookie)] = (user, DateTime.UtcNow + Lifetime);
        Issued++;
        return cookie;
    }

    /// <summary>The user of a valid cookie, which is used up; null for an unknown, used or expired one.</summary>
    internal string? Redeem(ReadOnlySpan<byte> offer)
    {
        if (offer.Length < CookieLength || !_issued.TryRemove(Convert.ToHexString(offer[..CookieLength]), out var entry) || entry.Expires < DateTime.UtcNow)
        {
            return null;
        }
        Interlocked.Increment(ref _redeemed);
        return entry.User;
    }
}
