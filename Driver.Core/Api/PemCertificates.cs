using System.Security.Cryptography.X509Certificates;

namespace Driver.Core.Api;

/// <summary>
/// Certificates given as PEM text rather than a file: SAP's <c>sslTrustStore</c> may hold the trusted roots themselves
/// (docs/connection-string.md). Every CERTIFICATE block is read; anything else in the text is ignored.
/// </summary>
internal static class PemCertificates
{
    private const string Begin = "-----BEGIN CERTIFICATE-----";
    private const string End = "-----END CERTIFICATE-----";

    /// <summary>Whether <paramref name="value"/> is PEM text rather than a path.</summary>
    public static bool IsPemText(string value) => value.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal);

    public static X509Certificate2Collection Read(string text)
    {
        var roots = new X509Certificate2Collection();
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        while (start >= 0)
        {
            var body = start + Begin.Length;
            var end = text.IndexOf(End, body, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new ArgumentException("The PEM text of the trusted roots has a BEGIN CERTIFICATE line without its END line.");
            }
            var der = Convert.FromBase64String(new string(text.Substring(body, end - body).Where(c => !char.IsWhiteSpace(c)).ToArray()));
#if NET9_0_OR_GREATER
            roots.Add(X509CertificateLoader.LoadCertificate(der));
#else
            roots.Add(new X509Certificate2(der));
#endif
            start = text.IndexOf(Begin, end + End.Length, StringComparison.Ordinal);
        }
        if (roots.Count == 0)
        {
            throw new ArgumentException("The PEM text of the trusted roots holds no CERTIFICATE block.");
        }
        return roots;
    }
}
