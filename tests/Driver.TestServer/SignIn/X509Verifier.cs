using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Driver.Core.Auth;

namespace Driver.TestServer.SignIn;

/// <summary>
/// The server's check of an X509 CONNECT (§8.4.2), independent of the driver's signing code: .NET's verifier, chain
/// builder and DER signature reader.
/// </summary>
internal static class X509Verifier
{
    /// <summary>The database user the certificate maps to, or null (the reason then goes to <see cref="X509SignInOptions.Refusals"/>).</summary>
    public static string? Verify(X509SignInOptions options, byte[] nonce, byte[] proof)
    {
        try
        {
            var fields = AuthFields.Decode(proof);
            if (fields.Length != 3)
            {
                return Refuse(options, $"{fields.Length} proof fields");
            }
            var issuers = fields[1].Length == 0 ? [] : AuthFields.Decode(fields[1]);
            using var certificate = X509CertificateLoader.LoadCertificate(fields[0]);
            var message = fields[0].Concat(issuers.SelectMany(i => i)).Concat(nonce).ToArray();
            if (!VerifySignature(certificate, message, fields[2]))
            {
                return Refuse(options, "bad signature");
            }
            using var chain = new X509Chain();
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(options.Authority);
            foreach (var issuer in issuers)
            {
                chain.ChainPolicy.ExtraStore.Add(X509CertificateLoader.LoadCertificate(issuer));
            }
            if (!chain.Build(certificate))
            {
                return Refuse(options, "not issued by the authority: " + string.Join(", ", chain.ChainStatus.Select(s => s.Status)));
            }
            if (!options.Users.TryGetValue(certificate.Subject, out var user))
            {
                return Refuse(options, $"no user for {certificate.Subject}");
            }
            options.AcceptedSubjects.Enqueue(certificate.Subject);
            return user;
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException or ArgumentException or Core.HanaProtocolException)
        {
            return Refuse(options, exception.GetType().Name);
        }
    }

    private static bool VerifySignature(X509Certificate2 certificate, byte[] message, byte[] signature)
    {
        using (var rsa = certificate.GetRSAPublicKey())
        {
            if (rsa is not null)
            {
                return rsa.VerifyData(message, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }
        }
        using var ecdsa = certificate.GetECDsaPublicKey();
        if (ecdsa is null)
        {
            return false;
        }
        var hash = ecdsa.KeySize <= 256 ? HashAlgorithmName.SHA256 : ecdsa.KeySize <= 384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA512;
        return ecdsa.VerifyData(message, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
    }

    private static string? Refuse(X509SignInOptions options, string why)
    {
        options.Refusals.Enqueue(why);
        return null;
    }
}
