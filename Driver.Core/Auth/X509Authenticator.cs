using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Auth;

/// <summary>
/// The client side of an X509 sign-in (docs/protocol.md §8.4.2, as [G] x509.go and [N] X509.js): AUTHENTICATE offers
/// <c>X509</c> with empty data; the server answers with a nonce (64 bytes); CONNECT sends, for an empty user,
/// <c>[certificate (DER), chain (a nested field list of the issuers' DER, or empty), signature]</c>, the signature
/// made with the certificate's private key over <c>certificate ‖ issuers ‖ nonce</c> (RSA: PKCS#1 v1.5 with SHA-256;
/// ECDSA: DER-encoded, SHA-256/384/512 by key size, as [G]). The CONNECT reply's data is the nested list
/// <c>[logonName]</c>: the database user the server mapped the certificate to.
/// </summary>
internal sealed class X509Authenticator
{
    public const int NonceLength = 64;

    private static readonly byte[] MethodNameBytes = Encoding.ASCII.GetBytes(AuthMethodNames.X509);

    private readonly X509Credential _credential;
    private byte[]? _nonce;

    public X509Authenticator(X509Credential credential)
    {
        _credential = credential;
    }

    /// <summary>The user the CONNECT reply named; null until then (or when it named none).</summary>
    public string? LogonName { get; private set; }

    public AuthMethodData Offer => new(MethodNameBytes, []);

    public static bool Names(byte[] methodName) => methodName.AsSpan().SequenceEqual(MethodNameBytes);

    /// <summary>
    /// Refuses a certificate outside its validity period before it is offered, as [G] and [N] do: the server counts
    /// failed sign-ins against the user.
    /// </summary>
    public void CheckValidity(DateTime now)
    {
        foreach (var certificate in _credential.Chain.Prepend(_credential.Certificate))
        {
            if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
            {
                throw AuthErrors.AuthenticationFailed(
                    $"The X509 certificate '{certificate.Subject}' is valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u} only.");
            }
        }
    }

    /// <summary>The AUTHENTICATE reply's data is the server's nonce.</summary>
    public void HandleAuthenticateReply(byte[] data)
    {
        if (data.Length < NonceLength)
        {
            throw new HanaProtocolException($"The X509 server nonce has {data.Length} bytes; {NonceLength} expected.");
        }
        _nonce = data;
    }

    /// <summary>CONNECT: <c>["", X509, [certificate, chain, signature]]</c>.</summary>
    public byte[] BuildConnectRequest()
    {
        if (_nonce is null)
        {
            throw new InvalidOperationException("The AUTHENTICATE reply has not been handled yet.");
        }
        var own = _credential.Certificate.RawData;
        var issuers = _credential.Chain.Select(c => c.RawData).ToList();
        var message = new List<byte>(own.Length + issuers.Sum(i => i.Length) + _nonce.Length);
        message.AddRange(own);
        foreach (var issuer in issuers)
        {
            message.AddRange(issuer);
        }
        message.AddRange(_nonce);
        var signature = Sign(message.ToArray());
        var chainField = issuers.Count == 0 ? [] : AuthFields.Encode(issuers);
        return AuthPayloads.BuildConnectRequest(string.Empty, MethodNameBytes, AuthFields.Encode(own, chainField, signature));
    }

    private byte[] Sign(byte[] message)
    {
        var certificate = _credential.Certificate;
        using (var rsa = certificate.GetRSAPrivateKey())
        {
            if (rsa is not null)
            {
                return rsa.SignData(message, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }
        }
        using (var ecdsa = certificate.GetECDsaPrivateKey())
        {
            if (ecdsa is not null)
            {
                var hash = ecdsa.KeySize <= 256 ? HashAlgorithmName.SHA256 : ecdsa.KeySize <= 384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA512;
                return EcdsaSignature.ToDer(ecdsa.SignData(message, hash));
            }
        }
        throw AuthErrors.AuthenticationFailed($"The X509 certificate '{certificate.Subject}' has neither an RSA nor an ECDSA private key.");
    }

    /// <summary>CONNECT reply: <c>[X509, [logonName]]</c> ([G]); an empty or other second field names no user.</summary>
    public void VerifyConnectReply(ReadOnlySpan<byte> payload)
    {
        var reply = AuthPayloads.ParseConnectReply(payload);
        if (!Names(reply.MethodName))
        {
            throw AuthErrors.AuthenticationFailed($"The CONNECT reply names the method '{reply.Method}' instead of '{AuthMethodNames.X509}'.");
        }
        if (reply.Data.Length > 0)
        {
            var fields = AuthFields.Decode(reply.Data);
            if (fields.Length >= 1 && fields[0].Length > 0)
            {
                LogonName = AuthPayloads.DecodeText(fields[0]);
            }
        }
    }

    public override string ToString() => $"X509 sign-in with '{_credential.Certificate.Subject}'";
}
