using Driver.Core.Auth;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.TestServer.Protocol;

namespace Driver.TestServer.Wire;

// AUTHENTICATE and CONNECT (§8.1-8.3, §15.2).
internal sealed partial class RequestHandler
{
    /// <summary>HANA's answer to any failed login, whatever the reason: code 10 and nothing else.</summary>
    private static ServerError AuthenticationFailed() => new(AuthErrors.AuthenticationFailedCode, "authentication failed", AuthErrors.AuthenticationFailedSqlState);

    private bool HandleAuthenticate(ParsedMessage request, PacketWriter writer)
    {
        if (_session.IsAuthenticated)
        {
            throw new ServerError(1033, "error while parsing protocol: AUTHENTICATE on a connected session", level: HanaErrorLevel.Fatal);
        }
        if (!request.TryGetPart(PartKind.Authentication, out var part))
        {
            throw AuthenticationFailed();
        }
        if (_session.Connection.Listener.RedirectsTo is { } redirect)
        {
            return WriteRedirect(writer, request.Header.PacketCount, redirect);
        }
        var authenticate = ServerAuthPayloads.ParseAuthenticateRequest(request.GetPartSpan(part));
        // the first method of the server's preference that the client offered (and the server is set up for)
        var offer = _server.Options.AuthenticationMethods
            .Where(name => (name != AuthMethodNames.Jwt || _server.Options.Jwt is not null) && (name != AuthMethodNames.Saml || _server.Options.Saml is not null)
                && (name != AuthMethodNames.X509 || _server.Options.X509 is not null) && (name != AuthMethodNames.Ldap || LdapServes(authenticate.UserName)))
            .Select(authenticate.FindOffer)
            // a cookie that is unknown, used or expired: the next method offered (§8.4)
            .FirstOrDefault(found => found is not null && (found.Method != AuthMethodNames.SessionCookie || TryRedeemCookie(found)));
        if (offer?.Method == AuthMethodNames.SessionCookie)
        {
            return HandleCookieAuthenticate(request, writer);
        }
        if (offer?.Method is AuthMethodNames.Jwt or AuthMethodNames.Saml)
        {
            return HandleJwtAuthenticate(request, writer, offer);
        }
        if (offer?.Method is AuthMethodNames.X509)
        {
            return HandleX509Authenticate(request, writer);
        }
        if (offer?.Method is AuthMethodNames.Ldap)
        {
            return HandleLdapAuthenticate(request, writer, authenticate.UserName, offer);
        }
        if (offer is null || !offer.TryGetScramMethod(out var method))
        {
            throw AuthenticationFailed();
        }
        // an unknown user goes through the same exchange and fails at CONNECT: no user enumeration
        var known = _server.Options.Users.TryGetValue(authenticate.UserName, out var password);
        (_session.PendingAuthentication as IDisposable)?.Dispose();
        var scram = new ScramServer(method, known ? password! : Guid.NewGuid().ToString("N"), offer.Data, _server.Options.Pbkdf2Iterations);
        _session.PendingAuthentication = new PendingLogin(authenticate.UserName, known, scram);

        var builder = BeginReply(writer, request.Header.PacketCount, FunctionCode.Nil);
        builder.BeginPart(PartKind.Authentication);
        writer.WriteBytes(scram.BuildAuthenticateReply());
        builder.EndPart(1);
        builder.Finish();
        return true;
    }

    private bool HandleConnect(ParsedMessage request, PacketWriter writer)
    {
        if (_session.PendingAuthentication is PendingCookieLogin cookieLogin && request.TryGetPart(PartKind.Authentication, out var cookiePart))
        {
            _session.PendingAuthentication = null;
            return HandleCookieConnect(request, writer, cookieLogin, request.GetPartSpan(cookiePart));
        }
        if (_session.PendingAuthentication is PendingJwtLogin jwt && request.TryGetPart(PartKind.Authentication, out var jwtPart))
        {
            _session.PendingAuthentication = null;
            return HandleJwtConnect(request, writer, jwt, request.GetPartSpan(jwtPart));
        }
        if (_session.PendingAuthentication is PendingX509Login or PendingLdapLogin && request.TryGetPart(PartKind.Authentication, out var signInPart))
        {
            var pending = _session.PendingAuthentication;
            _session.PendingAuthentication = null;
            return pending is PendingX509Login x509
                ? HandleX509Connect(request, writer, x509, request.GetPartSpan(signInPart))
                : HandleLdapConnect(request, writer, (PendingLdapLogin)pending!, request.GetPartSpan(signInPart));
        }
        if (_session.PendingAuthentication is not PendingLogin login || !request.TryGetPart(PartKind.Authentication, out var part))
        {
            throw AuthenticationFailed();
        }
        _session.PendingAuthentication = null;
        using (login.Scram)
        {
            var connect = ServerAuthPayloads.ParseConnectRequest(request.GetPartSpan(part));
            if (!login.Known
                || !string.Equals(connect.UserName, login.UserName, StringComparison.OrdinalIgnoreCase)
                || !connect.TryGetScramMethod(out var method) || method != login.Scram.Method
                || !login.Scram.VerifyClientProof(connect.Proof))
            {
                throw AuthenticationFailed();
            }
            return Connected(request, writer, login.UserName, login.Scram.BuildConnectReply());
        }
    }

