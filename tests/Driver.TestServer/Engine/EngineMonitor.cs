using System.Globalization;
using System.Text;
using DuckDB.NET.Native;

namespace Driver.TestServer.Engine;

/// <summary>
/// Registry behind the monitoring views SYS.M_CONNECTIONS, SYS.M_PREPARED_STATEMENTS and SYS.M_RESULT_SETS
/// (the last one is a test-server view, not a HANA one). The protocol layer owns statement and result-set ids and
/// registers them through <see cref="EngineSession"/>. The views read SYS.*_DATA tables that are rewritten from this
/// registry, on a private connection, right before a statement that names a view executes.
/// </summary>
internal sealed class EngineMonitor
{
    private readonly object _gate = new();
    private readonly Dictionary<int, ConnectionRow> _connections = new();
    private readonly Dictionary<long, (int ConnectionId, string Sql)> _statements = new();
    private readonly Dictionary<long, (int ConnectionId, long StatementId, EngineCursor? Cursor)> _resultSets = new();
    private readonly DuckDBNativeConnection _connection;

    public EngineMonitor(DuckDBNativeConnection connection) => _connection = connection;

    /// <summary>HANA DDL of the data tables and views, run at engine start-up.</summary>
    public static IEnumerable<string> SetupStatements()
    {
        yield return "CREATE COLUMN TABLE SYS.M_CONNECTIONS_DATA (HOST NVARCHAR(64), PORT INTEGER, CONNECTION_ID INTEGER NOT NULL, " +
                     "CONNECTION_STATUS NVARCHAR(32), CONNECTION_TYPE NVARCHAR(32), USER_NAME NVARCHAR(256), CURRENT_SCHEMA_NAME NVARCHAR(256), " +
                     "CLIENT_HOST NVARCHAR(256), CLIENT_IP NVARCHAR(45), CLIENT_PID BIGINT, START_TIME TIMESTAMP, AUTOCOMMIT NVARCHAR(5), " +
                     "TRANSACTION_ACTIVE NVARCHAR(5))";
        yield return "CREATE VIEW SYS.M_CONNECTIONS AS SELECT HOST, PORT, CONNECTION_ID, " +
                     "CASE WHEN CONNECTION_ID = CURRENT_CONNECTION THEN 'RUNNING' ELSE CONNECTION_STATUS END AS CONNECTION_STATUS, " +
                     "CONNECTION_TYPE, CASE WHEN CONNECTION_ID = CURRENT_CONNECTION THEN 'TRUE' ELSE 'FALSE' END AS OWN, USER_NAME, " +
                     "CURRENT_SCHEMA_NAME, CLIENT_HOST, CLIENT_IP, CLIENT_PID, START_TIME, AUTOCOMMIT, TRANSACTION_ACTIVE FROM SYS.M_CONNECTIONS_DATA";
        yield return "CREATE COLUMN TABLE SYS.M_PREPARED_STATEMENTS_DATA (STATEMENT_ID BIGINT NOT NULL, CONNECTION_ID INTEGER NOT NULL, " +
                     "STATEMENT_STRING NCLOB, STATEMENT_STATUS NVARCHAR(16))";
        yield return "CREATE VIEW SYS.M_PREPARED_STATEMENTS AS SELECT STATEMENT_ID, CONNECTION_ID, STATEMENT_STRING, STATEMENT_STATUS " +
                     "FROM SYS.M_PREPARED_STATEMENTS_DATA";
        yield return "CREATE COLUMN TABLE SYS.M_RESULT_SETS_DATA (RESULT_SET_ID BIGINT NOT NULL, CONNECTION_ID INTEGER NOT NULL, " +
                     "STATEMENT_ID BIGINT, STATEMENT_STRING NCLOB, FETCHED_ROW_COUNT BIGINT, IS_EXHAUSTED NVARCHAR(5))";
        yield return "CREATE VIEW SYS.M_RESULT_SETS AS SELECT RESULT_SET_ID, CONNECTION_ID, STATEMENT_ID, STATEMENT_STRING, " +
                     "FETCHED_ROW_COUNT, IS_EXHAUSTED FROM SYS.M_RESULT_SETS_DATA";
    }

    public void AddConnection(EngineSession session, string? clientHost, long clientPid)
    {
        lock (_gate)
        {
            _connections[session.ConnectionId] = new ConnectionRow(session, clientHost, clientPid, DateTime.Now);
        }
    }

