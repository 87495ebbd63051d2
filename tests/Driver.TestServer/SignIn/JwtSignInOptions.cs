using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace Driver.TestServer.SignIn;

/// <summary>
/// How the test server validates a JWT sign-in (method JWT, §8.4): the token's signature against
/// <see cref="SigningKey"/>, its expiry, its issuer, and the user claim mapped to a database user through
/// <see cref="Users"/>. Set <see cref="TestServerOptions.Jwt"/> to accept JWT.
/// </summary>
public sealed class JwtSignInOptions
{
    public JwtSignInOptions(SecurityKey signingKey)
    {
        SigningKey = signingKey;
    }

    /// <summary>The key the token's signature must verify with (a symmetric key for HS256, an RSA key for RS256).</summary>
    public SecurityKey SigningKey { get; set; }

    /// <summary>The issuer (iss) every token must name.</summary>
    public string Issuer { get; set; } = "https://issuer.test";

    /// <summary>The claim naming the external user (HANA's JWT providers default to user_name).</summary>
    public string UserClaim { get; set; } = "user_name";

    /// <summary>External user (the claim's value) → database user. Names are case-insensitive.</summary>
    public Dictionary<string, string> Users { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The jti of every token accepted, in order (for tests of token rotation).</summary>
    public ConcurrentQueue<string> AcceptedTokenIds { get; } = new();

    /// <summary>Why each refused token was refused (the validation's exception type, or "unknown user"); never the token.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();
}
