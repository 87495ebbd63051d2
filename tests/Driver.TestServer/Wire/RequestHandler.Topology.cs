using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.TestServer.Protocol;

namespace Driver.TestServer.Wire;

// Tenants and scale-out (docs/scale-out.md): the DBCONNECTINFO lookup and the implicit redirect at AUTHENTICATE
// (§13.3), TABLELOCATION on PREPARE (§6.19).
internal sealed partial class RequestHandler
{
    private bool HandleDbConnectInfo(ParsedMessage request, PacketWriter writer)
    {
        var requested = request.TryGetPart(PartKind.DbConnectInfo, out var part)
            ? OptionsPart.Read(request.GetPartSpan(part), part.ArgumentCount)
            : new OptionSet();
        var name = requested.TryGet((int)DbConnectInfoId.DatabaseName, out var value) ? value.AsString() : null;
        if (!_server.TryFindDatabase(_session.Connection.Listener, name, out var target))
        {
            // HANA answers a tenant it does not know with a sign-in failure: nothing to enumerate
            throw new ServerError(10, $"authentication failed: database {name} is not known here", "28000");
        }
        // §13.3: {4: true} stay here; {4: false, 2: host, 3: port} go there
        var options = target is null
            ? new OptionSet().Set((int)DbConnectInfoId.OnCorrectDatabase, OptionValue.Boolean(true))
            : RedirectOptions(target);
        var builder = BeginReply(writer, request.Header.PacketCount, FunctionCode.Nil);
        builder.BeginPart(PartKind.DbConnectInfo);
        OptionsPart.Write(writer, options);
        builder.EndPart(options.Count);
        builder.Finish();
        return true;
    }

    /// <summary>
    /// The implicit redirect (§13.3): an error segment with function code 0 holding an ERROR part and a DBCONNECTINFO
    /// part naming the host and port to sign in at. The connection stays open (the client closes it).
    /// </summary>
    private bool WriteRedirect(PacketWriter writer, int packetCount, TestServerNode target)
    {
        var builder = Builder(writer);
        builder.BeginReply(0, packetCount, SegmentKind.Error, FunctionCode.Nil);
        builder.BeginPart(PartKind.Error);
        ServerParts.WriteErrors(writer, [new ErrorRecord(10, 0, HanaErrorLevel.Error, "28000", $"authentication failed: database {target.DatabaseName} is served at {target.Host}:{target.Port}")]);
        builder.EndPart(1);
        var options = RedirectOptions(target);
        builder.BeginPart(PartKind.DbConnectInfo);
        OptionsPart.Write(writer, options);
        builder.EndPart(options.Count);
        builder.Finish();
        return true;
    }

    private static OptionSet RedirectOptions(TestServerNode target) => new OptionSet()
        .Set((int)DbConnectInfoId.OnCorrectDatabase, OptionValue.Boolean(false))
        .Set((int)DbConnectInfoId.Host, OptionValue.String(target.Host))
        .Set((int)DbConnectInfoId.Port, OptionValue.Int(target.Port));

    /// <summary>TABLELOCATION (§6.19): the volume ids of the nodes holding the statement's tables, when there are several nodes.</summary>
    private void WriteTableLocation(MessageBuilder builder, PacketWriter writer, string sql)
    {
        var volumes = _server.TableLocation(_session.Connection.Listener, sql);
        if (volumes.Length == 0)
        {
            return;
        }
        builder.BeginPart(PartKind.TableLocation);
        foreach (var volume in volumes)
        {
            writer.WriteInt32(volume);
        }
        builder.EndPart(volumes.Length);
    }
}
