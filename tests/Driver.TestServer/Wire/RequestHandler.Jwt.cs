using System.Text;
using Driver.Core.Auth;
using Driver.Core.Protocol;
using Driver.TestServer.Protocol;
using Driver.TestServer.SignIn;

namespace Driver.TestServer.Wire;

// The JWT sign-in (§8.4): AUTHENTICATE [user, "JWT", token] → ["JWT", logon name]; CONNECT [logon name, "JWT", empty]
// → ["JWT", session cookie]. The token is validated at AUTHENTICATE, where HANA refuses a bad one.
internal sealed partial class RequestHandler
{
    private static readonly byte[] JwtMethodName = Encoding.ASCII.GetBytes(AuthMethodNames.Jwt);

    private bool HandleJwtAuthenticate(ParsedMessage request, PacketWriter writer, AuthMethodData offer)
    {
        var user = JwtValidator.Validate(_server.Options.Jwt!, Encoding.UTF8.GetString(offer.Data));
        if (user is null)
        {
            throw AuthenticationFailed();
        }
        (_session.PendingAuthentication as IDisposable)?.Dispose();
        _session.PendingAuthentication = new PendingJwtLogin(user);

        var builder = BeginReply(writer, request.Header.PacketCount, FunctionCode.Nil);
        builder.BeginPart(PartKind.Authentication);
        writer.WriteBytes(ServerAuthPayloads.BuildAuthenticateReply(JwtMethodName, AuthPayloads.EncodeText(user)));
        builder.EndPart(1);
        builder.Finish();
        return true;
    }

    private bool HandleJwtConnect(ParsedMessage request, PacketWriter writer, PendingJwtLogin login, ReadOnlySpan<byte> payload)
    {
        var connect = ServerAuthPayloads.ParseConnectRequest(payload);
        if (connect.Method != AuthMethodNames.Jwt || connect.Proof.Length != 0
            || !string.Equals(connect.UserName, login.UserName, StringComparison.OrdinalIgnoreCase))
        {
            throw AuthenticationFailed();
        }
        // §8.4: the CONNECT reply hands out a session cookie for reconnects
        var cookie = _server.Options.SessionCookies.Issue(login.UserName);
        return Connected(request, writer, login.UserName, ServerAuthPayloads.BuildConnectReply(JwtMethodName, cookie));
    }

    private sealed record PendingJwtLogin(string UserName);
}