    public void RemoveConnection(int connectionId)
    {
        lock (_gate)
        {
            _connections.Remove(connectionId);
            foreach (var id in _statements.Where(s => s.Value.ConnectionId == connectionId).Select(s => s.Key).ToList())
            {
                _statements.Remove(id);
            }

            foreach (var id in _resultSets.Where(s => s.Value.ConnectionId == connectionId).Select(s => s.Key).ToList())
            {
                _resultSets.Remove(id);
            }
        }
    }

    public void AddStatement(int connectionId, long statementId, string sql)
    {
        lock (_gate)
        {
            _statements[statementId] = (connectionId, sql);
        }
    }

    public void RemoveStatement(long statementId)
    {
        lock (_gate)
        {
            _statements.Remove(statementId);
        }
    }

    public void AddResultSet(int connectionId, long resultSetId, long statementId, EngineCursor? cursor)
    {
        lock (_gate)
        {
            _resultSets[resultSetId] = (connectionId, statementId, cursor);
        }
    }

    public void RemoveResultSet(long resultSetId)
    {
        lock (_gate)
        {
            _resultSets.Remove(resultSetId);
        }
    }

    public int ConnectionCount
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Rewrites the SYS.*_DATA tables from the registry (one committed transaction).</summary>
    public void Refresh()
    {
        lock (_gate)
        {
            var sql = new StringBuilder("BEGIN TRANSACTION; DELETE FROM SYS.M_CONNECTIONS_DATA; DELETE FROM SYS.M_PREPARED_STATEMENTS_DATA; DELETE FROM SYS.M_RESULT_SETS_DATA;");
            if (_connections.Count > 0)
            {
                sql.Append(" INSERT INTO SYS.M_CONNECTIONS_DATA VALUES ");
                sql.AppendJoin(",", _connections.Values.Select(c =>
                    $"('localhost', 30015, {c.Session.ConnectionId}, 'IDLE', 'Remote', {Literal(c.Session.UserName)}, {Literal(c.Session.CurrentSchema)}, " +
                    $"{Literal(c.ClientHost)}, {Literal(c.ClientHost is null ? null : "127.0.0.1")}, {c.ClientPid}, " +
                    $"TIMESTAMP '{c.StartTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}', " +
                    $"{Literal(c.Session.AutoCommitHint ? "TRUE" : "FALSE")}, {Literal(c.Session.InTransaction ? "TRUE" : "FALSE")})"));
                sql.Append(';');
            }

            if (_statements.Count > 0)
            {
                sql.Append(" INSERT INTO SYS.M_PREPARED_STATEMENTS_DATA VALUES ");
                sql.AppendJoin(",", _statements.Select(s => $"({s.Key}, {s.Value.ConnectionId}, {Literal(s.Value.Sql)}, 'IDLE')"));
                sql.Append(';');
            }

            if (_resultSets.Count > 0)
            {
                sql.Append(" INSERT INTO SYS.M_RESULT_SETS_DATA VALUES ");
                sql.AppendJoin(",", _resultSets.Select(r =>
                {
                    var statementSql = _statements.TryGetValue(r.Value.StatementId, out var st) ? st.Sql : r.Value.Cursor?.Sql.Original;
                    var cursor = r.Value.Cursor;
                    return $"({r.Key}, {r.Value.ConnectionId}, {r.Value.StatementId}, {Literal(statementSql)}, " +
                           $"{cursor?.RowsFetched.ToString(CultureInfo.InvariantCulture) ?? "NULL"}, " +
                           $"{Literal(cursor is null ? null : cursor.IsExhausted ? "TRUE" : "FALSE")})";
                }));
                sql.Append(';');
            }

            sql.Append(" COMMIT;");
            if (NativeMethods.Query.DuckDBQuery(_connection, sql.ToString(), out var result) != DuckDBState.Success)
            {
                var error = NativeMethods.Query.DuckDBResultError(ref result);
                NativeMethods.Query.DuckDBDestroyResult(ref result);
                NativeMethods.Query.DuckDBQuery(_connection, "ROLLBACK", out var rollback);
                NativeMethods.Query.DuckDBDestroyResult(ref rollback);
                throw EngineException.General("refreshing the monitoring views failed: " + error);
            }

            NativeMethods.Query.DuckDBDestroyResult(ref result);
        }
    }

    private static string Literal(string? value) => value is null ? "NULL" : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private sealed record ConnectionRow(EngineSession Session, string? ClientHost, long ClientPid, DateTime StartTime);
}
