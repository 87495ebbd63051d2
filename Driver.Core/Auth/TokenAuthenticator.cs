using System.Text;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Auth;

/// <summary>
/// The client side of a JWT or SAML sign-in (§8.4, as [G] and [N]; one wire shape, two method names): the token or
/// assertion is the method's data in AUTHENTICATE, the server answers with the logon name it mapped it to, CONNECT
/// names that user with empty data, and the CONNECT reply's data is a session cookie. Holds the token as bytes and clears them on <see cref="Dispose"/>; nothing it
/// renders (<see cref="ToString"/>, exception messages) contains the token.
/// </summary>
internal sealed class TokenAuthenticator : IDisposable
{
    private readonly byte[] _methodName;
    private readonly byte[] _token;

    /// <param name="method"><see cref="AuthMethodNames.Jwt"/> or <see cref="AuthMethodNames.Saml"/>.</param>
    /// <param name="token">The JWT or the SAML assertion, sent as the method's data.</param>
    public TokenAuthenticator(string method, string token)
    {
        Method = method;
        _methodName = Encoding.ASCII.GetBytes(method);
        _token = Encoding.UTF8.GetBytes(token);
    }

    /// <summary>The method name (JWT or SAML).</summary>
    public string Method { get; }

    /// <summary>The database user the server mapped the token to; null before the AUTHENTICATE reply.</summary>
    public string? LogonName { get; private set; }

    /// <summary>The session cookie the CONNECT reply carried (§8.4), empty when the server sent none.</summary>
    public byte[] SessionCookie { get; private set; } = [];

    /// <summary>The AUTHENTICATE offer: <c>method, token</c>.</summary>
    public AuthMethodData Offer => new(_methodName, _token);

    /// <summary>Whether <paramref name="methodName"/> is this method's wire name.</summary>
    public bool Names(byte[] methodName) => methodName.AsSpan().SequenceEqual(_methodName);

    /// <summary>The AUTHENTICATE reply's data is the logon name (§8.4).</summary>
    public void HandleAuthenticateReply(byte[] data)
    {
        if (data.Length == 0)
        {
            throw new HanaProtocolException($"The {Method} AUTHENTICATE reply names no logon user.");
        }
        LogonName = AuthPayloads.DecodeText(data);
    }

    /// <summary>CONNECT: <c>[logonName, method, empty]</c> (§8.4).</summary>
    public byte[] BuildConnectRequest()
    {
        if (LogonName is null)
        {
            throw new InvalidOperationException("The AUTHENTICATE reply has not been handled yet.");
        }
        return AuthPayloads.BuildConnectRequest(LogonName, _methodName, []);
    }

    /// <summary>CONNECT reply: <c>[method, sessionCookie]</c> (§8.4).</summary>
    public void VerifyConnectReply(ReadOnlySpan<byte> payload)
    {
        var reply = AuthPayloads.ParseConnectReply(payload);
        if (!Names(reply.MethodName))
        {
            throw AuthErrors.AuthenticationFailed($"The CONNECT reply names the method '{reply.Method}' instead of '{Method}'.");
        }
        SessionCookie = reply.Data;
    }

    public override string ToString() => $"{Method} sign-in" + (LogonName is null ? "" : $" as '{LogonName}'");

    public void Dispose()
    {
        ScramCrypto.Clear(_token);
        ScramCrypto.Clear(SessionCookie);
    }
}
