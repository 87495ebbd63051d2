using System.Globalization;
using System.Text;
using DuckDB.NET.Native;

namespace Driver.TestServer.Engine;

/// <summary>
/// HANA's catalog views SYS.TABLES, SYS.TABLE_COLUMNS, SYS.VIEWS, SYS.INDEXES, SYS.INDEX_COLUMNS, SYS.CONSTRAINTS,
/// SYS.REFERENTIAL_CONSTRAINTS, SYS.SCHEMAS and SYS.USERS, with HANA's column names (the subset clients read: GetSchema, the key columns of a
/// table). They are DuckDB views over DuckDB's own catalog (duckdb_tables(), duckdb_columns(), duckdb_views(),
/// duckdb_indexes(), duckdb_constraints()), so they follow committed DDL at once; only what DuckDB does not keep, the
/// declared HANA type of a column (lengths, CLOB against VARCHAR), comes from <see cref="ColumnCatalog"/> through
/// SYS.TABLE_COLUMNS_DATA, rewritten on a private connection before a statement that names SYS.TABLE_COLUMNS runs
/// (as <see cref="EngineMonitor"/> does for the M_ views).
/// </summary>
internal sealed class CatalogViews
{
    /// <summary>The views whose statements need <see cref="Refresh"/> first.</summary>
    public static readonly HashSet<string> RefreshedViews = ["TABLE_COLUMNS"];

    private readonly object _gate = new();
    private readonly DuckDBNativeConnection _connection;
    private readonly ColumnCatalog _catalog;

    public CatalogViews(DuckDBNativeConnection connection, ColumnCatalog catalog)
    {
        _connection = connection;
        _catalog = catalog;
    }

    // the engine's own helper tables and DuckDB's internal objects are not HANA catalog entries
    private const string UserObject = "database_name = current_database() AND NOT internal AND NOT temporary " +
                                      "AND NOT (schema_name = 'SYS' AND table_name LIKE '%\\_DATA' ESCAPE '\\')";

    // HANA type name of a DuckDB type, for columns the ColumnCatalog does not know (CREATE TABLE AS SELECT, say)
    private const string TypeFallback =
        "CASE WHEN c.data_type LIKE 'DECIMAL%' THEN 'DECIMAL' WHEN c.data_type = 'VARCHAR' THEN 'NVARCHAR' " +
        "WHEN c.data_type = 'UTINYINT' THEN 'TINYINT' WHEN c.data_type = 'BLOB' THEN 'VARBINARY' WHEN c.data_type = 'FLOAT' THEN 'REAL' " +
        "WHEN c.data_type LIKE 'TIMESTAMP_S' THEN 'SECONDDATE' WHEN c.data_type LIKE 'TIMESTAMP%' THEN 'TIMESTAMP' ELSE c.data_type END";

