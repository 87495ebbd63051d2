using System.Text;

namespace Driver.Core.Auth;

/// <summary>The ASCII method names carried in AUTHENTICATION fields (§8.1).</summary>
internal static class AuthMethodNames
{
    public const string ScramSha256 = "SCRAMSHA256";
    public const string ScramPbkdf2Sha256 = "SCRAMPBKDF2SHA256";
    public const string Jwt = "JWT";
    public const string Saml = "SAML";
    public const string Ldap = "LDAP";
    public const string X509 = "X509";
    public const string SessionCookie = "SessionCookie";

    public static string GetName(ScramMethod method) => method switch
    {
        ScramMethod.ScramSha256 => ScramSha256,
        ScramMethod.ScramPbkdf2Sha256 => ScramPbkdf2Sha256,
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    public static byte[] GetBytes(ScramMethod method) => Encoding.ASCII.GetBytes(GetName(method));

    /// <summary>Maps a method name received on the wire to a SCRAM method; false for any other method.</summary>
    public static bool TryParse(ReadOnlySpan<byte> name, out ScramMethod method)
    {
        if (Matches(name, ScramPbkdf2Sha256))
        {
            method = ScramMethod.ScramPbkdf2Sha256;
            return true;
        }
        if (Matches(name, ScramSha256))
        {
            method = ScramMethod.ScramSha256;
            return true;
        }
        method = default;
        return false;
    }

    /// <summary>Renders a received method name for messages: printable ASCII only, bounded in length.</summary>
    public static string Describe(ReadOnlySpan<byte> name)
    {
        var length = Math.Min(name.Length, 40);
        var builder = new StringBuilder(length + 3);
        for (var i = 0; i < length; i++)
        {
            var b = name[i];
            builder.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        }
        if (name.Length > length)
        {
            builder.Append("...");
        }
        return builder.ToString();
    }

    private static bool Matches(ReadOnlySpan<byte> name, string expected)
    {
        if (name.Length != expected.Length)
        {
            return false;
        }
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] != expected[i])
            {
                return false;
            }
        }
        return true;
    }
}
