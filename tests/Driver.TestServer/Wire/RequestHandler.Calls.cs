using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.TestServer.Engine;
using Driver.TestServer.Protocol;

namespace Driver.TestServer.Wire;

// The reply to a CALL (docs/protocol.md §17): OUTPUTPARAMETERS, then one RESULTSETMETADATA / RESULTSETID / RESULTSET
// group per OUT table and dynamic result set, each with a cursor of its own.
internal sealed partial class RequestHandler
{
    /// <summary>
    /// Function code 9 when the call returns result sets, else 8 (§4.4). OUTPUTPARAMETERS (§6.25) is one row with
    /// the OUT and INOUT scalars in parameter order, in result-set encoding, typed as PARAMETERMETADATA announced them.
    /// Every group carries its RESULTSETMETADATA even on EXECUTE (go-hdb starts a new table at each metadata part,
    /// node-hdb takes the metadata from the group), and its first page, closed (0x11) when it fits (§9.2).
    /// </summary>
    private void WriteCallReply(ParsedMessage request, PacketWriter writer, EngineResult result, ServerStatement? statement, int fetchSize,
        bool lobReply = false)
    {
        var functionCode = result.ResultSets.Count > 0 ? FunctionCode.DbProcedureCallWithResult : FunctionCode.DbProcedureCall;
        var builder = BeginReply(writer, request.Header.PacketCount, functionCode);
        if (lobReply)
        {
            // the last WRITELOB reply: no locators left, then the CALL's results
            builder.BeginPart(PartKind.WriteLobReply);
            builder.EndPart(0);
        }

        var pending = result.ResultSets.ToList();
        try
        {
            if (result.OutputParameters is { } outputs)
            {
                using (outputs)
                {
                    var columns = outputs.Columns.Select(c => Metadata.Column(c, _session.DataFormatVersion)).ToArray();
                    builder.BeginPart(PartKind.OutputParameters);
                    var encoder = _rowEncoder ??= new RowEncoder(_session);
                    encoder.Begin(writer, columns.Select(c => c.TypeCode).ToArray(),
                        columns.Select(c => c.Fraction == EngineColumn.FloatingScale ? 0 : (int)c.Fraction).ToArray(), MaxResultPartBytes);
                    Run(() => outputs.Fetch(1, encoder), functionCode);
                    builder.EndPart(encoder.Rows);
                }
            }

            while (pending.Count > 0)
            {
                var cursor = pending[0];
                pending.RemoveAt(0);
                var columns = cursor.Columns.Select(c => Metadata.Column(c, _session.DataFormatVersion)).ToArray();
                builder.BeginPart(PartKind.ResultSetMetadata);
                ServerParts.WriteResultSetMetadata(writer, columns);
                builder.EndPart(columns.Length);
                var resultSetId = _session.AddCursor(cursor, columns, statement?.Id ?? 0);
                builder.BeginPart(PartKind.ResultSetId);
                SimpleParts.WriteId(writer, resultSetId);
                builder.EndPart(1);
                WriteRows(builder, writer, resultSetId, fetchSize);
            }
        }
        finally
        {
            foreach (var cursor in pending)
            {
                cursor.Dispose();
            }
        }

        if (result.Committed || result.WriteTransactionStarted)
        {
            WriteTransactionFlags(builder, writer, result.Committed, result.WriteTransactionStarted && !result.Committed);
        }
        builder.Finish();
    }
}
