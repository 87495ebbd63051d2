using System.Security.Cryptography;
using System.Text;
using Driver.Core.Auth;
using Driver.Core.Protocol;
using Driver.TestServer.Protocol;
using Driver.TestServer.SignIn;

namespace Driver.TestServer.Wire;

// The X509 and LDAP sign-ins (docs/protocol.md §8.4.1, §8.4.2). X509: AUTHENTICATE [user, X509, empty] → [X509, nonce];
// CONNECT ["", X509, [certificate, issuers, signature]] → [X509, [logon name]]. LDAP: AUTHENTICATE [user, LDAP,
// [clientNonce, capabilities]] → [LDAP, [clientNonce, serverNonce, public key PEM, capabilities]]; CONNECT
// [user, LDAP, [encrypted session key, encrypted password]] → [LDAP, empty].
internal sealed partial class RequestHandler
{
    private static readonly byte[] X509Name = Encoding.ASCII.GetBytes(AuthMethodNames.X509);
    private static readonly byte[] LdapName = Encoding.ASCII.GetBytes(AuthMethodNames.Ldap);

    /// <summary>LDAP is picked for users of the directory and for users the server does not know as SCRAM users.</summary>
    private bool LdapServes(string user) =>
        _server.Options.Ldap is { } ldap && (ldap.Directory.ContainsKey(user) || !_server.Options.Users.ContainsKey(user));

    private bool HandleX509Authenticate(ParsedMessage request, PacketWriter writer)
    {
        (_session.PendingAuthentication as IDisposable)?.Dispose();
        var nonce = RandomNumberGenerator.GetBytes(64);
        _session.PendingAuthentication = new PendingX509Login(nonce);
        return AuthenticateReply(request, writer, ServerAuthPayloads.BuildAuthenticateReply(X509Name, nonce));
    }

    private bool HandleX509Connect(ParsedMessage request, PacketWriter writer, PendingX509Login login, ReadOnlySpan<byte> payload)
    {
        var connect = ServerAuthPayloads.ParseConnectRequest(payload);
        if (!connect.MethodName.AsSpan().SequenceEqual(X509Name)
            || X509Verifier.Verify(_server.Options.X509!, login.Nonce, connect.Proof) is not { } user)
        {
            throw AuthenticationFailed();
        }
        // [G] reads the reply's data as the nested list [logon name]
        return Connected(request, writer, user, ServerAuthPayloads.BuildConnectReply(X509Name, AuthFields.Encode(AuthPayloads.EncodeText(user))));
    }

    private bool HandleLdapAuthenticate(ParsedMessage request, PacketWriter writer, string user, AuthMethodData offer)
    {
        var ldap = _server.Options.Ldap!;
        var serverNonce = RandomNumberGenerator.GetBytes(64);
        var challenge = LdapVerifier.Challenge(ldap, offer.Data, serverNonce) ?? throw AuthenticationFailed();
        (_session.PendingAuthentication as IDisposable)?.Dispose();
        _session.PendingAuthentication = new PendingLdapLogin(user, serverNonce);
        return AuthenticateReply(request, writer, ServerAuthPayloads.BuildAuthenticateReply(LdapName, challenge));
    }

    private bool HandleLdapConnect(ParsedMessage request, PacketWriter writer, PendingLdapLogin login, ReadOnlySpan<byte> payload)
    {
        var connect = ServerAuthPayloads.ParseConnectRequest(payload);
        if (!connect.MethodName.AsSpan().SequenceEqual(LdapName)
            || !string.Equals(connect.UserName, login.UserName, StringComparison.OrdinalIgnoreCase)
            || !LdapVerifier.Verify(_server.Options.Ldap!, login.UserName, login.ServerNonce, connect.Proof))
        {
            throw AuthenticationFailed();
        }
        return Connected(request, writer, login.UserName, ServerAuthPayloads.BuildConnectReply(LdapName, []));
    }

    private bool AuthenticateReply(ParsedMessage request, PacketWriter writer, byte[] payload)
    {
        var builder = BeginReply(writer, request.Header.PacketCount, FunctionCode.Nil);
        builder.BeginPart(PartKind.Authentication);
        writer.WriteBytes(payload);
        builder.EndPart(1);
        builder.Finish();
        return true;
    }

    private sealed record PendingX509Login(byte[] Nonce);

    private sealed record PendingLdapLogin(string UserName, byte[] ServerNonce);
}
