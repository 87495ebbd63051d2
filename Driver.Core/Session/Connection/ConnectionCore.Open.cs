using Driver.Core.Auth;
using Driver.Core.Net;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

// The sign-in workflow, written once: AUTHENTICATE, CONNECT (§8; every method, Auth/SignIn.cs), then the schema of the connection string. The
// TCP connect, TLS handshake and hello come before it from the transport's pair (ConnectionCore.Io.cs); the
// whole open runs under the Connect Timeout as a hard deadline (ConnectionCore.Deadlines.cs).
internal sealed partial class ConnectionCore
{
    private sealed class OpenWorkflow : Workflow<bool>
    {
        private readonly ConnectionCore _core;
        private readonly bool _setSchema;

        public OpenWorkflow(ConnectionCore core, bool setSchema)
            : base(TimeSpan.Zero)
        {
            _core = core;
            _setSchema = setSchema;
        }

        public override IEnumerable<Step> Steps(ConnectionCore connection)
        {
            if (_core.TenantLookup is { } databaseName)
            {
                // §13.3: which port serves this tenant, asked before signing in (ConnectionCore.Redirect.cs)
                yield return Step.Send(_core.BuildDbConnectInfo(databaseName));
                if (_core.ReadDbConnectInfo(Reply) is { } target)
                {
                    throw new SessionRedirect(_core.Host, _core.Port, target.Host, target.Port, atAuthenticate: false);
                }
            }
            yield return Step.Send(_core.BuildAuthenticate());
            _core.ApplyAuthenticateReply(Reply);
            yield return Step.Send(_core.BuildConnect());
            _core.ApplyConnectReply(Reply);
            if (_setSchema && _core.OpenSchema is { } schema)
            {
                var setSchema = new DirectExecution(PooledSessionFactory.SetSchemaSql(schema), autoCommit: true, _core._settings.FetchSize, TimeSpan.Zero);
                foreach (var step in Include(setSchema, connection))
                {
                    yield return step;
                }
                setSchema.Result.ResultSet?.Dispose();
            }
            _core.SessionStateChanged = false;
            _core.Opened();
            Result = true;
        }

        /// <summary>
        /// A refused sign-in (§8.1 item 3: code 10) says which method failed; the server's message says why. The
        /// credential is never part of it.
        /// </summary>
        public override Exception Failed(Exception exception)
        {
            if (_core.RedirectedTo is { } target && exception is HanaException and not SessionRedirect)
            {
                // §13.3: the server's error names where to sign in instead; SessionOpening follows it
                return new SessionRedirect(_core.Host, _core.Port, target.Host, target.Port, atAuthenticate: true, exception);
            }
            if (exception is HanaException { Code: AuthErrors.AuthenticationFailedCode } refused
                && exception is not HanaConnectionException and not HanaProtocolException
                && _core._signInMethod is { } method)
            {
                return new HanaException($"Sign-in with {method} failed: {refused.Message}", refused.Code, refused.SqlState, refused.Position, refused.Level, refused);
            }
            return base.Failed(exception);
        }
    }

    // building the sign-in requests and reading their replies (§8)

    private SignIn? _signIn;

    // kept past the sign-in's end, for the message of a refused sign-in
    private string? _signInMethod;

    /// <summary>
    /// The password or token a credential provider returned for this physical connection (set before the open);
    /// null: the connection string's.
    /// </summary>
    internal SignInCredential? Credential { get; set; }

    /// <summary>The session cookie the CONNECT reply carried (§8.4), empty when none.</summary>
    internal byte[] SessionCookie { get; private set; } = [];

    /// <summary>The user the session signed in as (the server's mapping of a token or cookie).</summary>
    internal string LogonName { get; private set; } = string.Empty;

    // §6.7: conventionally "<pid>@<hostname>"
    private static readonly string ClientId = $"{System.Diagnostics.Process.GetCurrentProcess().Id}@{Environment.MachineName}";

    private Request BuildAuthenticate()
    {
        _signIn?.Dispose();
        // the cookie of a session whose socket broke, offered first (§8.4; SessionCookieJar)
        var cookie = _settings.SessionCookies.TryTake(out var logonName, out var cookieBytes) ? new SessionCookieAuthenticator(logonName, cookieBytes, ClientId) : null;
        _signIn = new SignIn(_settings.UserName, Credential?.Password ?? _settings.Password, Credential?.Token ?? _settings.Token, _settings.AuthenticationMethods, cookie, _settings.Assertion, _settings.SignInMethods, _settings.X509);
        _signInMethod = _signIn.MethodDescription;
        var builder = NewRequest(MessageType.Authenticate);
        builder.BeginPart(PartKind.ClientContext);
        var context = new OptionSet()
            .Set((int)ClientContextId.ClientVersion, OptionValue.String(typeof(ConnectionCore).Assembly.GetName().Version?.ToString() ?? "1.0"))
            .Set((int)ClientContextId.ClientType, OptionValue.String(typeof(ConnectionCore).Assembly.GetName().Name ?? "Driver"))
            .Set((int)ClientContextId.ClientApplicationProgram, OptionValue.String(_settings.ApplicationName));
        OptionsPart.Write(builder.Writer, context);
        builder.EndPart(context.Count);
        builder.BeginPart(PartKind.Authentication);
        builder.Writer.WriteBytes(_signIn.BuildAuthenticateRequest());
        builder.EndPart(1);
        return builder;
    }

