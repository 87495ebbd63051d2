using System.Text;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Auth;

/// <summary>
/// The client side of a SessionCookie sign-in (§8.4, as [G]): a reconnect with the cookie an earlier session's CONNECT
/// reply carried. AUTHENTICATE offers <c>cookie ‖ client id</c>; CONNECT names the cookie's logon user with empty data.
/// The cookie is cleared on <see cref="Dispose"/> and never rendered.
/// </summary>
internal sealed class SessionCookieAuthenticator : IDisposable
{
    private static readonly byte[] MethodNameBytes = Encoding.ASCII.GetBytes(AuthMethodNames.SessionCookie);

    private readonly byte[] _data;

    public SessionCookieAuthenticator(string logonName, byte[] cookie, string clientId)
    {
        LogonName = logonName;
        var id = Encoding.ASCII.GetBytes(clientId);
        _data = new byte[cookie.Length + id.Length];
        cookie.AsSpan().CopyTo(_data);
        id.AsSpan().CopyTo(_data.AsSpan(cookie.Length));
    }

    public string LogonName { get; }

    public AuthMethodData Offer => new(MethodNameBytes, _data);

    public static bool Names(byte[] methodName) => methodName.AsSpan().SequenceEqual(MethodNameBytes);

    /// <summary>CONNECT: <c>[logonName, "SessionCookie", empty]</c> (§8.4).</summary>
    public byte[] BuildConnectRequest() => AuthPayloads.BuildConnectRequest(LogonName, MethodNameBytes, []);

    /// <summary>CONNECT reply: <c>["SessionCookie", empty]</c>; the second field is not used ([G]).</summary>
    public void VerifyConnectReply(ReadOnlySpan<byte> payload)
    {
        var reply = AuthPayloads.ParseConnectReply(payload);
        if (!Names(reply.MethodName))
        {
            throw AuthErrors.AuthenticationFailed($"The CONNECT reply names the method '{reply.Method}' instead of '{AuthMethodNames.SessionCookie}'.");
        }
    }

    public override string ToString() => $"SessionCookie sign-in as '{LogonName}'";

    public void Dispose() => ScramCrypto.Clear(_data);
}
