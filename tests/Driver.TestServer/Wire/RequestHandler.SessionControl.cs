using System.Text.RegularExpressions;
using Driver.Core.Protocol;
using Driver.TestServer.Protocol;

namespace Driver.TestServer.Wire;

// ALTER SYSTEM CANCEL SESSION / DISCONNECT SESSION: how a client stops work of another session from a side
// connection, as on HANA. The test server interrupts the engine statement (or a stalled reply) of the target
// session, which then answers 139 "current operation cancelled by request".
internal sealed partial class RequestHandler
{
    private static readonly Regex s_sessionControl = new(
        @"^\s*ALTER\s+SYSTEM\s+(?<action>CANCEL|DISCONNECT)\s+SESSION\s+'(?<id>\d+)'\s*;?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static readonly Regex s_isolation = new(
        @"^\s*SET\s+TRANSACTION\s+ISOLATION\s+LEVEL\s+(?<level>READ\s+COMMITTED|REPEATABLE\s+READ|SERIALIZABLE)\s*;?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Handles the statement if it is session control; false for any other SQL.</summary>
    private bool TryHandleSessionControl(string sql, ParsedMessage request, PacketWriter writer)
    {
        var isolation = s_isolation.Match(sql);
        if (isolation.Success)
        {
            // accepted and remembered per session; DuckDB always runs snapshot isolation, at least as strict as
            // HANA's READ COMMITTED and REPEATABLE READ (docs/test-server.md)
            _session.IsolationLevel = Regex.Replace(isolation.Groups["level"].Value.ToUpperInvariant(), @"\s+", " ");
            BeginReply(writer, request.Header.PacketCount, FunctionCode.Ddl).Finish();
            return true;
        }
        var match = s_sessionControl.Match(sql);
        if (!match.Success)
        {
            return false;
        }
        if (!int.TryParse(match.Groups["id"].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var connectionId)
            || _server.FindConnection(connectionId) is not { } target)
        {
            throw new ServerError(2, $"general error: session {match.Groups["id"].Value} not found", "HY000");
        }
        if (string.Equals(match.Groups["action"].Value, "CANCEL", StringComparison.OrdinalIgnoreCase))
        {
            target.Session.Cancel();
        }
        else
        {
            target.Abort();
        }
        BeginReply(writer, request.Header.PacketCount, FunctionCode.Ddl).Finish();
        return true;
    }
}
