using System.Text;
using Driver.Core.Auth;
using Driver.Core.Protocol;
using Driver.TestServer.Protocol;

namespace Driver.TestServer.Wire;

// The SessionCookie sign-in (§8.4): AUTHENTICATE [user, "SessionCookie", cookie ‖ client id] → ["SessionCookie",
// empty]; CONNECT [logon name, "SessionCookie", empty] → ["SessionCookie", empty]. Each cookie is accepted once.
internal sealed partial class RequestHandler
{
    private static readonly byte[] CookieMethodName = Encoding.ASCII.GetBytes(AuthMethodNames.SessionCookie);

    private string? _redeemedCookieUser;

    private bool TryRedeemCookie(AuthMethodData offer)
    {
        _redeemedCookieUser = _server.Options.SessionCookies.Redeem(offer.Data);
        return _redeemedCookieUser is not null;
    }

    private bool HandleCookieAuthenticate(ParsedMessage request, PacketWriter writer)
    {
        (_session.PendingAuthentication as IDisposable)?.Dispose();
        _session.PendingAuthentication = new PendingCookieLogin(_redeemedCookieUser!);
        _redeemedCookieUser = null;

        var builder = BeginReply(writer, request.Header.PacketCount, FunctionCode.Nil);
        builder.BeginPart(PartKind.Authentication);
        writer.WriteBytes(ServerAuthPayloads.BuildAuthenticateReply(CookieMethodName, []));
        builder.EndPart(1);
        builder.Finish();
        return true;
    }

    private bool HandleCookieConnect(ParsedMessage request, PacketWriter writer, PendingCookieLogin login, ReadOnlySpan<byte> payload)
    {
        var connect = ServerAuthPayloads.ParseConnectRequest(payload);
        if (connect.Method != AuthMethodNames.SessionCookie || connect.Proof.Length != 0
            || !string.Equals(connect.UserName, login.UserName, StringComparison.OrdinalIgnoreCase))
        {
            throw AuthenticationFailed();
        }
        return Connected(request, writer, login.UserName, ServerAuthPayloads.BuildConnectReply(CookieMethodName, []));
    }

    private sealed record PendingCookieLogin(string UserName);
}
