using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Driver.TestServer.SignIn;

/// <summary>Validates the token of a JWT sign-in for real, with Microsoft.IdentityModel.JsonWebTokens.</summary>
internal static class JwtValidator
{
    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>The database user the token maps to, or null (the reason then goes to <see cref="JwtSignInOptions.Refusals"/>).</summary>
    public static string? Validate(JwtSignInOptions options, string token)
    {
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = options.SigningKey,
            ValidIssuer = options.Issuer,
            ValidateIssuer = true,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            // a test of an expired token must not depend on the default five minutes of grace
            ClockSkew = TimeSpan.Zero,
        };
        // the validation runs no I/O (the key is given): waiting for it blocks nothing
        var result = Handler.ValidateTokenAsync(token, parameters).GetAwaiter().GetResult();
        if (!result.IsValid)
        {
            options.Refusals.Enqueue(result.Exception?.GetType().Name ?? "invalid token");
            return null;
        }
        var external = result.Claims.TryGetValue(options.UserClaim, out var value) ? value as string : null;
        if (external is null || !options.Users.TryGetValue(external, out var user))
        {
            options.Refusals.Enqueue("unknown user");
            return null;
        }
        options.AcceptedTokenIds.Enqueue(result.Claims.TryGetValue("jti", out var id) ? id as string ?? "" : "");
        return user;
    }
}
