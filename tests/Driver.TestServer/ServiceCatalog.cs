using System.Globalization;
using System.Text;
using Driver.TestServer.Engine;

namespace Driver.TestServer;

/// <summary>
/// SYS.M_SERVICES (one index server per node: HOST, PORT, SERVICE_NAME, ACTIVE_STATUS, COORDINATOR_TYPE, ...) and
/// SYS.M_DATABASE (the session's own database), as HANA shows them (docs/scale-out.md). The data tables are written
/// when the topology changes and when a session opens outside the default database, on a private session of the engine.
/// </summary>
internal sealed class ServiceCatalog : IDisposable
{
    private readonly object _gate = new();
    private readonly EngineSession _session;

    public ServiceCatalog(HanaEngine engine)
    {
        _session = engine.OpenPrivateSession();
        foreach (var sql in SetupStatements())
        {
            _session.ExecuteDirect(sql, autoCommit: true);
        }
    }

    private static IEnumerable<string> SetupStatements()
    {
        yield return "CREATE COLUMN TABLE SYS.M_SERVICES_DATA (HOST NVARCHAR(64), PORT INTEGER, SERVICE_NAME NVARCHAR(32), " +
                     "PROCESS_ID BIGINT, ACTIVE_STATUS NVARCHAR(16), SQL_PORT INTEGER, COORDINATOR_TYPE NVARCHAR(16), VOLUME_ID INTEGER)";
        yield return "CREATE VIEW SYS.M_SERVICES AS SELECT HOST, PORT, SERVICE_NAME, PROCESS_ID, ACTIVE_STATUS, SQL_PORT, COORDINATOR_TYPE, " +
                     "VOLUME_ID FROM SYS.M_SERVICES_DATA";
        // connection ids are never reused within an engine: a row per session outside the default database, none removed
        yield return "CREATE COLUMN TABLE SYS.M_DATABASE_DATA (CONNECTION_ID INTEGER NOT NULL, DATABASE_NAME NVARCHAR(256))";
        yield return "CREATE VIEW SYS.M_DATABASE AS SELECT 'TST' AS SYSTEM_ID, " +
                     "COALESCE((SELECT MAX(DATABASE_NAME) FROM SYS.M_DATABASE_DATA WHERE CONNECTION_ID = CURRENT_CONNECTION), '" +
                     TestServer.DefaultDatabaseName + "') AS DATABASE_NAME, 'localhost' AS HOST, '2.00.076.00.1705471813' AS VERSION, " +
                     "'TEST' AS USAGE FROM DUMMY";
    }

    /// <summary>Rewrites SYS.M_SERVICES from the nodes (one committed transaction).</summary>
    public void Write(IReadOnlyList<TestServerNode> nodes)
    {
        var sql = new StringBuilder("DELETE FROM SYS.M_SERVICES_DATA");
        lock (_gate)
        {
            _session.ExecuteDirect(sql.ToString(), autoCommit: true);
            sql.Clear().Append("INSERT INTO SYS.M_SERVICES_DATA VALUES ");
            sql.AppendJoin(",", nodes.Select(n => string.Create(CultureInfo.InvariantCulture,
                $"('{n.Host}', {n.Port}, 'indexserver', {Environment.ProcessId}, '{(n.IsUp ? "YES" : "NO")}', {n.Port}, '{(n.IsMaster ? "MASTER" : "SLAVE")}', {n.VolumeId})")));
            _session.ExecuteDirect(sql.ToString(), autoCommit: true);
        }
    }

    /// <summary>A session opened in <paramref name="databaseName"/>: SYS.M_DATABASE shows it that name.</summary>
    public void Opened(int connectionId, string databaseName)
    {
        if (databaseName == TestServer.DefaultDatabaseName)
        {
            return;
        }
        lock (_gate)
        {
            _session.ExecuteDirect(string.Create(CultureInfo.InvariantCulture,
                $"INSERT INTO SYS.M_DATABASE_DATA VALUES ({connectionId}, '{databaseName.Replace("'", "''", StringComparison.Ordinal)}')"), autoCommit: true);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _session.Dispose();
        }
    }
}
