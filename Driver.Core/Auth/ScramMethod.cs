namespace Driver.Core.Auth;

/// <summary>The two SCRAM variants HANA offers (§8.2, §8.3).</summary>
internal enum ScramMethod
{
    /// <summary>SCRAMSHA256: salted password = HMAC(password, salt), no server proof (§8.2).</summary>
    ScramSha256,

    /// <summary>SCRAMPBKDF2SHA256: salted password = PBKDF2(password, salt, iterations), server proof checked (§8.3).</summary>
    ScramPbkdf2Sha256,
}
