using System.Text;
using Driver.Core.Auth;
using Driver.Core.Protocol;
using Driver.TestServer.Protocol;
using Driver.TestServer.SignIn;

namespace Driver.TestServer.Wire;

// The JWT and SAML sign-ins (§8.4, one wire shape): AUTHENTICATE [user, method, token] → [method, logon name]; CONNECT
// [logon name, method, empty] → [method, session cookie]. The token is validated at AUTHENTICATE, where HANA refuses a
// bad one.
internal sealed partial class RequestHandler
{

    private bool HandleJwtAuthenticate(ParsedMessage request, PacketWriter writer, AuthMethodData offer)
    {
        var token = Encoding.UTF8.GetString(offer.Data);
        var user = offer.Method == AuthMethodNames.Saml
            ? SamlValidator.Validate(_server.Options.Saml!, token)
            : JwtValidator.Validate(_server.Options.Jwt!, token);
        if (user is null)
        {
            throw AuthenticationFailed();
        }
        (_session.PendingAuthentication as IDisposable)?.Dispose();
        _session.PendingAuthentication = new PendingJwtLogin(user, offer.MethodName);

        var builder = BeginReply(writer, request.Header.PacketCount, FunctionCode.Nil);
        builder.BeginPart(PartKind.Authentication);
        writer.WriteBytes(ServerAuthPayloads.BuildAuthenticateReply(offer.MethodName, AuthPayloads.EncodeText(user)));
        builder.EndPart(1);
        builder.Finish();
        return true;
    }

    private bool HandleJwtConnect(ParsedMessage request, PacketWriter writer, PendingJwtLogin login, ReadOnlySpan<byte> payload)
    {
        var connect = ServerAuthPayloads.ParseConnectRequest(payload);
        if (!connect.MethodName.AsSpan().SequenceEqual(login.MethodName) || connect.Proof.Length != 0
            || !string.Equals(connect.UserName, login.UserName, StringComparison.OrdinalIgnoreCase))
        {
            throw AuthenticationFailed();
        }
        // §8.4: the CONNECT reply hands out a session cookie for reconnects
        var cookie = _server.Options.SessionCookies.Issue(login.UserName);
        return Connected(request, writer, login.UserName, ServerAuthPayloads.BuildConnectReply(login.MethodName, cookie));
    }

    private sealed record PendingJwtLogin(string UserName, byte[] MethodName);
}