    /// <summary>DuckDB DDL of the views, run natively at engine start-up (after SYS exists).</summary>
    public static IEnumerable<string> NativeStatements()
    {
        yield return "CREATE TABLE SYS.TABLE_COLUMNS_DATA (SCHEMA_NAME VARCHAR, TABLE_NAME VARCHAR, COLUMN_NAME VARCHAR, " +
                     "DATA_TYPE_NAME VARCHAR, LENGTH INTEGER, SCALE INTEGER)";
        yield return "CREATE VIEW SYS.TABLES AS SELECT schema_name AS SCHEMA_NAME, table_name AS TABLE_NAME, " +
                     "CAST(table_oid AS BIGINT) AS TABLE_OID, CAST(comment AS VARCHAR) AS COMMENTS, CAST(1 AS INTEGER) AS FIXED_PART_SIZE, " +
                     "'FALSE' AS IS_LOGGED, 'FALSE' AS IS_SYSTEM_TABLE, 'TRUE' AS IS_COLUMN_TABLE, 'COLUMN' AS TABLE_TYPE, " +
                     "'FALSE' AS IS_INSERT_ONLY, 'FALSE' AS IS_TENANT_SHARED_DATA, 'FALSE' AS IS_TEMPORARY, " +
                     "CASE WHEN has_primary_key THEN 'TRUE' ELSE 'FALSE' END AS HAS_PRIMARY_KEY, CAST(estimated_size AS BIGINT) AS RECORD_COUNT " +
                     $"FROM duckdb_tables() WHERE {UserObject}";
        yield return "CREATE VIEW SYS.TABLE_COLUMNS AS SELECT c.schema_name AS SCHEMA_NAME, c.table_name AS TABLE_NAME, " +
                     "CAST(c.table_oid AS BIGINT) AS TABLE_OID, c.column_name AS COLUMN_NAME, CAST(c.column_index AS INTEGER) AS POSITION, " +
                     $"COALESCE(d.DATA_TYPE_NAME, {TypeFallback}) AS DATA_TYPE_NAME, " +
                     "CAST(CASE WHEN d.COLUMN_NAME IS NULL THEN COALESCE(c.numeric_precision, c.character_maximum_length) ELSE d.LENGTH END AS INTEGER) AS LENGTH, " +
                     "CAST(CASE WHEN d.COLUMN_NAME IS NULL THEN c.numeric_scale ELSE d.SCALE END AS INTEGER) AS SCALE, " +
                     "CASE WHEN c.is_nullable THEN 'TRUE' ELSE 'FALSE' END AS IS_NULLABLE, " +
                     "CAST(c.column_default AS VARCHAR) AS DEFAULT_VALUE, CAST(c.comment AS VARCHAR) AS COMMENTS, " +
                     "CASE WHEN c.column_default LIKE 'nextval(%' THEN 'BY DEFAULT AS IDENTITY' END AS GENERATION_TYPE, " +
                     "CAST(c.table_oid * 1000 + c.column_index AS BIGINT) AS COLUMN_ID " +
                     "FROM duckdb_columns() c LEFT JOIN SYS.TABLE_COLUMNS_DATA d " +
                     "ON d.SCHEMA_NAME = c.schema_name AND d.TABLE_NAME = c.table_name AND d.COLUMN_NAME = c.column_name " +
                     "WHERE c.database_name = current_database() AND NOT c.internal " +
                     "AND NOT (c.schema_name = 'SYS' AND c.table_name LIKE '%\\_DATA' ESCAPE '\\') " +
                     "AND EXISTS (SELECT 1 FROM duckdb_tables() t WHERE t.table_oid = c.table_oid AND NOT t.temporary)";
        yield return "CREATE VIEW SYS.VIEWS AS SELECT schema_name AS SCHEMA_NAME, view_name AS VIEW_NAME, CAST(view_oid AS BIGINT) AS VIEW_OID, " +
                     "schema_name AS OWNER_NAME, sql AS DEFINITION, 'ROW' AS VIEW_TYPE, 'TRUE' AS IS_VALID, CAST(comment AS VARCHAR) AS COMMENTS " +
                     "FROM duckdb_views() WHERE database_name = current_database() AND NOT internal AND NOT temporary " +
                     "AND schema_name NOT IN ('information_schema', 'pg_catalog')";
        // one row per constraint column; HANA lists PRIMARY KEY and UNIQUE constraints here (NOT NULL and CHECK are
        // not key constraints; CHECK shows with its condition)
        yield return "CREATE VIEW SYS.CONSTRAINTS AS SELECT c.schema_name AS SCHEMA_NAME, c.table_name AS TABLE_NAME, " +
                     "u.column_name AS COLUMN_NAME, CAST(u.position AS INTEGER) AS POSITION, " +
                     "COALESCE(c.constraint_name, c.table_name || '_' || c.constraint_index) AS CONSTRAINT_NAME, " +
                     "CASE WHEN c.constraint_type = 'PRIMARY KEY' THEN 'TRUE' ELSE 'FALSE' END AS IS_PRIMARY_KEY, " +
                     "CASE WHEN c.constraint_type IN ('PRIMARY KEY', 'UNIQUE') THEN 'TRUE' ELSE 'FALSE' END AS IS_UNIQUE_KEY, " +
                     "CASE WHEN c.constraint_type = 'CHECK' THEN c.expression END AS CHECK_CONDITION " +
                     "FROM duckdb_constraints() c, LATERAL (SELECT unnest(c.constraint_column_names) AS column_name, " +
                     "generate_subscripts(c.constraint_column_names, 1) AS position) u " +
                     "WHERE c.database_name = current_database() AND c.constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'CHECK')";
        yield return "CREATE VIEW SYS.REFERENTIAL_CONSTRAINTS AS SELECT c.schema_name AS SCHEMA_NAME, c.table_name AS TABLE_NAME, " +
                     "u.column_name AS COLUMN_NAME, CAST(u.position AS INTEGER) AS POSITION, " +
                     "COALESCE(c.constraint_name, c.table_name || '_FK_' || c.constraint_index) AS CONSTRAINT_NAME, " +
                     "c.schema_name AS REFERENCED_SCHEMA_NAME, c.referenced_table AS REFERENCED_TABLE_NAME, " +
                     "u.referenced_column AS REFERENCED_COLUMN_NAME, " +
                     "(SELECT COALESCE(p.constraint_name, p.table_name || '_' || p.constraint_index) FROM duckdb_constraints() p " +
                     " WHERE p.schema_name = c.schema_name AND p.table_name = c.referenced_table AND p.constraint_type IN ('PRIMARY KEY', 'UNIQUE') " +
                     " AND p.constraint_column_names = c.referenced_column_names LIMIT 1) AS REFERENCED_CONSTRAINT_NAME, " +
                     "'RESTRICT' AS UPDATE_RULE, 'RESTRICT' AS DELETE_RULE, 'FALSE' AS IS_VALIDATED, 'TRUE' AS IS_ENABLED " +
                     "FROM duckdb_constraints() c, LATERAL (SELECT unnest(c.constraint_column_names) AS column_name, " +
                     "unnest(c.referenced_column_names) AS referenced_column, generate_subscripts(c.constraint_column_names, 1) AS position) u " +
                     "WHERE c.database_name = current_database() AND c.constraint_type = 'FOREIGN KEY'";
        // HANA shows the index behind a primary key or unique constraint in SYS.INDEXES with its CONSTRAINT; an index
        // made with CREATE INDEX has CONSTRAINT NULL (or UNIQUE for CREATE UNIQUE INDEX)
        yield return "CREATE VIEW SYS.INDEXES AS " +
                     "SELECT schema_name AS SCHEMA_NAME, table_name AS TABLE_NAME, CAST(table_oid AS BIGINT) AS TABLE_OID, " +
                     "COALESCE(constraint_name, table_name || '_' || constraint_index) AS INDEX_NAME, " +
                     "CAST(table_oid * 1000 + constraint_index AS BIGINT) AS INDEX_OID, 'CPBTREE' AS INDEX_TYPE, " +
                     "CASE WHEN constraint_type = 'PRIMARY KEY' THEN 'PRIMARY KEY' ELSE 'UNIQUE' END AS \"CONSTRAINT\" " +
                     "FROM duckdb_constraints() WHERE database_name = current_database() AND constraint_type IN ('PRIMARY KEY', 'UNIQUE') " +
                     "UNION ALL SELECT schema_name, table_name, CAST(table_oid AS BIGINT), index_name, CAST(index_oid AS BIGINT), 'CPBTREE', " +
                     "CASE WHEN is_unique THEN 'UNIQUE' END FROM duckdb_indexes() WHERE database_name = current_database()";
        yield return "CREATE VIEW SYS.INDEX_COLUMNS AS " +
                     "SELECT c.schema_name AS SCHEMA_NAME, c.table_name AS TABLE_NAME, CAST(c.table_oid AS BIGINT) AS TABLE_OID, " +
                     "COALESCE(c.constraint_name, c.table_name || '_' || c.constraint_index) AS INDEX_NAME, " +
                     "CAST(c.table_oid * 1000 + c.constraint_index AS BIGINT) AS INDEX_OID, " +
                     "CASE WHEN c.constraint_type = 'PRIMARY KEY' THEN 'PRIMARY KEY' ELSE 'UNIQUE' END AS \"CONSTRAINT\", " +
                     "u.column_name AS COLUMN_NAME, CAST(u.position AS INTEGER) AS POSITION, 'TRUE' AS ASCENDING_ORDER " +
                     "FROM duckdb_constraints() c, LATERAL (SELECT unnest(c.constraint_column_names) AS column_name, " +
                     "generate_subscripts(c.constraint_column_names, 1) AS position) u " +
                     "WHERE c.database_name = current_database() AND c.constraint_type IN ('PRIMARY KEY', 'UNIQUE') " +
                     "UNION ALL SELECT i.schema_name, i.table_name, CAST(i.table_oid AS BIGINT), i.index_name, CAST(i.index_oid AS BIGINT), " +
                     "CASE WHEN i.is_unique THEN 'UNIQUE' END, trim(u.expression, '\" '), CAST(u.position AS INTEGER), 'TRUE' " +
                     "FROM duckdb_indexes() i, LATERAL (SELECT unnest(CAST(i.expressions AS VARCHAR[])) AS expression, " +
                     "generate_subscripts(CAST(i.expressions AS VARCHAR[]), 1) AS position) u " +
                     "WHERE i.database_name = current_database()";
        // the users the server knows (its options) and every user that signed in; HANA's columns, the subset tools read
        yield return "CREATE TABLE SYS.USERS_DATA (USER_NAME VARCHAR, USER_ID BIGINT, CREATE_TIME TIMESTAMP)";
        yield return "INSERT INTO SYS.USERS_DATA VALUES ('SYS', 1, TIMESTAMP '2026-01-01 00:00:00')";
        yield return "CREATE VIEW SYS.USERS AS SELECT USER_NAME, USER_ID, CAST(NULL AS VARCHAR) AS USERGROUP_NAME, 'LOCAL' AS USER_MODE, " +
                     "CASE WHEN USER_NAME = 'SYS' THEN 'SYS' ELSE 'SYSTEM' END AS CREATOR, CREATE_TIME, CREATE_TIME AS VALID_FROM, " +
                     "CAST(NULL AS TIMESTAMP) AS VALID_UNTIL, 'FALSE' AS USER_DEACTIVATED, 'TRUE' AS IS_PASSWORD_ENABLED, " +
                     "'FALSE' AS IS_RESTRICTED, 'TRUE' AS IS_CLIENT_CONNECT_ENABLED FROM SYS.USERS_DATA";
        // DuckDB's own schemas (main, information_schema, pg_catalog) are not HANA's; SYS and every user's schema are
        yield return "CREATE VIEW SYS.SCHEMAS AS SELECT schema_name AS SCHEMA_NAME, " +
                     "CASE WHEN schema_name = 'SYS' THEN 'SYS' WHEN u.USER_NAME IS NOT NULL THEN u.USER_NAME ELSE 'SYSTEM' END AS SCHEMA_OWNER, " +
                     "'TRUE' AS HAS_PRIVILEGES, CAST(TIMESTAMP '2026-01-01 00:00:00' AS TIMESTAMP) AS CREATE_TIME " +
                     "FROM duckdb_schemas() s LEFT JOIN SYS.USERS_DATA u ON u.USER_NAME = s.schema_name " +
                     "WHERE s.database_name = current_database() AND NOT s.internal " +
                     "AND s.schema_name NOT IN ('main', 'information_schema', 'pg_catalog')";
    }

