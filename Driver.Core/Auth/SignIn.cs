namespace Driver.Core.Auth;

/// <summary>
/// One sign-in (§8.1): every method the connection has credentials for (and the <c>Authentication</c> key allows),
/// offered together in one AUTHENTICATE in go-hdb's order (SessionCookie, X509, SAML, JWT, then SCRAMPBKDF2SHA256,
/// SCRAMSHA256, LDAP), and the server's choice honoured from then on: the CONNECT request and reply are the chosen
/// method's. Written once for both flavors; the open workflow (ConnectionCore.Open.cs) sends what it builds. No member
/// renders a secret.
/// </summary>
internal sealed class SignIn : IDisposable
{
    private readonly string _user;
    private readonly SessionCookieAuthenticator? _cookie;
    // SAML, then JWT, when configured
    private readonly List<TokenAuthenticator> _tokens = new(2);
    private readonly ScramClient? _scram;
    private readonly X509Authenticator? _x509;
    private readonly LdapAuthenticator? _ldap;
    private TokenAuthenticator? _tokenChosen;
    private bool _cookieChosen;
    private bool _x509Chosen;
    private bool _ldapChosen;

    /// <param name="user">The database user (may be empty with a token or certificate: the server maps it to its user).</param>
    /// <param name="password">Offered through SCRAM when not empty, or when there is nothing else to offer; through LDAP when asked for.</param>
    /// <param name="token">A JWT, offered before SCRAM when present.</param>
    /// <param name="scramMethods">The SCRAM methods to offer, in order (null: both).</param>
    /// <param name="cookie">The cookie of a broken session and its logon user, offered first (§8.4); null: none.</param>
    /// <param name="assertion">A SAML assertion, offered before a JWT when present.</param>
    /// <param name="methods">The <c>Authentication</c> key: which methods may be offered (<see cref="SignInMethods.Default"/>: all configured but LDAP).</param>
    /// <param name="x509">The certificate for method X509 (not owned); null: none.</param>
    /// <exception cref="InvalidOperationException">The <c>Authentication</c> key names a method without its credential.</exception>
    public SignIn(string user, string password, string? token, IReadOnlyList<ScramMethod>? scramMethods, SessionCookieAuthenticator? cookie = null,
        string? assertion = null, SignInMethods methods = SignInMethods.Default, X509Credential? x509 = null)
    {
        var all = methods == SignInMethods.Default;
        bool Allows(SignInMethods method) => all || (methods & method) != 0;
        // [G] names the cookie's logon user when it has no other
        _user = user.Length == 0 && cookie is not null ? cookie.LogonName : user;
        _cookie = cookie;
        if (x509 is not null && Allows(SignInMethods.X509))
        {
            _x509 = new X509Authenticator(x509);
        }
        else if (!all && (methods & SignInMethods.X509) != 0)
        {
            throw Missing(AuthMethodNames.X509, "a certificate with its private key: the AuthenticationX509 key or a certificate given to the data source builder");
        }
        if (!string.IsNullOrEmpty(assertion) && Allows(SignInMethods.Saml))
        {
            _tokens.Add(new TokenAuthenticator(AuthMethodNames.Saml, assertion!));
        }
        else if (!all && (methods & SignInMethods.Saml) != 0)
        {
            throw Missing(AuthMethodNames.Saml, "Assertion");
        }
        if (!string.IsNullOrEmpty(token) && Allows(SignInMethods.Jwt))
        {
            _tokens.Add(new TokenAuthenticator(AuthMethodNames.Jwt, token!));
        }
        else if (!all && (methods & SignInMethods.Jwt) != 0)
        {
            throw Missing(AuthMethodNames.Jwt, "Token");
        }
        if (all ? _tokens.Count == 0 && _x509 is null || password.Length > 0 : (methods & SignInMethods.Password) != 0)
        {
            if (!all && password.Length == 0)
            {
                throw Missing("SCRAM", "a Password");
            }
            _scram = new ScramClient(user, password, SignInMethodList.Scram(methods) ?? scramMethods);
        }
        if ((methods & SignInMethods.Ldap) != 0)
        {
            if (user.Length == 0 || password.Length == 0)
            {
                throw Missing(AuthMethodNames.Ldap, "UserName and Password");
            }
            // never by default, unlike [G] and [N]: the server can decrypt an LDAP password, so a server impersonator
            // picking LDAP would read it (docs/sign-in.md)
            _ldap = new LdapAuthenticator(user, password);
        }
    }

    private static InvalidOperationException Missing(string method, string what) =>
        new($"Authentication names {method}, which needs {what}.");