    /// <summary>The session is signed in as <paramref name="userName"/>: open it and answer CONNECT (§8.1 item 2).</summary>
    private bool Connected(ParsedMessage request, PacketWriter writer, string userName, byte[] authenticationReply)
    {
        {
            var clientOptions = request.TryGetPart(PartKind.ConnectOptions, out var optionsPart)
                ? OptionsPart.Read(request.GetPartSpan(optionsPart), optionsPart.ArgumentCount)
                : new OptionSet();
            _session.ClientConnectOptions = clientOptions;
            _session.UserName = userName.ToUpperInvariant();
            _server.Backend.OpenSession(_session);
            var replyOptions = NegotiateConnectOptions(clientOptions);

            var builder = BeginReply(writer, request.Header.PacketCount, FunctionCode.Nil);
            builder.BeginPart(PartKind.Authentication);
            writer.WriteBytes(authenticationReply);
            builder.EndPart(1);
            builder.BeginPart(PartKind.ConnectOptions);
            OptionsPart.Write(writer, replyOptions);
            builder.EndPart(replyOptions.Count);
            var topology = _server.TopologyFor(_session.Connection.Listener);
            builder.BeginPart(PartKind.TopologyInformation);
            ServerParts.WriteMultiline(writer, topology);
            builder.EndPart(topology.Count);
            builder.Finish();
            return true;
        }
    }

    /// <summary>The server's final connect options (§8.6, §15.2): data format version, compression, identity.</summary>
    private OptionSet NegotiateConnectOptions(OptionSet client)
    {
        var requested = client.GetInt32((int)ConnectOptionId.DataFormatVersion2, client.GetInt32((int)ConnectOptionId.DataFormatVersion, 1));
        var granted = Math.Min(requested, _server.Options.MaxDataFormatVersion);
        // §7.2: 2 and 3 are broken or deprecated; grant the baseline instead
        if (granted is 2 or 3 or < 1)
        {
            granted = 1;
        }
        _session.DataFormatVersion = granted;

        var reply = new OptionSet()
            .Set((int)ConnectOptionId.ConnectionId, OptionValue.Int(_session.ConnectionId))
            .Set((int)ConnectOptionId.CompleteArrayExecution, OptionValue.Boolean(true))
            .Set((int)ConnectOptionId.SupportsLargeBulkOperations, OptionValue.Boolean(true))
            .Set((int)ConnectOptionId.LargeNumberOfParametersSupport, OptionValue.Boolean(true))
            .Set((int)ConnectOptionId.SystemId, OptionValue.String("TST"))
            // §8.6: the mode the client asked for (0 off .. 3 all) is granted as asked; DistributionProtocolVersion is accepted and needs no answer
            .Set((int)ConnectOptionId.ClientDistributionMode, OptionValue.Int(GrantedDistributionMode(client)))
            .Set((int)ConnectOptionId.EngineDataFormatVersion, OptionValue.Int(_server.Options.MaxDataFormatVersion))
            .Set((int)ConnectOptionId.DataFormatVersion2, OptionValue.Int(granted))
            .Set((int)ConnectOptionId.FullVersionString, OptionValue.String("2.00.076.00.1705471813"))
            .Set((int)ConnectOptionId.DatabaseName, OptionValue.String(_session.Connection.Listener.DatabaseName));
        if (client.Contains((int)ConnectOptionId.DataFormatVersion))
        {
            reply.Set((int)ConnectOptionId.DataFormatVersion, OptionValue.Int(granted));
        }
        if (client.TryGet((int)ConnectOptionId.CompressionLevelAndFlags, out var compression))
        {
            // §11.1: compress when the client forces it (0x200), or when it only offers it (0x100) and the server's
            // own setting says so (CompressByDefault: off, like an on-premise server's default);
            // always answer option 49, or clients keep their own value (§11.1 pitfall)
            var flags = (CompressionFlags)compression.AsInt32();
            var enable = _server.Options.AllowCompression
                && (flags & CompressionFlags.Lz4Supported) != 0
                && ((flags & CompressionFlags.Lz4Enabled) != 0 || _server.Options.CompressByDefault);
            _session.CompressionEnabled = enable;
            reply.Set((int)ConnectOptionId.CompressionLevelAndFlags, OptionValue.Int(enable ? (int)(CompressionFlags.Lz4Supported | CompressionFlags.Lz4Enabled) : 0));
        }
        if (client.TryGet((int)ConnectOptionId.FlagSet1, out var flagSet) && (flagSet.AsInt64() & 0x02000000) != 0)
        {
            // §14: we answer CLIENT_PING, so say so
            reply.Set((int)ConnectOptionId.FlagSet1, OptionValue.Int(0x02000000));
        }
        return reply;
    }

    /// <summary>ClientDistributionMode granted (§8.6): the client's 0 to 3 as asked (the test server routes nothing itself), anything else 0.</summary>
    private static int GrantedDistributionMode(OptionSet client)
    {
        var asked = client.TryGet((int)ConnectOptionId.ClientDistributionMode, out var mode) && mode.IsInteger ? mode.AsInt64() : 0;
        return asked is >= 0 and <= 3 ? (int)asked : 0;
    }

    private sealed record PendingLogin(string UserName, bool Known, ScramServer Scram) : IDisposable
    {
        public void Dispose() => Scram.Dispose();
    }
}
