using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using Driver.TestServer.SignIn;

namespace Driver.Tests.SignIn;

/// <summary>Issues signed SAML 2.0 assertions for the SAML tests.</summary>
internal static class SamlAssertions
{
    public const string ExternalUser = "bob@example.test";
    public const string DatabaseUser = "SAMLUSER";

    public static readonly X509Certificate2 Signer = Create("CN=Test IdP");
    public static readonly X509Certificate2 OtherSigner = Create("CN=Other IdP");

    public static SamlSignInOptions Configure(global::Driver.TestServer.TestServer server)
    {
        var options = new SamlSignInOptions(Signer);
        options.Users[ExternalUser] = DatabaseUser;
        server.Options.Saml = options;
        return options;
    }

    public static string Issue(string id = "_a1", X509Certificate2? signer = null, string user = ExternalUser, TimeSpan? lifetime = null)
    {
        var now = DateTime.UtcNow;
        var end = now + (lifetime ?? TimeSpan.FromMinutes(5));
        var xml =
            $"<saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"{id}\" Version=\"2.0\" IssueInstant=\"{now:yyyy-MM-ddTHH:mm:ssZ}\">" +
            "<saml:Issuer>https://idp.test</saml:Issuer>" +
            $"<saml:Subject><saml:NameID>{user}</saml:NameID></saml:Subject>" +
            $"<saml:Conditions NotBefore=\"{end.AddMinutes(-10):yyyy-MM-ddTHH:mm:ssZ}\" NotOnOrAfter=\"{end:yyyy-MM-ddTHH:mm:ssZ}\"/>" +
            "</saml:Assertion>";
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(xml);
        var signed = new SignedXml(document) { SigningKey = (signer ?? Signer).GetRSAPrivateKey() };
        signed.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        var reference = new Reference("#" + id);
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        signed.AddReference(reference);
        signed.ComputeSignature();
        document.DocumentElement!.AppendChild(document.ImportNode(signed.GetXml(), true));
        return document.OuterXml;
    }

    private static X509Certificate2 Create(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
