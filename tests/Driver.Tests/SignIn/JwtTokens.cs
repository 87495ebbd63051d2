using System.Security.Claims;
using Driver.TestServer.SignIn;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Driver.Tests.SignIn;

/// <summary>Issues the tokens of the JWT tests: HS256 with a key the test server is configured with, or with another one.</summary>
internal static class JwtTokens
{
    public const string ExternalUser = "alice@example.test";
    public const string DatabaseUser = "JWTUSER";

    public static readonly SymmetricSecurityKey Key = new(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());
    public static readonly SymmetricSecurityKey OtherKey = new(Enumerable.Range(1, 32).Select(i => (byte)(i * 11)).ToArray());

    /// <summary>Lets the server accept JWTs signed with <see cref="Key"/>, mapping <see cref="ExternalUser"/> to <see cref="DatabaseUser"/>.</summary>
    public static JwtSignInOptions Configure(global::Driver.TestServer.TestServer server)
    {
        var options = new JwtSignInOptions(Key);
        options.Users[ExternalUser] = DatabaseUser;
        server.Options.Jwt = options;
        return options;
    }

    public static string Issue(string? id = null, SecurityKey? key = null, string user = ExternalUser, TimeSpan? lifetime = null, string issuer = "https://issuer.test")
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(5));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Subject = new ClaimsIdentity([new Claim("user_name", user), new Claim("jti", id ?? Guid.NewGuid().ToString("N"))]),
            // an expired token was valid once: issued and valid from before its expiry
            IssuedAt = expires < now ? expires.AddMinutes(-5) : now,
            NotBefore = expires < now ? expires.AddMinutes(-5) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