    /// <summary>The method the server chose, else the offered ones (for messages: which method failed).</summary>
    public string MethodDescription =>
        _cookieChosen ? AuthMethodNames.SessionCookie
        : _x509Chosen ? AuthMethodNames.X509
        : _ldapChosen ? AuthMethodNames.Ldap
        : _tokenChosen is { } chosen ? chosen.Method
        : _scram?.Method is { } method ? AuthMethodNames.GetName(method)
        : string.Join(", ", Offered());

    /// <summary>The session cookie of a JWT sign-in's CONNECT reply (§8.4); empty otherwise.</summary>
    public byte[] SessionCookie => _tokenChosen?.SessionCookie ?? [];

    /// <summary>The user the session signed in as: the one the server mapped a token or cookie to, else the given one.</summary>
    public string LogonName => _cookieChosen ? _cookie!.LogonName : _x509Chosen ? _x509!.LogonName ?? _user : _tokenChosen?.LogonName ?? _user;

    private IEnumerable<string> Offered()
    {
        if (_cookie is not null)
        {
            yield return AuthMethodNames.SessionCookie;
        }
        if (_x509 is not null)
        {
            yield return AuthMethodNames.X509;
        }
        foreach (var token in _tokens)
        {
            yield return token.Method;
        }
        if (_scram is not null)
        {
            foreach (var name in _scram.OfferedNames)
            {
                yield return name;
            }
        }
        if (_ldap is not null)
        {
            yield return AuthMethodNames.Ldap;
        }
    }

    /// <summary>The AUTHENTICATION payload of AUTHENTICATE: <c>[user, method₁, data₁, …]</c>.</summary>
    public byte[] BuildAuthenticateRequest()
    {
        var offers = new List<AuthMethodData>(4);
        if (_cookie is not null)
        {
            offers.Add(_cookie.Offer);
        }
        if (_x509 is not null)
        {
            _x509.CheckValidity(DateTime.UtcNow);
            offers.Add(_x509.Offer);
        }
        foreach (var token in _tokens)
        {
            offers.Add(token.Offer);
        }
        if (_scram is not null)
        {
            offers.AddRange(_scram.Offers());
        }
        if (_ldap is not null)
        {
            offers.Add(_ldap.Offer);
        }
        return AuthPayloads.BuildAuthenticateRequest(_user, offers);
    }

    /// <summary>Reads the server's choice <c>[method, data]</c> and hands it to that method (§8.1).</summary>
    public void HandleAuthenticateReply(ReadOnlySpan<byte> payload)
    {
        var reply = AuthPayloads.ParseAuthenticateReply(payload);
        if (_cookie is not null && SessionCookieAuthenticator.Names(reply.MethodName))
        {
            // [G]: the reply's data is not used
            _cookieChosen = true;
            return;
        }
        if (_x509 is not null && X509Authenticator.Names(reply.MethodName))
        {
            _x509.HandleAuthenticateReply(reply.Data);
            _x509Chosen = true;
            return;
        }
        if (_ldap is not null && LdapAuthenticator.Names(reply.MethodName))
        {
            _ldap.HandleAuthenticateReply(reply.Data);
            _ldapChosen = true;
            return;
        }
        foreach (var token in _tokens)
        {
            if (token.Names(reply.MethodName))
            {
                token.HandleAuthenticateReply(reply.Data);
                _tokenChosen = token;
                return;
            }
        }
        if (_scram is null)
        {
            throw AuthErrors.AuthenticationFailed($"The server chose the authentication method '{reply.Method}', which was not offered.");
        }
        _scram.HandleAuthenticateReply(payload);
    }

    public byte[] BuildConnectRequest() =>
        _cookieChosen ? _cookie!.BuildConnectRequest()
        : _x509Chosen ? _x509!.BuildConnectRequest()
        : _ldapChosen ? _ldap!.BuildConnectRequest()
        : _tokenChosen?.BuildConnectRequest() ?? _scram!.BuildConnectRequest();

    public void VerifyConnectReply(ReadOnlySpan<byte> payload)
    {
        if (_cookieChosen)
        {
            _cookie!.VerifyConnectReply(payload);
        }
        else if (_x509Chosen)
        {
            _x509!.VerifyConnectReply(payload);
        }
        else if (_ldapChosen)
        {
            _ldap!.VerifyConnectReply(payload);
        }
        else if (_tokenChosen is { } token)
        {
            token.VerifyConnectReply(payload);
        }
        else
        {
            _scram!.VerifyConnectReply(payload);
        }
    }

    public override string ToString() => $"sign-in of '{_user}' offering {string.Join(", ", Offered())}";

    public void Dispose()
    {
        _cookie?.Dispose();
        foreach (var token in _tokens)
        {
            token.Dispose();
        }
        _scram?.Dispose();
        _ldap?.Dispose();
    }
}