    /// <summary>
    /// Sign-in replies are read outside <see cref="ProcessReply(MessageBuffer, MessageBuffer, ParsedMessage)"/>: what
    /// does not read in them (a field, an option of the wrong type) breaks the connection the same way.
    /// </summary>
    private void ApplyAuthenticateReply(ParsedMessage reply)
    {
        try
        {
            ReadAuthenticateReply(reply);
        }
        catch (Exception exception) when (IsMalformedReply(exception))
        {
            throw ProtocolFailure(exception);
        }
    }

    private void ApplyConnectReply(ParsedMessage reply)
    {
        try
        {
            ReadConnectReply(reply);
        }
        catch (Exception exception) when (IsMalformedReply(exception))
        {
            throw ProtocolFailure(exception);
        }
    }

    private void ReadAuthenticateReply(ParsedMessage reply)
    {
        if (!reply.TryGetPart(PartKind.Authentication, out var part))
        {
            throw new HanaProtocolException("The AUTHENTICATE reply holds no AUTHENTICATION part.");
        }
        _signIn!.HandleAuthenticateReply(reply.GetPartSpan(part));
        _signInMethod = _signIn.MethodDescription;
    }

    private Request BuildConnect()
    {
        var builder = NewRequest(MessageType.Connect);
        builder.BeginPart(PartKind.Authentication);
        builder.Writer.WriteBytes(_signIn!.BuildConnectRequest());
        builder.EndPart(1);
        builder.BeginPart(PartKind.ClientId);
        SimpleParts.WriteText(builder.Writer, ClientId);
        builder.EndPart(1);
        // §15.1 item 5
        var options = new OptionSet()
            .Set((int)ConnectOptionId.CompleteArrayExecution, OptionValue.Boolean(true))
            .Set((int)ConnectOptionId.ClientLocale, OptionValue.String("en_US"))
            // §8.6, docs/scale-out.md: the mode the distribution key names (0 unless asked for)
            .Set((int)ConnectOptionId.ClientDistributionMode, OptionValue.Int((int)_settings.Distribution))
            .Set((int)ConnectOptionId.DataFormatVersion2, OptionValue.Int(_settings.DataFormatVersion))
            .Set((int)ConnectOptionId.OsUser, OptionValue.String(Environment.UserName));
        if (_settings.Distribution != HanaDistribution.Off)
        {
            // as a distribution-aware client does (§8.6): 0 = the base protocol; the client does not handle the
            // statement sequence information of version 1
            options.Set((int)ConnectOptionId.DistributionProtocolVersion, OptionValue.Int(0));
        }
        // §11.1: 0x300 asks for compression, 0x100 offers it and lets the server's setting decide, no option 49 never compresses
        if (_settings.Compress)
        {
            options.Set((int)ConnectOptionId.CompressionLevelAndFlags, OptionValue.Int((int)(CompressionFlags.Lz4Supported | CompressionFlags.Lz4Enabled)));
        }
        else if (_settings.OfferCompression)
        {
            options.Set((int)ConnectOptionId.CompressionLevelAndFlags, OptionValue.Int((int)CompressionFlags.Lz4Supported));
        }
        builder.BeginPart(PartKind.ConnectOptions);
        OptionsPart.Write(builder.Writer, options);
        builder.EndPart(options.Count);
        return builder;
    }

    private void ReadConnectReply(ParsedMessage reply)
    {
        if (!reply.TryGetPart(PartKind.Authentication, out var auth))
        {
            throw new HanaProtocolException("The CONNECT reply holds no AUTHENTICATION part.");
        }
        _signIn!.VerifyConnectReply(reply.GetPartSpan(auth));
        SessionCookie = (byte[])_signIn.SessionCookie.Clone();
        LogonName = _signIn.LogonName;
        _signIn.Dispose();
        _signIn = null;
        if (reply.Header.SessionId <= 0)
        {
            throw new HanaProtocolException($"The CONNECT reply carries session id {reply.Header.SessionId}; a positive id is required (§3.1).");
        }
        SessionId = reply.Header.SessionId;
        if (reply.TryGetPart(PartKind.ConnectOptions, out var optionsPart))
        {
            ServerOptions = OptionsPart.Read(reply.GetPartSpan(optionsPart), optionsPart.ArgumentCount);
        }
        if (reply.TryGetPart(PartKind.TopologyInformation, out var topology))
        {
            Topology = OptionsPart.ReadMultiline(reply.GetPartSpan(topology), topology.ArgumentCount);
        }
        ConnectionId = ServerOptions.GetInt32((int)ConnectOptionId.ConnectionId, -1);
        DataFormatVersion = ServerOptions.GetInt32((int)ConnectOptionId.DataFormatVersion2, ServerOptions.GetInt32((int)ConnectOptionId.DataFormatVersion, 1));
        if (DataFormatVersion > _settings.DataFormatVersion || DataFormatVersion < 1)
        {
            throw new HanaProtocolException($"The server granted data format version {DataFormatVersion}; {_settings.DataFormatVersion} or less was asked for.");
        }
        // §11.1 pitfall: a server that does not answer option 49 does not compress
        var compression = (CompressionFlags)ServerOptions.GetInt32((int)ConnectOptionId.CompressionLevelAndFlags, 0);
        CompressionEnabled = (_settings.Compress || _settings.OfferCompression) && (compression & (CompressionFlags.Lz4Supported | CompressionFlags.Lz4Enabled)) == (CompressionFlags.Lz4Supported | CompressionFlags.Lz4Enabled);
    }
}