    /// <summary>The native statement that lists <paramref name="user"/> in SYS.USERS.</summary>
    public static string InsertUser(string user) =>
        $"INSERT INTO SYS.USERS_DATA SELECT {Literal(user)}, COALESCE(MAX(USER_ID), 0) + 1, now()::TIMESTAMP FROM SYS.USERS_DATA";

    /// <summary>Rewrites SYS.TABLE_COLUMNS_DATA from the declared types (one committed transaction).</summary>
    public void Refresh()
    {
        lock (_gate)
        {
            var sql = new StringBuilder("BEGIN TRANSACTION; DELETE FROM SYS.TABLE_COLUMNS_DATA;");
            var rows = _catalog.Snapshot();
            if (rows.Count > 0)
            {
                sql.Append(" INSERT INTO SYS.TABLE_COLUMNS_DATA VALUES ");
                sql.AppendJoin(",", rows.Select(row =>
                {
                    var type = row.Column.Type;
                    var name = TypeName(type.Type);
                    var numeric = type.Type is HanaSqlType.TinyInt or HanaSqlType.SmallInt or HanaSqlType.Integer or HanaSqlType.BigInt
                        or HanaSqlType.Decimal or HanaSqlType.SmallDecimal or HanaSqlType.Real or HanaSqlType.Double;
                    var length = numeric ? type.Precision : type.Length;
                    // HANA: 0 for the integer types, the declared scale of a fixed DECIMAL, NULL for floating and other types
                    var scale = type.Type is HanaSqlType.TinyInt or HanaSqlType.SmallInt or HanaSqlType.Integer or HanaSqlType.BigInt ? "0"
                        : type.Type is HanaSqlType.Decimal && type.Scale != EngineColumn.FloatingScale ? type.Scale.ToString(CultureInfo.InvariantCulture)
                        : "NULL";
                    return $"({Literal(row.Schema)}, {Literal(row.Table)}, {Literal(row.Column.Name)}, {Literal(name)}, " +
                           $"{(length > 0 ? length.ToString(CultureInfo.InvariantCulture) : "NULL")}, {scale})";
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
                throw EngineException.General("refreshing the catalog views failed: " + error);
            }

            NativeMethods.Query.DuckDBDestroyResult(ref result);
        }
    }

    private static string TypeName(HanaSqlType type) => type switch
    {
        HanaSqlType.SecondDate => "SECONDDATE",
        _ => type.ToString().ToUpperInvariant(),
    };

    private static string Literal(string? value) => value is null ? "NULL" : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
