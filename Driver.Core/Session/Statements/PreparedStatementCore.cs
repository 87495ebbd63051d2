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
/// set it produced hold a reference; when the last reference goes it is parked in the session's statement cache
/// (<see cref="StatementCache"/>) or DROPSTATEMENTID is queued, once. A parked statement holds no reference to its
/// session; a command that takes it out of the cache revives it with one reference (<see cref="Revive"/>).
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
        CacheGeneration = connection.StatementCacheGeneration;
    }

    /// <summary>The session's statement-cache generation when this was prepared (StatementCache.Generation).</summary>
    public int CacheGeneration { get; }

    /// <summary>
    /// May be parked in the session's statement cache: a query or DML (a DDL's statement means nothing once run, and a
    /// CALL may be one a procedure allows once per statement, as SAP's application locks are) that the server has not
    /// refused as invalid.
    /// </summary>
    public bool IsCacheable => !IsInvalid && FunctionCode is FunctionCode.Select or FunctionCode.SelectForUpdate or FunctionCode.Insert
        or FunctionCode.Update or FunctionCode.Delete;

    /// <summary>This statement's node in its session's StatementCache list (made at its first parking, then reused).</summary>
    public LinkedListNode<PreparedStatementCore>? CacheNode { get; set; }

    /// <summary>It was taken out of the session's statement cache at least once (StaleStatementRetry).</summary>
    public bool WasCached { get; private set; }

    /// <summary>The server refused to execute it as stale (StaleStatementRetry): it is dropped, never parked.</summary>
    public bool IsInvalid { get; set; }

    public string Sql { get; }
    public long Id { get; }
    public FunctionCode FunctionCode { get; }
    public ParameterMetadata[] Parameters { get; }
    /// <summary>The result's columns: PREPARE's description, or an EXECUTE reply's newer one (StatementRunner).</summary>
    public ColumnMetadata[] Columns { get; set; }
    public int InputParameterCount { get; }

    /// <summary>
    /// The volume ids holding the statement's tables, as the PREPARE reply's TABLELOCATION gave them (§6.19); empty
    /// when it had none. Statement routing reads it (Session/Routing, docs/scale-out.md).
    /// </summary>
    public int[] TableVolumes { get; private set; } = [];

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
            // kept for the next command with this text, or dropped (exactly one of the two)
            if (!_connection.TryParkStatement(this))
            {
                _connection.QueueRelease(MessageType.DropStatementId, Id);
            }
            _connection.Release();
        }
    }

    /// <summary>Taken out of the session's statement cache: the command's one reference, and the session's again.</summary>
    public PreparedStatementCore Revive()
    {
        _connection.AddReference();
        WasCached = true;
        Volatile.Write(ref _references, 1);
        return this;
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
        var statement = new PreparedStatementCore(connection, sql, SimpleParts.ReadId(reply.GetPartSpan(idPart)), reply.Segment.FunctionCode, parameters, columns);
        if (reply.TryGetPart(PartKind.TableLocation, out var locationPart))
        {
            statement.TableVolumes = ReadTableLocation(reply.GetPartSpan(locationPart), locationPart.ArgumentCount);
        }
        return statement;
    }

    /// <summary>TABLELOCATION (§6.19): n × I4 volume ids; a count the part's bytes cannot hold is a malformed reply.</summary>
    private static int[] ReadTableLocation(ReadOnlySpan<byte> part, int count)
    {
        if (count < 0 || (long)count * 4 > part.Length)
        {
            throw new HanaProtocolException($"TABLELOCATION announces {count} volume ids in {part.Length} bytes (§6.19).");
        }
        var volumes = new int[count];
        for (var i = 0; i < count; i++)
        {
            // masked as the topology's volume ids are (TopologyTracker, as node-hdb does), so the two compare
            volumes[i] = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(part.Slice(i * 4, 4)) & 0x000FFFFF;
        }
        return volumes;
    }
}
