using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Driver.Tests.SignIn;

/// <summary>Certificates for the X509 sign-in tests: CAs, intermediates and client certificates (RSA or ECDSA).</summary>
internal static class SignInCertificates
{
    public static X509Certificate2 Authority(string subject) => MutualTlsTests.CreateAuthority(subject);

    /// <summary>An intermediate CA issued by <paramref name="authority"/>, with its private key.</summary>
    public static X509Certificate2 Intermediate(X509Certificate2 authority, string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var certificate = request.Create(authority, DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddDays(60), RandomNumberGenerator.GetBytes(8));
        using var withKey = certificate.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }

    /// <summary>A client certificate issued by <paramref name="issuer"/> (null: self-signed), RSA or ECDSA P-384.</summary>
    public static X509Certificate2 Client(X509Certificate2? issuer, string subject, bool ecdsa = false, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var rsa = ecdsa ? null : RSA.Create(2048);
        using var ec = ecdsa ? ECDsa.Create(ECCurve.NamedCurves.nistP384) : null;
        var request = ec is not null
            ? new CertificateRequest(subject, ec, HashAlgorithmName.SHA384)
            : new CertificateRequest(subject, rsa!, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var from = notBefore ?? DateTimeOffset.UtcNow.AddHours(-1);
        var to = notAfter ?? DateTimeOffset.UtcNow.AddDays(30);
        if (issuer is null)
        {
            using var self = request.CreateSelfSigned(from, to);
            return X509CertificateLoader.LoadPkcs12(self.Export(X509ContentType.Pfx), null);
        }
        // the issuer's RSA key signs whatever the client's key type
        var generator = X509SignatureGenerator.CreateForRSA(issuer.GetRSAPrivateKey()!, RSASignaturePadding.Pkcs1);
        using var certificate = request.Create(issuer.SubjectName, generator, from, to, RandomNumberGenerator.GetBytes(8));
        using var withKey = ec is not null ? certificate.CopyWithPrivateKey(ec) : certificate.CopyWithPrivateKey(rsa!);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }

    /// <summary>The PEM text of a certificate, its private key and the given issuers.</summary>
    public static string Pem(X509Certificate2 certificate, params X509Certificate2[] issuers)
    {
        var key = certificate.GetRSAPrivateKey() is { } rsa ? rsa.ExportPkcs8PrivateKeyPem() : certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();
        return string.Join("\n", new[] { certificate.ExportCertificatePem(), key }.Concat(issuers.Select(i => i.ExportCertificatePem()))) + "\n";
    }
}
