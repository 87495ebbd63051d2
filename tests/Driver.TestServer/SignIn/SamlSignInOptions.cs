using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;

namespace Driver.TestServer.SignIn;

/// <summary>
/// How the test server validates a SAML sign-in (method SAML, §8.4): a SAML 2.0 assertion whose enveloped XML signature
/// covers the assertion itself and verifies with <see cref="SigningCertificate"/>, from <see cref="Issuer"/>, within its
/// NotBefore / NotOnOrAfter conditions, its NameID mapped to a database user through <see cref="Users"/>.
/// </summary>
public sealed class SamlSignInOptions
{
    public SamlSignInOptions(X509Certificate2 signingCertificate)
    {
        SigningCertificate = signingCertificate;
    }

    public X509Certificate2 SigningCertificate { get; set; }

    public string Issuer { get; set; } = "https://idp.test";

    /// <summary>NameID → database user. Names are case-insensitive.</summary>
    public Dictionary<string, string> Users { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The ID of every assertion accepted, in order.</summary>
    public ConcurrentQueue<string> AcceptedAssertionIds { get; } = new();

    /// <summary>Why each refused assertion was refused; never the assertion.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();
}
