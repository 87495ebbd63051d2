namespace Driver.TestServer.Engine;

/// <summary>
/// The engine's stored procedures and table types (shared by all sessions), and the DDL and rows of the catalog
/// views SYS.PROCEDURES and SYS.PROCEDURE_PARAMETERS (HANA's column names; plain tables here, rewritten at CREATE and
/// DROP PROCEDURE).
/// </summary>
internal sealed class ProcedureCatalog
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Schema, string Name), ProcedureDefinition> _procedures = new();
    private readonly Dictionary<(string Schema, string Name), IReadOnlyList<ProcedureTableColumn>> _tableTypes = new();
    private long _nextOid = 150_000;

    public const string InsertProcedure = "INSERT INTO SYS.PROCEDURES VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    public const string InsertParameter = "INSERT INTO SYS.PROCEDURE_PARAMETERS VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    public const string DeleteProcedure = "DELETE FROM SYS.PROCEDURES WHERE PROCEDURE_OID = ?";

    public const string DeleteParameters = "DELETE FROM SYS.PROCEDURE_PARAMETERS WHERE PROCEDURE_OID = ?";

    /// <summary>HANA DDL of the catalog tables, run at engine start-up.</summary>
    public static IEnumerable<string> SetupStatements()
    {
        yield return "CREATE COLUMN TABLE SYS.PROCEDURES (SCHEMA_NAME NVARCHAR(256), PROCEDURE_NAME NVARCHAR(256), PROCEDURE_OID BIGINT, " +
                     "SQL_SECURITY VARCHAR(7), DEFAULT_SCHEMA_NAME NVARCHAR(256), INPUT_PARAMETER_COUNT INTEGER, OUTPUT_PARAMETER_COUNT INTEGER, " +
                     "INOUT_PARAMETER_COUNT INTEGER, RESULT_SET_COUNT INTEGER, IS_UNICODE VARCHAR(5), DEFINITION NCLOB, PROCEDURE_TYPE VARCHAR(10), " +
                     "READ_ONLY VARCHAR(5), IS_VALID VARCHAR(5), IS_HEADER_ONLY VARCHAR(5), OWNER_NAME NVARCHAR(256), CREATE_TIME TIMESTAMP)";
        yield return "CREATE COLUMN TABLE SYS.PROCEDURE_PARAMETERS (SCHEMA_NAME NVARCHAR(256), PROCEDURE_NAME NVARCHAR(256), PROCEDURE_OID BIGINT, " +
                     "PARAMETER_NAME NVARCHAR(256), DATA_TYPE_ID INTEGER, DATA_TYPE_NAME VARCHAR(16), LENGTH INTEGER, SCALE INTEGER, POSITION INTEGER, " +
                     "TABLE_TYPE_SCHEMA NVARCHAR(256), TABLE_TYPE_NAME NVARCHAR(256), IS_INPLACE_TYPE VARCHAR(5), PARAMETER_TYPE VARCHAR(7), " +
                     "HAS_DEFAULT_VALUE VARCHAR(5), IS_NULLABLE VARCHAR(5))";
    }

    public long NextOid() => Interlocked.Increment(ref _nextOid);

    public ProcedureDefinition? Find(string schema, string name)
    {
        lock (_gate)
        {
            return _procedures.GetValueOrDefault((schema, name));
        }
    }

    /// <summary>Adds (or with <paramref name="orReplace"/> replaces) a procedure; returns the one replaced.</summary>
    public ProcedureDefinition? Add(ProcedureDefinition procedure, bool orReplace)
    {
        lock (_gate)
        {
            var key = (procedure.Schema, procedure.Name);
            if (_procedures.TryGetValue(key, out var existing) && !orReplace)
            {
                throw new EngineException(329, "HY000", 0, $"cannot use duplicate name of function or procedure: {procedure.Schema}.{procedure.Name}");
            }

            _procedures[key] = procedure;
            return existing;
        }
    }

    public ProcedureDefinition Remove(string schema, string name)
    {
        lock (_gate)
        {
            return _procedures.Remove((schema, name), out var removed)
                ? removed
                : throw new EngineException(328, "HY000", 0, $"invalid name of function or procedure: {schema}.{name}");
        }
    }

    public IReadOnlyList<ProcedureTableColumn>? FindTableType(string schema, string name)
    {
        lock (_gate)
        {
            return _tableTypes.GetValueOrDefault((schema, name));
        }
    }

    public void AddTableType(string schema, string name, IReadOnlyList<ProcedureTableColumn> columns)
    {
        lock (_gate)
        {
            if (!_tableTypes.TryAdd((schema, name), columns))
            {
                throw new EngineException(288, "HY000", 0, $"cannot use duplicate table name: {schema}.{name}");
            }
        }
    }

    public void RemoveTableType(string schema, string name)
    {
        lock (_gate)
        {
            if (!_tableTypes.Remove((schema, name)))
            {
                throw new EngineException(259, "HY000", 0, $"invalid table name: {schema}.{name}");
            }
        }
    }

    /// <summary>The SYS.PROCEDURES row of a procedure, in column order.</summary>
    public static object?[] ProcedureRow(ProcedureDefinition p, string owner) =>
    [
        p.Schema, p.Name, p.Oid, p.SqlSecurity, null,
        p.Parameters.Count(x => x.Mode == ProcedureParameterMode.In),
        p.Parameters.Count(x => x.Mode == ProcedureParameterMode.Out),
        p.Parameters.Count(x => x.Mode == ProcedureParameterMode.InOut),
        p.DynamicResultSets, "FALSE", p.Definition, "SQLSCRIPT", p.ReadsSqlData ? "TRUE" : "FALSE", "TRUE", "FALSE", owner, DateTime.Now,
    ];

    /// <summary>The SYS.PROCEDURE_PARAMETERS row of a parameter, in column order.</summary>
    public static object?[] ParameterRow(ProcedureDefinition p, ProcedureParameter parameter)
    {
        var type = parameter.Type;
        var table = parameter.IsTable;
        var mode = parameter.Mode switch
        {
            ProcedureParameterMode.Out => "OUT",
            ProcedureParameterMode.InOut => "INOUT",
            _ => "IN",
        };
        int? length = table ? null : type.Type switch
        {
            HanaSqlType.Clob or HanaSqlType.NClob or HanaSqlType.Blob or HanaSqlType.Text => null,
            _ => type.Length,
        };
        int? scale = table || type.Type is not (HanaSqlType.Decimal or HanaSqlType.SmallDecimal) || type.IsFloating ? null : type.Scale;
        return
        [
            p.Schema, p.Name, p.Oid, parameter.Name, table ? 45 : SqlTypeId(type.Type), table ? "TABLE_TYPE" : TypeName(type.Type),
            length, scale, parameter.Position,
            table ? p.Schema : null,
            table ? parameter.TableTypeName ?? $"_SYS_SS_TBL_{p.Oid}_{parameter.Position}" : null,
            table ? (parameter.TableTypeName is null ? "TRUE" : "FALSE") : "FALSE",
            mode, "FALSE", "TRUE",
        ];
    }

    private static string TypeName(HanaSqlType type) => type switch
    {
        HanaSqlType.SecondDate => "SECONDDATE",
        HanaSqlType.SmallDecimal => "SMALLDECIMAL",
        _ => type.ToString().ToUpperInvariant(),
    };

    /// <summary>JDBC type ids, as HANA's DATA_TYPE_ID columns report them.</summary>
    private static int SqlTypeId(HanaSqlType type) => type switch
    {
        HanaSqlType.TinyInt => -6,
        HanaSqlType.SmallInt => 5,
        HanaSqlType.Integer => 4,
        HanaSqlType.BigInt => -5,
        HanaSqlType.Decimal or HanaSqlType.SmallDecimal => 3,
        HanaSqlType.Real => 7,
        HanaSqlType.Double => 8,
        HanaSqlType.Char => 1,
        HanaSqlType.VarChar => 12,
        HanaSqlType.NChar => -15,
        HanaSqlType.NVarChar or HanaSqlType.AlphaNum or HanaSqlType.ShortText => -9,
        HanaSqlType.Binary => -2,
        HanaSqlType.VarBinary => -3,
        HanaSqlType.Date => 91,
        HanaSqlType.Time => 92,
        HanaSqlType.SecondDate or HanaSqlType.Timestamp => 93,
        HanaSqlType.Boolean => 16,
        HanaSqlType.Clob => 2005,
        HanaSqlType.NClob or HanaSqlType.Text => 2011,
        HanaSqlType.Blob => 2004,
        _ => 0,
    };
}
