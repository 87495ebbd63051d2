using System.Globalization;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace Driver.TestServer.SignIn;

/// <summary>Validates the assertion of a SAML sign-in for real, with System.Security.Cryptography.Xml.</summary>
internal static class SamlValidator
{
    private const string Assertion = "urn:oasis:names:tc:SAML:2.0:assertion";

    /// <summary>The database user the assertion maps to, or null (the reason then goes to <see cref="SamlSignInOptions.Refusals"/>).</summary>
    public static string? Validate(SamlSignInOptions options, string xml)
    {
        var reason = Check(options, xml, out var user, out var id);
        if (reason is not null)
        {
            options.Refusals.Enqueue(reason);
            return null;
        }
        options.AcceptedAssertionIds.Enqueue(id!);
        return user;
    }

    private static string? Check(SamlSignInOptions options, string xml, out string? user, out string? id)
    {
        user = null;
        id = null;
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document.Load(reader);
        }
        catch (XmlException)
        {
            return "not XML";
        }
        var root = document.DocumentElement;
        if (root is null || root.LocalName != "Assertion" || root.NamespaceURI != Assertion)
        {
            return "not a SAML assertion";
        }
        id = root.GetAttribute("ID");
        var signatureElement = root.GetElementsByTagName("Signature", SignedXml.XmlDsigNamespaceUrl).OfType<XmlElement>().FirstOrDefault();
        if (signatureElement is null)
        {
            return "unsigned";
        }
        var signed = new SignedXml(root);
        signed.LoadXml(signatureElement);
        // the signature must cover the assertion itself, not some other element (signature wrapping)
        if (signed.SignedInfo?.References.Count != 1 || ((Reference)signed.SignedInfo.References[0]!).Uri != "#" + id || id.Length == 0)
        {
            return "signature does not cover the assertion";
        }
        if (!signed.CheckSignature(options.SigningCertificate, verifySignatureOnly: true))
        {
            return "invalid signature";
        }
        if (Text(root, "Issuer") != options.Issuer)
        {
            return "wrong issuer";
        }
        var conditions = root.GetElementsByTagName("Conditions", Assertion).OfType<XmlElement>().FirstOrDefault();
        var now = DateTime.UtcNow;
        if (conditions is null || !TryTime(conditions, "NotOnOrAfter", out var notOnOrAfter) || now >= notOnOrAfter)
        {
            return "expired";
        }
        if (TryTime(conditions, "NotBefore", out var notBefore) && now < notBefore)
        {
            return "not yet valid";
        }
        var nameId = Text(root, "NameID");
        if (nameId is null || !options.Users.TryGetValue(nameId, out user))
        {
            return "unknown user";
        }
        return null;
    }

    private static string? Text(XmlElement root, string name) =>
        root.GetElementsByTagName(name, Assertion).OfType<XmlElement>().FirstOrDefault()?.InnerText.Trim();

    private static bool TryTime(XmlElement element, string attribute, out DateTime time) =>
        DateTime.TryParse(element.GetAttribute(attribute), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out time);
}
