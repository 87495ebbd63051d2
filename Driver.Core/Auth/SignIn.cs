namespace Driver.Core.Auth;

/// <summary>
/// One sign-in (§8.1): every method the connection has credentials for, offered together in one AUTHENTICATE in
/// go-hdb's order (SessionCookie, SAML, JWT, then SCRAMPBKDF2SHA256, SCRAMSHA256), and the server's choice honoured from then on: the
/// CONNECT request and reply are the chosen method's. Written once for both flavors; the open workflow
/// (ConnectionCore.Open.cs) sends what it builds. No member renders a secret.
/// </summary>
internal sealed class SignIn : IDisposable
{
    private readonly string _user;
    private readonly SessionCookieAuthenticator? _cookie;
    // SAML, then JWT, when configured
    private readonly List<TokenAuthenticator> _tokens = new(2);
    private readonly ScramClient? _scram;
    private TokenAuthenticator? _tokenChosen;
    private bool _cookieChosen;

    /// <param name="user">The database user (may be empty with a token: the server maps the token to its user).</param>
    /// <param name="password">Offered through SCRAM when not empty, or when there is no token.</param>
    /// <param name="token">A JWT, offered before SCRAM when present.</param>
    /// <param name="assertion">A SAML assertion, offered before a JWT when present.</param>
    /// <param name="scramMethods">The SCRAM methods to offer, in order (null: both).</param>
    /// <param name="cookie">The cookie of a broken session and its logon user, offered first (§8.4); null: none.</param>
    public SignIn(string user, string password, string? token, IReadOnlyList<ScramMethod>? scramMethods, SessionCookieAuthenticator? cookie = null, string? assertion = null)
    {
        // [G] names the cookie's logon user when it has no other
        _user = user.Length == 0 && cookie is not null ? cookie.LogonName : user;
        _cookie = cookie;
        if (!string.IsNullOrEmpty(assertion))
        {
            _tokens.Add(new TokenAuthenticator(AuthMethodNames.Saml, assertion!));
        }
        if (!string.IsNullOrEmpty(token))
        {
            _tokens.Add(new TokenAuthenticator(AuthMethodNames.Jwt, token!));
        }
        if (_tokens.Count == 0 || password.Length > 0)
        {
            _scram = new ScramClient(user, password, scramMethods);
        }
    }

    /// <summary>The method the server chose, else the offered ones (for messages: which method failed).</summary>
    public string MethodDescription =>
        _cookieChosen ? AuthMethodNames.SessionCookie
        : _tokenChosen is { } chosen ? chosen.Method
        : _scram?.Method is { } method ? AuthMethodNames.GetName(method)
        : string.Join(", ", Offered());

    /// <summary>The session cookie of a JWT sign-in's CONNECT reply (§8.4); empty otherwise.</summary>
    public byte[] SessionCookie => _tokenChosen?.SessionCookie ?? [];

    /// <summary>The user the session signed in as: the one the server mapped a token or cookie to, else the given one.</summary>
    public string LogonName => _cookieChosen ? _cookie!.LogonName : _tokenChosen?.LogonName ?? _user;

    private IEnumerable<string> Offered()
    {
        if (_cookie is not null)
        {
            yield return AuthMethodNames.SessionCookie;
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
    }

    /// <summary>The AUTHENTICATION payload of AUTHENTICATE: <c>[user, method₁, data₁, …]</c>.</summary>
    public byte[] BuildAuthenticateRequest()
    {
        var offers = new List<AuthMethodData>(4);
        if (_cookie is not null)
        {
            offers.Add(_cookie.Offer);
        }
        foreach (var token in _tokens)
        {
            offers.Add(token.Offer);
        }
        if (_scram is not null)
        {
            offers.AddRange(_scram.Offers());
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
        _cookieChosen ? _cookie!.BuildConnectRequest() : _tokenChosen?.BuildConnectRequest() ?? _scram!.BuildConnectRequest();

    public void VerifyConnectReply(ReadOnlySpan<byte> payload)
    {
        if (_cookieChosen)
        {
            _cookie!.VerifyConnectReply(payload);
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
    }
}
