using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Driver.Core.Net;

/// <summary>Server certificate checks: system trust by default, extra trusted roots, or an explicit opt-out.</summary>
internal static class CertificateValidation
{
    public static RemoteCertificateValidationCallback Create(TransportOptions options) =>
        (_, certificate, chain, errors) => Validate(options, certificate, errors);

    /// <summary>
    /// Presents the configured client certificate whatever issuers the server names: the server decides whether it
    /// chains to a CA it trusts (mutual TLS).
    /// </summary>
    public static LocalCertificateSelectionCallback? SelectClientCertificate(TransportOptions options) =>
        options.ClientCertificate is { } certificate ? (_, _, _, _, _) => certificate : null;

    /// <summary>The client certificate as the handshake's collection, or null.</summary>
    public static X509CertificateCollection? ClientCertificates(TransportOptions options) =>
        options.ClientCertificate is { } certificate ? new X509CertificateCollection { certificate } : null;

    private static bool Validate(TransportOptions options, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (!options.ValidateCertificate)
        {
            return true;
        }
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            // the name was checked against HostNameInCertificate ?? Host by SslStream (target host)
            return false;
        }
        if (options.TrustedRoots is not { Count: > 0 } roots)
        {
            return false;
        }
        // chain errors only: accept when the chain ends in one of the configured roots
        using var server = new X509Certificate2(certificate);
        using var customChain = new X509Chain();
        customChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
#if NET5_0_OR_GREATER
        customChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        customChain.ChainPolicy.CustomTrustStore.AddRange(roots);
        return customChain.Build(server);
#else
        customChain.ChainPolicy.ExtraStore.AddRange(roots);
        customChain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
        if (!customChain.Build(server))
        {
            return false;
        }
        var root = customChain.ChainElements[customChain.ChainElements.Count - 1].Certificate;
        foreach (var trusted in roots)
        {
            if (string.Equals(trusted.Thumbprint, root.Thumbprint, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
#endif
    }
}
