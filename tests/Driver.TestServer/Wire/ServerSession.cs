using Driver.Core.Protocol.Parts;
using Driver.TestServer.Engine;

namespace Driver.TestServer.Wire;

/// <summary>
/// What the server knows about one client session: login state, negotiated options, and the statements,
/// cursors and LOB locators it handed out. Everything is released when the session ends, however it ends.
/// </summary>
internal sealed class ServerSession
{
    private readonly Dictionary<long, ServerStatement> _statements = new();
    // created by the request being answered: undone if its reply is replaced by an error
    private readonly List<long> _statementsOfRequest = [];
    private readonly List<long> _cursorsOfRequest = [];
    private readonly Dictionary<long, ServerCursor> _cursors = new();
    private readonly Dictionary<long, LobSource> _lobs = new();
    private EngineSession? _sql;

    public ServerSession(TestServer server, ServerConnection connection, long sessionId)
    {
        Server = server;
        Connection = connection;
        SessionId = sessionId;
    }

    public TestServer Server { get; }
    public ServerConnection Connection { get; }

    /// <summary>The positive session id put in every reply header from CONNECT on (§3.1).</summary>
    public long SessionId { get; }

    /// <summary>The connection id reported in connect option 1; 0 until CONNECT succeeded.</summary>
    public int ConnectionId { get; private set; }

    public bool IsAuthenticated => ConnectionId != 0;
    public string? UserName { get; set; }
    public int DataFormatVersion { get; set; } = 1;
    public bool CompressionEnabled { get; set; }
    public OptionSet? ClientConnectOptions { get; set; }
    public List<KeyValuePair<string, string?>> ClientInfo { get; } = new();

    /// <summary>The level of the last SET TRANSACTION ISOLATION LEVEL (HANA's default: READ COMMITTED).</summary>
    public string IsolationLevel { get; set; } = "READ COMMITTED";

    /// <summary>The authentication exchange in progress between AUTHENTICATE and CONNECT.</summary>
    public object? PendingAuthentication { get; set; }

    /// <summary>An EXECUTE waiting for WRITELOB data.</summary>
    public PendingLobWrite? PendingLobWrite { get; set; }

    private CancellationTokenSource _requestCancel = new();

    /// <summary>True once ALTER SYSTEM CANCEL SESSION reached this session during the current request.</summary>
    public bool CancelRequested { get; private set; }

    /// <summary>Cancelled when another session cancels this one's current request (stalled replies wait on it).</summary>
    public CancellationToken RequestCancellation => _requestCancel.Token;

    // a cancel interrupts the engine only while a request is handled: DuckDB keeps an interrupt that finds no query
    // running and strikes the session's next query, where HANA's ALTER SYSTEM CANCEL SESSION on an idle session does
    // nothing (a driver's cancel that arrives just after its statement ended must not fail the next one)
    private readonly object _cancelGate = new();
    private bool _handling;

    /// <summary>Starts a request with a fresh cancellation state.</summary>
    public void BeginRequest()
    {
        lock (_cancelGate)
        {
            CancelRequested = false;
            if (_requestCancel.IsCancellationRequested)
            {
                _requestCancel.Dispose();
                _requestCancel = new CancellationTokenSource();
            }
            _handling = true;
        }
    }

    /// <summary>The request's engine work is done (its reply may still be stalled, which a cancel still ends).</summary>
    public void EndRequest()
    {
        lock (_cancelGate)
        {
            _handling = false;
        }
    }

    /// <summary>Called from another session's thread: interrupt what this session is doing now.</summary>
    public void Cancel()
    {
        CancellationTokenSource request;
        lock (_cancelGate)
        {
            CancelRequested = true;
            request = _requestCancel;
            if (_handling)
            {
                _sql?.Interrupt();
            }
        }
        // outside the gate: the callbacks (a stalled reply ending) run on this thread
        try
        {
            request.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>The session's engine connection (one DuckDB connection per session).</summary>
    public EngineSession Sql => _sql ?? throw new ServerError(2, "general error: the session has no database connection");

    /// <summary>Login succeeded: the session gets its engine connection, whose id becomes the connection id.</summary>
    public void AttachEngine(EngineSession sql)
    {
        _sql = sql;
        ConnectionId = sql.ConnectionId;
    }

    public ServerStatement AddStatement(EngineStatement statement)
    {
        var id = Server.Backend.NextId();
        var added = new ServerStatement(id, statement, DataFormatVersion);
        _statements[id] = added;
        _statementsOfRequest.Add(id);
        Sql.TrackStatement(id, statement);
        return added;
    }

    public ServerStatement GetStatement(long id) => _statements.TryGetValue(id, out var statement)
        ? statement
        : throw new ServerError(2, $"general error: invalid statement id {id}");

    public void DropStatement(long id)
    {
        if (_statements.Remove(id, out var statement))
        {
            Sql.UntrackStatement(id);
            statement.Dispose();
        }
    }

    public long AddCursor(EngineCursor cursor, ColumnMetadata[] columns, long statementId)
    {
        var id = Server.Backend.NextId();
        _cursors[id] = new ServerCursor(id, statementId, cursor, columns);
        _cursorsOfRequest.Add(id);
        Sql.TrackResultSet(id, statementId, cursor);
        return id;
    }

    public ServerCursor GetCursor(long id) => _cursors.TryGetValue(id, out var cursor)
        ? cursor
        : throw new ServerError(2, $"general error: invalid result set id {id}");

    public void CloseCursor(long id)
    {
        if (_cursors.Remove(id, out var cursor))
        {
            Sql.UntrackResultSet(id);
            cursor.Dispose();
        }
    }

    public long NextLocatorId() => Server.Backend.NextId();

    public long RegisterLob(LobSource source)
    {
        var id = NextLocatorId();
        _lobs[id] = source;
        return id;
    }

    public LobSource GetLob(long locator) => _lobs.TryGetValue(locator, out var source)
        ? source
        : throw new ServerError(2, $"general error: invalid LOB locator {locator}");

    public void ReleaseLob(long locator) => _lobs.Remove(locator);

    /// <summary>
    /// The request's reply was replaced by an error (an injected stall that was cancelled): the statements
    /// and result sets it created were never announced to the client, which could not release them, so they go
    /// (a cancelled PREPARE or query leaves nothing behind on a real server either).
    /// </summary>
    public void UndoRequest()
    {
        foreach (var id in _cursorsOfRequest)
        {
            CloseCursor(id);
        }
        foreach (var id in _statementsOfRequest)
        {
            DropStatement(id);
        }
        _cursorsOfRequest.Clear();
        _statementsOfRequest.Clear();
    }

    /// <summary>Releases everything the session holds on the server (statements, cursors, transaction).</summary>
    public void Close()
    {
        if (_sql is null)
        {
            return;
        }
        foreach (var id in _cursors.Keys.ToList())
        {
            CloseCursor(id);
        }
        foreach (var id in _statements.Keys.ToList())
        {
            DropStatement(id);
        }
        _lobs.Clear();
        PendingLobWrite = null;
        _sql.Dispose();
        _sql = null;
    }
}
