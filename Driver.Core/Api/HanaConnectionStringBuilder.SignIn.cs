#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// The sign-in keys beyond user and password (docs/sign-in.md), kept apart from the general keys.
public sealed partial class HanaConnectionStringBuilder
{
    private static Dictionary<string, string> WithSignInKeys(Dictionary<string, string> synonyms)
    {
        synonyms["Token"] = HanaConnectionStringKeys.Token;
        synonyms["JWT"] = HanaConnectionStringKeys.Token;
        synonyms["Assertion"] = HanaConnectionStringKeys.Assertion;
        synonyms["SAML"] = HanaConnectionStringKeys.Assertion;
        synonyms["SSLClientCertificate"] = HanaConnectionStringKeys.SslClientCertificate;
        synonyms["SSLClientCertificatePassword"] = HanaConnectionStringKeys.SslClientCertificatePassword;
        synonyms["Authentication"] = HanaConnectionStringKeys.Authentication;
        // @sap/hana-client spellings
        synonyms["authenticationMethods"] = HanaConnectionStringKeys.Authentication;
        synonyms["AuthenticationX509"] = HanaConnectionStringKeys.AuthenticationX509;
        synonyms["AuthenticationX509Password"] = HanaConnectionStringKeys.AuthenticationX509Password;
        return synonyms;
    }

    /// <summary>
    /// Keys whose values are never shown: the password, every token, and AuthenticationX509 (which may be PEM text with
    /// the private key itself, so it is masked even when it names a file).
    /// </summary>
    internal static bool IsSecret(string key) =>
        key is HanaConnectionStringKeys.Password or HanaConnectionStringKeys.Token or HanaConnectionStringKeys.Assertion
            or HanaConnectionStringKeys.SslClientCertificatePassword or HanaConnectionStringKeys.AuthenticationX509
            or HanaConnectionStringKeys.AuthenticationX509Password;

    /// <summary>
    /// A JSON Web Token to sign in with (method JWT, §8.4): the server maps it to its database user, so UserName may
    /// stay empty. Offered before SCRAM when a password is given too. Never shown by <see cref="ToString"/>.
    /// </summary>
    public string? Token { get => GetString(HanaConnectionStringKeys.Token); set => this[HanaConnectionStringKeys.Token] = value; }

    /// <summary>
    /// A SAML assertion (XML, method SAML, §8.4) to sign in with, offered before a JWT; the server maps it to its
    /// database user. Never shown by <see cref="ToString"/>. A connection string value with ';' or '=' is quoted by
    /// the builder.
    /// </summary>
    public string? Assertion { get => GetString(HanaConnectionStringKeys.Assertion); set => this[HanaConnectionStringKeys.Assertion] = value; }

    /// <summary>
    /// A TLS client certificate with its private key (mutual TLS, with any sign-in method): a PKCS#12 file (.pfx,
    /// .p12) or, on .NET 5 and later, a PEM file holding the certificate and its key. Needs Encrypt=true.
    /// </summary>
    public string? SslClientCertificate { get => GetString(HanaConnectionStringKeys.SslClientCertificate); set => this[HanaConnectionStringKeys.SslClientCertificate] = value; }

    /// <summary>The password of <see cref="SslClientCertificate"/>'s PKCS#12 file or encrypted PEM key; never shown.</summary>
    public string? SslClientCertificatePassword { get => GetString(HanaConnectionStringKeys.SslClientCertificatePassword); set => this[HanaConnectionStringKeys.SslClientCertificatePassword] = value; }

    /// <summary>
    /// The sign-in methods to offer (docs/sign-in.md), comma-separated, any case: <c>Password</c> (or <c>SCRAM</c>:
    /// SCRAMPBKDF2SHA256 and SCRAMSHA256), <c>SCRAMSHA256</c>, <c>SCRAMPBKDF2SHA256</c>, <c>LDAP</c>, <c>X509</c>,
    /// <c>JWT</c>, <c>SAML</c>. Empty (the default): every method the connection has credentials for, except LDAP,
    /// which is offered only when named. The offer order is go-hdb's whatever the list's order; the server picks.
    /// Synonym <c>authenticationMethods</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A name that is no method (on set).</exception>
    public string? Authentication { get => GetString(HanaConnectionStringKeys.Authentication); set => this[HanaConnectionStringKeys.Authentication] = value; }

    /// <summary>
    /// The client certificate and private key for sign-in method X509 (§8.4.2): a PKCS#12 file (.pfx, .p12), a PEM
    /// file, or PEM text (certificate, key and any issuer certificates, sent as the chain; PEM needs .NET 5 or
    /// later). Offered before every other method but a session cookie. Masked by <see cref="ToString"/>: PEM text
    /// holds the key. Independent of <see cref="SslClientCertificate"/> (the TLS client certificate), as in SAP's
    /// clients.
    /// </summary>
    public string? AuthenticationX509 { get => GetString(HanaConnectionStringKeys.AuthenticationX509); set => this[HanaConnectionStringKeys.AuthenticationX509] = value; }

    /// <summary>The password of <see cref="AuthenticationX509"/>'s PKCS#12 file or encrypted PEM key; never shown.</summary>
    public string? AuthenticationX509Password { get => GetString(HanaConnectionStringKeys.AuthenticationX509Password); set => this[HanaConnectionStringKeys.AuthenticationX509Password] = value; }

    /// <summary>The methods <see cref="Authentication"/> names.</summary>
    internal Driver.Core.Auth.SignInMethods SignInMethods => Driver.Core.Auth.SignInMethodList.Parse(Authentication);

    /// <summary>Loads <see cref="AuthenticationX509"/>, or null when none is given.</summary>
    internal Driver.Core.Auth.X509Credential? LoadX509Credential() =>
        AuthenticationX509 is { Length: > 0 } source ? Driver.Core.Auth.X509Credential.Load(source, AuthenticationX509Password) : null;

    /// <summary>Loads <see cref="SslClientCertificate"/>, or null when none is named.</summary>
    internal System.Security.Cryptography.X509Certificates.X509Certificate2? LoadClientCertificate()
    {
        if (SslClientCertificate is not { Length: > 0 } path)
        {
            return null;
        }
        var password = SslClientCertificatePassword;
#if NET5_0_OR_GREATER
        if (File.ReadAllText(path).Contains("-----BEGIN", StringComparison.Ordinal))
        {
            using var pem = string.IsNullOrEmpty(password)
                ? System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(path)
                : System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromEncryptedPemFile(path, password);
            // a PEM key is ephemeral: SslStream needs it imported as PKCS#12 on some platforms
            var pfx = pem.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx);
#if NET9_0_OR_GREATER
            return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(pfx, null);
#else
            return new System.Security.Cryptography.X509Certificates.X509Certificate2(pfx);
#endif
        }
#endif
#if NET9_0_OR_GREATER
        return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(path, password);
#else
        return new System.Security.Cryptography.X509Certificates.X509Certificate2(path, password);
#endif
    }
}
