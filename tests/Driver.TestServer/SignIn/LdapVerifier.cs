using System.Security.Cryptography;
using System.Text;
using Driver.Core.Auth;

namespace Driver.TestServer.SignIn;

/// <summary>
/// The server's side of the LDAP exchange (§8.4.1), written with .NET's RSA and AES apart from the driver's code: the
/// challenge, and the decryption of the session key and password the client sends back.
/// </summary>
internal static class LdapVerifier
{
    private const int NonceLength = 64;

    /// <summary>The server challenge data <c>[clientNonce, serverNonce, public key PEM, capabilities]</c>, or null for a malformed offer.</summary>
    public static byte[]? Challenge(LdapSignInOptions options, byte[] offer, byte[] serverNonce)
    {
        byte[][] fields;
        try
        {
            fields = AuthFields.Decode(offer);
        }
        catch (Core.HanaProtocolException)
        {
            return null;
        }
        if (fields.Length != 2 || fields[0].Length != NonceLength || fields[1].Length == 0 || fields[1][0] != 1)
        {
            options.Refusals.Enqueue("malformed offer");
            return null;
        }
        var pem = Encoding.ASCII.GetBytes(options.Key.ExportSubjectPublicKeyInfoPem());
        var capabilities = new byte[8];
        capabilities[0] = 1;
        return AuthFields.Encode(fields[0], serverNonce, pem, capabilities);
    }

    /// <summary>Whether the CONNECT proof carries <paramref name="user"/>'s directory password.</summary>
    public static bool Verify(LdapSignInOptions options, string user, byte[] serverNonce, byte[] proof)
    {
        byte[]? keyContent = null;
        byte[]? passwordContent = null;
        try
        {
            var fields = AuthFields.Decode(proof);
            if (fields.Length != 2)
            {
                return Refuse(options, $"{fields.Length} proof fields");
            }
            keyContent = options.Key.Decrypt(fields[0], RSAEncryptionPadding.OaepSHA1);
            if (keyContent.Length != 32 + NonceLength || !CryptographicOperations.FixedTimeEquals(keyContent.AsSpan(32), serverNonce))
            {
                return Refuse(options, "session key not bound to the server nonce");
            }
            using var aes = Aes.Create();
            aes.Key = keyContent.AsSpan(0, 32).ToArray();
            passwordContent = aes.DecryptCbc(fields[1], serverNonce.AsSpan(0, 16), PaddingMode.PKCS7);
            var passwordLength = passwordContent.Length - 1 - NonceLength;
            if (passwordLength < 0 || passwordContent[passwordLength] != 0
                || !CryptographicOperations.FixedTimeEquals(passwordContent.AsSpan(passwordLength + 1), serverNonce))
            {
                return Refuse(options, "password block not bound to the server nonce");
            }
            if (!options.Directory.TryGetValue(user, out var expected))
            {
                return Refuse(options, "unknown user");
            }
            if (!CryptographicOperations.FixedTimeEquals(passwordContent.AsSpan(0, passwordLength), Encoding.UTF8.GetBytes(expected)))
            {
                return Refuse(options, "wrong password");
            }
            options.Accepted.Enqueue(user);
            return true;
        }
        catch (Exception exception) when (exception is CryptographicException or Core.HanaProtocolException)
        {
            return Refuse(options, exception.GetType().Name);
        }
        finally
        {
            if (keyContent is not null)
            {
                CryptographicOperations.ZeroMemory(keyContent);
            }
            if (passwordContent is not null)
            {
                CryptographicOperations.ZeroMemory(passwordContent);
            }
        }
    }

    private static bool Refuse(LdapSignInOptions options, string why)
    {
        options.Refusals.Enqueue(why);
        return false;
    }
}
