using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.TestServer.Engine;

namespace Driver.TestServer.Wire;

/// <summary>A statement id handed out by PREPARE, with its metadata as this session's data format version reports it.</summary>
internal sealed class ServerStatement : IDisposable
{
    public ServerStatement(long id, EngineStatement statement, int dataFormatVersion)
    {
        Id = id;
        Statement = statement;
        Parameters = statement.Parameters.Select(p => Metadata.Parameter(p, dataFormatVersion, named: statement.Kind == StatementKind.Call)).ToArray();
        Inputs = Parameters.Where(p => p.IsInput).ToArray();
        Columns = statement.Columns.Select(c => Metadata.Column(c, dataFormatVersion)).ToArray();
        FunctionCode = Metadata.FunctionCodeOf(statement.Kind);
    }

    public long Id { get; }
    public EngineStatement Statement { get; }
    public ParameterMetadata[] Parameters { get; }
    /// <summary>The IN and INOUT parameters: what a PARAMETERS row carries (§6.24); all of them but for a CALL.</summary>
    public ParameterMetadata[] Inputs { get; }
    /// <summary>
    /// The result columns as the client was last told them: PREPARE's description, or the one an EXECUTE sent after the
    /// table changed under the statement (RequestHandler.WriteExecuteReply).
    /// </summary>
    public ColumnMetadata[] Columns { get; set; }
    public FunctionCode FunctionCode { get; }

    public void Dispose() => Statement.Dispose();
}
