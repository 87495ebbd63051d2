using System.Security.Cryptography.X509Certificates;

namespace Driver.Core.Auth;

/// <summary>
/// The client certificate of an X509 sign-in (§8.4.2) with its private key, and the issuer certificates sent along as
/// its chain. Loaded from the <c>AuthenticationX509</c> key (a PKCS#12 file, or PEM: a file or the text itself, the
/// certificate, its key and any issuers, as node-hdb's <c>authenticationX509</c>) or given as an
/// <see cref="X509Certificate2"/> to the data source builder (<c>UseX509Certificate</c>).
/// </summary>
internal sealed class X509Credential : IDisposable
{
    private const string BeginCertificate = "-----BEGIN CERTIFICATE-----";
    private const string EndCertificate = "-----END CERTIFICATE-----";

    private readonly List<X509Certificate2> _owned = new();

    /// <param name="certificate">The certificate with its private key.</param>
    /// <param name="candidates">Certificates the issuer chain is picked from (the certificate itself is skipped).</param>
    /// <param name="owned">Whether this instance disposes the certificates (it does when it loaded them).</param>
    public X509Credential(X509Certificate2 certificate, IEnumerable<X509Certificate2>? candidates, bool owned)
    {
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"The X509 sign-in certificate '{certificate.Subject}' has no private key: the server's challenge must be signed with it.");
        }
        Certificate = certificate;
        var pool = candidates?.ToList() ?? [];
        if (owned)
        {
            _owned.Add(certificate);
            _owned.AddRange(pool.Where(c => !ReferenceEquals(c, certificate)));
        }
        Chain = BuildChain(certificate, pool);
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>Tells credentials apart in pool keys (a data source's certificate gets pools of its own).</summary>
    public string Id { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The issuers of <see cref="Certificate"/> found among the candidates, nearest first; empty for none.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>Loads a PKCS#12 file, a PEM file or PEM text (PEM needs .NET 5 or later).</summary>
    /// <exception cref="ArgumentException">Nothing usable: no certificate with a private key.</exception>
    public static X509Credential Load(string fileOrPem, string? password)
    {
        var isPem = fileOrPem.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal);
        if (isPem || File.ReadAllText(fileOrPem).Contains("-----BEGIN"))
        {
            var text = isPem ? fileOrPem : File.ReadAllText(fileOrPem);
#if NET5_0_OR_GREATER
            var own = string.IsNullOrEmpty(password) ? X509Certificate2.CreateFromPem(text, text) : X509Certificate2.CreateFromEncryptedPem(text, text, password);
            return new X509Credential(own, ReadPemCertificates(text), owned: true);
#else
            throw new ArgumentException("A PEM certificate for X509 sign-in needs .NET 5 or later; give a PKCS#12 file (.pfx, .p12) instead.");
#endif
        }
#if NET9_0_OR_GREATER
        var all = X509CertificateLoader.LoadPkcs12CollectionFromFile(fileOrPem, password);
#else
        var all = new X509Certificate2Collection();
        all.Import(fileOrPem, password, X509KeyStorageFlags.DefaultKeySet);
#endif
        var list = all.Cast<X509Certificate2>().ToList();
        var withKey = list.FirstOrDefault(c => c.HasPrivateKey);
        if (withKey is null)
        {
            foreach (var certificate in list)
            {
                certificate.Dispose();
            }
            throw new ArgumentException("The X509 sign-in file holds no certificate with a private key.");
        }
        return new X509Credential(withKey, list, owned: true);
    }

    private static IReadOnlyList<X509Certificate2> BuildChain(X509Certificate2 certificate, List<X509Certificate2> pool)
    {
        var chain = new List<X509Certificate2>();
        var current = certificate;
        // bounded by the pool: each certificate joins the chain at most once
        for (var i = 0; i < pool.Count; i++)
        {
            if (current.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData))
            {
                break; // self-signed: the chain ends here
            }
            var issuer = pool.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData)
                && c.Thumbprint != certificate.Thumbprint && !chain.Any(k => k.Thumbprint == c.Thumbprint));
            if (issuer is null)
            {
                break;
            }
            chain.Add(issuer);
            current = issuer;
        }
        return chain;
    }

    private static List<X509Certificate2> ReadPemCertificates(string text)
    {
        var certificates = new List<X509Certificate2>();
        var start = text.IndexOf(BeginCertificate, StringComparison.Ordinal);
        while (start >= 0)
        {
            var body = start + BeginCertificate.Length;
            var end = text.IndexOf(EndCertificate, body, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }
            var der = Convert.FromBase64String(new string(text.Substring(body, end - body).Where(c => !char.IsWhiteSpace(c)).ToArray()));
#if NET9_0_OR_GREATER
            certificates.Add(X509CertificateLoader.LoadCertificate(der));
#else
            certificates.Add(new X509Certificate2(der));
#endif
            start = text.IndexOf(BeginCertificate, end + EndCertificate.Length, StringComparison.Ordinal);
        }
        return certificates;
    }

    public override string ToString() => $"X509 certificate '{Certificate.Subject}' with {Chain.Count} issuer(s)";

    public void Dispose()
    {
        foreach (var certificate in _owned)
        {
            certificate.Dispose();
        }
    }
}
