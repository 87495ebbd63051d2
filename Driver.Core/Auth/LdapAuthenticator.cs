using System.Security.Cryptography;
using System.Text;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Auth;

/// <summary>
/// The client side of an LDAP sign-in (docs/protocol.md §8.4.1, as [N] LDAP.js and [G] ldap.go): the password goes to
/// the server, which checks it against its directory, encrypted so that only the server reads it.
/// AUTHENTICATE offers <c>[clientNonce (64), capabilities (8: 01 00…)]</c>; the server answers
/// <c>[clientNonce, serverNonce (64), RSA public key (PEM), capabilities]</c>; CONNECT sends
/// <c>[RSA-OAEP-SHA1(sessionKey ‖ serverNonce), AES-256-CBC(sessionKey, iv = serverNonce[0..16], password ‖ 00 ‖ serverNonce)]</c>
/// with a fresh 32-byte session key; the CONNECT reply's data is empty. The password, session key and nonces are
/// cleared on <see cref="Dispose"/>; nothing rendered contains them.
/// </summary>
internal sealed class LdapAuthenticator : IDisposable
{
    public const int NonceLength = 64;
    private const int CapabilitiesLength = 8;
    private const byte DefaultCapabilities = 1;
    private const int SessionKeyLength = 32;

    private static readonly byte[] MethodNameBytes = Encoding.ASCII.GetBytes(AuthMethodNames.Ldap);

    private readonly string _user;
    private readonly byte[] _password;
    private readonly byte[] _clientNonce;
    private byte[]? _serverNonce;
    private RSAParameters? _serverKey;

    private readonly byte[]? _fixedSessionKey;

    public LdapAuthenticator(string user, string password)
        : this(user, password, clientNonce: null, sessionKey: null)
    {
    }

    /// <summary>For tests: a fixed client nonce and session key (node-hdb's captured vector), else random ones.</summary>
    internal LdapAuthenticator(string user, string password, byte[]? clientNonce, byte[]? sessionKey)
    {
        _user = user;
        _password = Encoding.UTF8.GetBytes(password);
        _clientNonce = clientNonce ?? ScramCrypto.RandomBytes(NonceLength);
        _fixedSessionKey = sessionKey;
    }

    public static bool Names(byte[] methodName) => methodName.AsSpan().SequenceEqual(MethodNameBytes);

    /// <summary>The AUTHENTICATE offer: <c>LDAP, [clientNonce, capabilities]</c>.</summary>
    public AuthMethodData Offer
    {
        get
        {
            var capabilities = new byte[CapabilitiesLength];
            capabilities[0] = DefaultCapabilities;
            return new AuthMethodData(MethodNameBytes, AuthFields.Encode(_clientNonce, capabilities));
        }
    }

    /// <summary>Reads the server challenge: it must echo our nonce and announce the capabilities we speak.</summary>
    public void HandleAuthenticateReply(byte[] data)
    {
        var fields = AuthFields.Decode(data);
        if (fields.Length < 4)
        {
            throw new HanaProtocolException($"The LDAP server challenge holds {fields.Length} fields; 4 expected.");
        }
        if (!ScramCrypto.FixedTimeEquals(fields[0], _clientNonce))
        {
            throw AuthErrors.AuthenticationFailed("The LDAP server challenge does not echo the client nonce.");
        }
        if (fields[1].Length != NonceLength)
        {
            throw new HanaProtocolException($"The LDAP server nonce has {fields[1].Length} bytes; {NonceLength} expected.");
        }
        if (fields[3].Length == 0 || fields[3][0] != DefaultCapabilities)
        {
            throw AuthErrors.AuthenticationFailed("The LDAP server challenge announces capabilities this driver does not speak.");
        }
        _serverKey = RsaPublicKeyPem.Parse(fields[2]);
        _serverNonce = fields[1];
    }

    /// <summary>CONNECT: <c>[user, LDAP, [encrypted session key, encrypted password]]</c>.</summary>
    public byte[] BuildConnectRequest()
    {
        if (_serverNonce is null || _serverKey is not { } serverKey)
        {
            throw new InvalidOperationException("The AUTHENTICATE reply has not been handled yet.");
        }
        var sessionKey = (byte[]?)_fixedSessionKey?.Clone() ?? ScramCrypto.RandomBytes(SessionKeyLength);
        var keyContent = Concat(sessionKey, _serverNonce);
        var passwordContent = new byte[_password.Length + 1 + _serverNonce.Length];
        try
        {
            byte[] encryptedKey;
            using (var rsa = RSA.Create())
            {
                rsa.ImportParameters(serverKey);
                encryptedKey = rsa.Encrypt(keyContent, RSAEncryptionPadding.OaepSHA1);
            }
            _password.AsSpan().CopyTo(passwordContent);
            _serverNonce.AsSpan().CopyTo(passwordContent.AsSpan(_password.Length + 1));
            byte[] encryptedPassword;
            using (var aes = Aes.Create())
            {
                aes.Mode = CipherMode.CBC;
                aes.Padding = PaddingMode.PKCS7;
                using var encryptor = aes.CreateEncryptor(sessionKey, _serverNonce.AsSpan(0, 16).ToArray());
                encryptedPassword = encryptor.TransformFinalBlock(passwordContent, 0, passwordContent.Length);
            }
            return AuthPayloads.BuildConnectRequest(_user, MethodNameBytes, AuthFields.Encode(encryptedKey, encryptedPassword));
        }
        finally
        {
            ScramCrypto.Clear(sessionKey);
            ScramCrypto.Clear(keyContent);
            ScramCrypto.Clear(passwordContent);
        }
    }

    /// <summary>CONNECT reply: <c>[LDAP, empty]</c> ([G] refuses a non-empty second field).</summary>
    public void VerifyConnectReply(ReadOnlySpan<byte> payload)
    {
        var reply = AuthPayloads.ParseConnectReply(payload);
        if (!Names(reply.MethodName))
        {
            throw AuthErrors.AuthenticationFailed($"The CONNECT reply names the method '{reply.Method}' instead of '{AuthMethodNames.Ldap}'.");
        }
        if (reply.Data.Length != 0)
        {
            throw AuthErrors.AuthenticationFailed("The LDAP CONNECT reply carries an unexpected server proof.");
        }
    }

    private static byte[] Concat(byte[] first, byte[] second)
    {
        var result = new byte[first.Length + second.Length];
        first.AsSpan().CopyTo(result);
        second.AsSpan().CopyTo(result.AsSpan(first.Length));
        return result;
    }

    public override string ToString() => $"LDAP sign-in of '{_user}'";

    public void Dispose()
    {
        ScramCrypto.Clear(_password);
        ScramCrypto.Clear(_clientNonce);
        ScramCrypto.Clear(_serverNonce);
    }
}
