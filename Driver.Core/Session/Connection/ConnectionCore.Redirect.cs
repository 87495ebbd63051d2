using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

// The tenant redirect (§13.3, docs/scale-out.md), read here and followed by SessionOpening: the explicit lookup
// (DBCONNECTINFO before AUTHENTICATE) and the implicit one (an AUTHENTICATE answered with ERROR + DBCONNECTINFO).
internal sealed partial class ConnectionCore
{
    /// <summary>The tenant to look up with DBCONNECTINFO before signing in (the DatabaseName key); null: none.</summary>
    internal string? TenantLookup { get; init; }

    /// <summary>Where an error reply's DBCONNECTINFO part sent this session (the implicit redirect); null: nowhere.</summary>
    internal (string Host, int Port)? RedirectedTo { get; private set; }

    private Request BuildDbConnectInfo(string databaseName)
    {
        var builder = NewRequest(MessageType.DbConnectInfo);
        var options = new OptionSet().Set((int)DbConnectInfoId.DatabaseName, OptionValue.String(databaseName));
        builder.BeginPart(PartKind.DbConnectInfo);
        OptionsPart.Write(builder.Writer, options);
        builder.EndPart(options.Count);
        return builder;
    }

    /// <summary>§13.3: <c>{4: true}</c> sign in here (null); <c>{4: false, 2: host, 3: port}</c> go there.</summary>
    private (string Host, int Port)? ReadDbConnectInfo(ParsedMessage reply)
    {
        try
        {
            if (!reply.TryGetPart(PartKind.DbConnectInfo, out var part))
            {
                throw new HanaProtocolException("The DBCONNECTINFO reply holds no DBCONNECTINFO part (§13.3).");
            }
            return RedirectTarget(OptionsPart.Read(reply.GetPartSpan(part), part.ArgumentCount));
        }
        catch (Exception exception) when (IsMalformedReply(exception))
        {
            throw ProtocolFailure(exception);
        }
    }

    /// <summary>An error reply that carries DBCONNECTINFO (§13.3: the implicit redirect at AUTHENTICATE): remember where to.</summary>
    private void NoteRedirect(ParsedMessage reply, PartRef part)
    {
        if (reply.Segment.Kind == SegmentKind.Error && SessionId <= 0)
        {
            RedirectedTo = RedirectTarget(OptionsPart.Read(reply.GetPartSpan(part), part.ArgumentCount));
        }
    }

    private static (string Host, int Port)? RedirectTarget(OptionSet options)
    {
        if (options.GetBoolean((int)DbConnectInfoId.OnCorrectDatabase, false))
        {
            return null;
        }
        var host = options.GetString((int)DbConnectInfoId.Host);
        var port = options.GetInt32((int)DbConnectInfoId.Port, 0);
        if (string.IsNullOrEmpty(host) || port is <= 0 or > 65535)
        {
            throw new HanaProtocolException($"The server's DBCONNECTINFO names neither this database nor a usable host and port ({host}:{port}; §13.3).");
        }
        return (host!, port);
    }
}
