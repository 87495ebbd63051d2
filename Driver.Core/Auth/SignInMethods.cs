namespace Driver.Core.Auth;

/// <summary>
/// The methods a connection may offer, as the <c>Authentication</c> connection string key names them
/// (docs/sign-in.md): a comma-separated list, case-insensitive; the offer order stays go-hdb's whatever the list's
/// order (§8.1). <see cref="Default"/>: every method the connection has credentials for, except LDAP.
/// </summary>
[Flags]
internal enum SignInMethods
{
    /// <summary>No <c>Authentication</c> key: every configured method but LDAP.</summary>
    Default = 0,
    ScramSha256 = 1,
    ScramPbkdf2Sha256 = 2,
    /// <summary><c>Password</c> (synonym <c>SCRAM</c>): both SCRAM methods.</summary>
    Password = ScramSha256 | ScramPbkdf2Sha256,
    Ldap = 4,
    X509 = 8,
    Jwt = 16,
    Saml = 32,
}

/// <summary>Reads and renders the <c>Authentication</c> key's value.</summary>
internal static class SignInMethodList
{
    private static readonly (string Name, SignInMethods Method)[] Names =
    [
        ("Password", SignInMethods.Password),
        ("SCRAM", SignInMethods.Password),
        (AuthMethodNames.ScramSha256, SignInMethods.ScramSha256),
        (AuthMethodNames.ScramPbkdf2Sha256, SignInMethods.ScramPbkdf2Sha256),
        (AuthMethodNames.Ldap, SignInMethods.Ldap),
        (AuthMethodNames.X509, SignInMethods.X509),
        (AuthMethodNames.Jwt, SignInMethods.Jwt),
        (AuthMethodNames.Saml, SignInMethods.Saml),
    ];

    /// <summary>The accepted spellings, for messages and docs.</summary>
    public static string Accepted => string.Join(", ", Names.Select(n => n.Name));

    /// <summary>Parses <c>LDAP</c>, <c>X509,Password</c>, …; empty or null: <see cref="SignInMethods.Default"/>.</summary>
    /// <exception cref="ArgumentException">A name that is no method.</exception>
    public static SignInMethods Parse(string? value)
    {
        var methods = SignInMethods.Default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return methods;
        }
        foreach (var part in value!.Split(','))
        {
            var name = part.Trim();
            if (name.Length == 0)
            {
                continue;
            }
            var found = Array.FindIndex(Names, n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase));
            if (found < 0)
            {
                throw new ArgumentException($"Authentication names the unknown method '{AuthMethodNames.Describe(System.Text.Encoding.UTF8.GetBytes(name))}'; accepted: {Accepted}.");
            }
            methods |= Names[found].Method;
        }
        return methods;
    }

    /// <summary>The SCRAM methods of <paramref name="methods"/>, PBKDF2 first (§15.1 item 4); null: both.</summary>
    public static IReadOnlyList<ScramMethod>? Scram(SignInMethods methods)
    {
        if (methods == SignInMethods.Default || (methods & SignInMethods.Password) == SignInMethods.Password)
        {
            return null;
        }
        return (methods & SignInMethods.ScramPbkdf2Sha256) != 0 ? [ScramMethod.ScramPbkdf2Sha256]
            : (methods & SignInMethods.ScramSha256) != 0 ? [ScramMethod.ScramSha256]
            : [];
    }
}
