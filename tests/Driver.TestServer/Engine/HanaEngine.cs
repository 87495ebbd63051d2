using DuckDB.NET.Native;

namespace Driver.TestServer.Engine;

/// <summary>
/// The SQL engine of the test server: one private in-memory DuckDB database shared by all sessions of this engine,
/// with HANA shims installed at start-up (types, DUMMY, functions, SERIES_GENERATE_INTEGER, monitoring views).
/// Each engine instance is an independent database, so parallel tests can each run their own.
/// </summary>
public sealed class HanaEngine : IDisposable
{
    private readonly object _gate = new();
    private readonly DuckDBDatabase _database;
    private readonly DuckDBNativeConnection _anchor;
    private readonly DuckDBNativeConnection _monitorConnection;
    private readonly DuckDBNativeConnection _catalogConnection;
    private readonly List<EngineSession> _sessions = [];
    private readonly HashSet<string> _schemas = new(StringComparer.Ordinal);
    private readonly HashSet<string> _listedUsers = new(StringComparer.Ordinal);
    private int _nextConnectionId = 200000;
    private bool _disposed;

    /// <param name="threads">DuckDB worker threads; 1 gives the lowest per-statement latency (TEST-SERVER-ENGINE.md §5).</param>
    public HanaEngine(int threads = 1)
    {
        if (NativeMethods.Startup.DuckDBOpen(":memory:", out _database) != DuckDBState.Success)
        {
            throw EngineException.General("cannot open an in-memory DuckDB database");
        }

        // the anchor keeps the database alive and runs shared DDL (schemas, shims)
        _anchor = Connect();
        _monitorConnection = Connect();
        Monitor = new EngineMonitor(_monitorConnection);
        Run(_anchor, $"SET threads = {Math.Max(1, threads)}");
        // DuckDB 1.5.6: with compressed materialization, ORDER BY over the monitoring tables (rewritten by another
        // connection) returned garbage values under parallel load (EngineMonitorTests reproduces it reliably)
        Run(_anchor, "SET disabled_optimizers = 'compressed_materialization'");
        foreach (var sql in EngineShims.Native)
        {
            Run(_anchor, sql);
        }

        using var setup = OpenSessionCore("SYS", null, 0, register: false);
        foreach (var sql in EngineShims.Hana.Concat(EngineMonitor.SetupStatements()).Concat(ProcedureCatalog.SetupStatements()))
        {
            setup.ExecuteDirect(sql, autoCommit: true);
        }

        foreach (var sql in CatalogViews.NativeStatements())
        {
            Run(_anchor, sql);
        }

        _catalogConnection = Connect();
        CatalogViews = new CatalogViews(_catalogConnection, Catalog);
    }

    /// <summary>Declared column types of every table created through the engine.</summary>
    internal ColumnCatalog Catalog { get; } = new();

    /// <summary>Stored procedures and table types of every schema.</summary>
    internal ProcedureCatalog Procedures { get; } = new();

    internal EngineMonitor Monitor { get; }

    /// <summary>SYS.TABLES, SYS.TABLE_COLUMNS and the other catalog views (CatalogViews.cs).</summary>
    internal CatalogViews CatalogViews { get; }

    /// <summary>Number of open sessions.</summary>
    public int SessionCount
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>
    /// Opens a session (one DuckDB connection) for <paramref name="userName"/>. Its current schema is the user's
    /// schema (created on first use), as in HANA. The session shows up in SYS.M_CONNECTIONS.
    /// </summary>
    public EngineSession OpenSession(string userName, string? clientHost = null, long clientPid = 0)
        => OpenSessionCore(userName, clientHost, clientPid, register: true);

    /// <summary>
    /// Makes a database user known before it signs in: its schema exists and SYS.USERS lists it, as for a user created
    /// on HANA (the server registers the users its options name).
    /// </summary>
    public void RegisterUser(string userName)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var user = userName.ToUpperInvariant();
        lock (_gate)
        {
            AddUser(user, "\"" + user.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"", listed: true);
        }
    }

    // under _gate: the user's schema (HANA gives every user one) and its SYS.USERS row, once
    private void AddUser(string user, string quoted, bool listed)
    {
        if (_schemas.Add(user))
        {
            Run(_anchor, $"CREATE SCHEMA IF NOT EXISTS {quoted}");
        }

        if (listed && _listedUsers.Add(user))
        {
            Run(_anchor, CatalogViews.InsertUser(user));
        }
    }

    /// <summary>A session for the server's own bookkeeping (ServiceCatalog.cs): not listed in SYS.M_CONNECTIONS.</summary>
    internal EngineSession OpenPrivateSession() => OpenSessionCore("SYS", null, 0, register: false);

    private EngineSession OpenSessionCore(string userName, string? clientHost, long clientPid, bool register)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var user = string.IsNullOrEmpty(userName) ? "SYSTEM" : userName.ToUpperInvariant();
        var quoted = "\"" + user.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        int id;
        lock (_gate)
        {
            AddUser(user, quoted, listed: register);
            id = _nextConnectionId++;
        }

        var connection = Connect();
        try
        {
            Run(connection, "SET errors_as_json = true");
            Run(connection, $"SET search_path = '{quoted.Replace("'", "''", StringComparison.Ordinal)},SYS,main'");
            Run(connection, $"SET VARIABLE HANA_CONNECTION_ID = {id}");
            Run(connection, $"SET VARIABLE HANA_USER = '{user.Replace("'", "''", StringComparison.Ordinal)}'");
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        var session = new EngineSession(this, connection, id, user);
        if (register)
        {
            lock (_gate)
            {
                _sessions.Add(session);
            }

            Monitor.AddConnection(session, clientHost, clientPid);
        }

        return session;
    }

    internal void OnSessionClosed(EngineSession session)
    {
        lock (_gate)
        {
            _sessions.Remove(session);
        }

        Monitor.RemoveConnection(session.ConnectionId);
    }

    private DuckDBNativeConnection Connect()
    {
        if (NativeMethods.Startup.DuckDBConnect(_database, out var connection) != DuckDBState.Success)
        {
            throw EngineException.General("cannot connect to the DuckDB database");
        }

        return connection;
    }

    private static void Run(DuckDBNativeConnection connection, string sql)
    {
        var state = NativeMethods.Query.DuckDBQuery(connection, sql, out var result);
        var error = state == DuckDBState.Success ? null : NativeMethods.Query.DuckDBResultError(ref result);
        NativeMethods.Query.DuckDBDestroyResult(ref result);
        if (error is not null)
        {
            throw EngineException.General($"engine setup failed on \"{sql}\": {error}");
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        List<EngineSession> sessions;
        lock (_gate)
        {
            sessions = [.. _sessions];
        }

        foreach (var session in sessions)
        {
            session.Dispose();
        }

        _disposed = true;
        _monitorConnection.Dispose();
        _catalogConnection.Dispose();
        _anchor.Dispose();
        _database.Dispose();
    }
}
