using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

/// <summary>
/// A statement prepared on the server (§9.3). Reference-counted: the command that prepared it and every result
/// set it produced hold a reference; DROPSTATEMENTID is queued once, when the last reference goes.
/// </summary>
internal sealed class PreparedStatementCore
{
    private readonly ConnectionCore _connection;
    private int _references = 1;

    public PreparedStatementCore(ConnectionCore connection, string sql, long id, FunctionCode functionCode, ParameterMetadata[] parameters, ColumnMetadata[] columns)
    {
        _connection = connection.AddReference();
        Sql = sql;
        Id = id;
        FunctionCode = functionCode;
        Parameters = parameters;
        Columns = columns;
        InputParameterCount = parameters.Count(p => p.IsInput);
        HasOutputParameters = parameters.Any(p => p.IsOutput);
    }

    public string Sql { get; }
    public long Id { get; }
    public FunctionCode FunctionCode { get; }
    public ParameterMetadata[] Parameters { get; }
    public ColumnMetadata[] Columns { get; }
    public int InputParameterCount { get; }

    /// <summary>A CALL with OUT or INOUT scalars: its EXECUTE answers with OUTPUTPARAMETERS (§6.25, §17).</summary>
    public bool HasOutputParameters { get; }
    public ConnectionCore Connection => _connection;
    public bool IsQuery => FunctionCode is FunctionCode.Select or FunctionCode.SelectForUpdate;
    public bool IsReleased => Volatile.Read(ref _references) <= 0;

    public PreparedStatementCore AddReference()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current <= 0)
            {
                throw new ObjectDisposedException(nameof(PreparedStatementCore), "The prepared statement was released.");
            }
            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                return this;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _connection.QueueRelease(MessageType.DropStatementId, Id);
            _connection.Release();
        }
    }

    /// <summary>Reads a PREPARE reply (§9.1): STATEMENTID, optional metadata parts; the function code tells the kind.</summary>
    public static PreparedStatementCore FromPrepareReply(ConnectionCore connection, string sql, ParsedMessage reply)
    {
        if (!reply.TryGetPart(PartKind.StatementId, out var idPart))
        {
            throw new HanaProtocolException("The PREPARE reply holds no STATEMENTID part.");
        }
        var parameters = reply.TryGetPart(PartKind.ParameterMetadata, out var parameterPart)
            ? MetadataParts.ReadParameterMetadata(reply.GetPartSpan(parameterPart), parameterPart.ArgumentCount)
            : [];
        var columns = reply.TryGetPart(PartKind.ResultSetMetadata, out var columnPart)
            ? MetadataParts.ReadResultSetMetadata(reply.GetPartSpan(columnPart), columnPart.ArgumentCount)
            : [];
        return new PreparedStatementCore(connection, sql, SimpleParts.ReadId(reply.GetPartSpan(idPart)), reply.Segment.FunctionCode, parameters, columns);
    }
}
