using System.Data;
using System.Data.Common;
using System.Text;
using Driver.Core.Api;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// DeriveParameters: a procedure's parameters from the catalog (SYS.PROCEDURES, SYS.PROCEDURE_PARAMETERS), for a
// command of CommandType.StoredProcedure (docs/procedures.md). The catalog read is the driver's own row loop
// (HanaCommand.ReadAll / ReadAllAsync); what a row adds is written once here.
/// <summary>
/// Command building for HANA; <c>DeriveParameters</c> reads a procedure's parameters from the catalog.
/// </summary>
public sealed partial class HanaCommandBuilder
{
    // one row per parameter in POSITION order; a procedure without parameters gives one row of NULLs (LEFT JOIN), so
    // "no such procedure" and "no parameters" are told apart in one round trip
    private const string ParametersQuery =
        "SELECT PP.PARAMETER_NAME, PP.PARAMETER_TYPE, PP.DATA_TYPE_NAME, PP.LENGTH, PP.SCALE, P.PROCEDURE_NAME "
        + "FROM SYS.PROCEDURES P LEFT JOIN SYS.PROCEDURE_PARAMETERS PP ON PP.SCHEMA_NAME = P.SCHEMA_NAME AND PP.PROCEDURE_NAME = P.PROCEDURE_NAME "
        + "WHERE P.SCHEMA_NAME = COALESCE(?, CURRENT_SCHEMA) AND P.PROCEDURE_NAME = ? ORDER BY PP.POSITION";

    /// <summary>
    /// Fills <paramref name="command"/>'s <see cref="HanaCommand.Parameters"/> with the parameters of the procedure
    /// its <see cref="HanaCommand.CommandText"/> names (<c>PROC</c> in the current schema, <c>SCHEMA.PROC</c>, quoted
    /// parts as written), read from SYS.PROCEDURE_PARAMETERS in declaration order: each named after the procedure's
    /// parameter, with Direction Input / InputOutput / Output for IN / INOUT / OUT, the DbType of its SQL type and
    /// its length as Size. A table output (OUT ... TABLE) becomes an Output parameter of DbType Object: it stands for
    /// the table's marker in the CALL and takes no value; the table's rows come back as a result set of the reader.
    /// The parameters the command had are replaced. Driver.Async: throws NotSupportedException; await
    /// <c>DeriveParametersAsync</c>.
    /// </summary>
    /// <param name="command">A command of <see cref="CommandType.StoredProcedure"/> on an open connection.</param>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The command is not a StoredProcedure command, has no open connection, or names no procedure that exists.</exception>
    public static void DeriveParameters(HanaCommand command)
    {
        AsyncOnly.Refuse();
        using var catalog = CatalogCommand(command, out var name);
        Apply(command, name, catalog.ReadAll(_ => new List<Row>(), AddRow));
    }

#if ASYNC
    /// <summary>
    /// Fills <paramref name="command"/>'s parameters from the catalog without blocking: what
    /// <c>DeriveParameters</c> does in Driver.Sync (see there).
    /// </summary>
    /// <param name="command">A command of <see cref="CommandType.StoredProcedure"/> on an open connection.</param>
    /// <param name="cancellationToken">Cancels the catalog query.</param>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The command is not a StoredProcedure command, has no open connection, or names no procedure that exists.</exception>
    public static async Task DeriveParametersAsync(HanaCommand command, CancellationToken cancellationToken = default)
    {
        using var catalog = CatalogCommand(command, out var name);
        Apply(command, name, await catalog.ReadAllAsync(_ => new List<Row>(), AddRow, cancellationToken).ConfigureAwait(false));
    }
#endif

    private sealed record Row(string? Name, string? Mode, string? Type, int? Length, int? Scale);

    private static void AddRow(List<Row> rows, DbDataReader reader) => rows.Add(new Row(
        reader.IsDBNull(0) ? null : reader.GetString(0),
        reader.IsDBNull(1) ? null : reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.IsDBNull(3) ? null : Convert.ToInt32(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture),
        reader.IsDBNull(4) ? null : Convert.ToInt32(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The catalog query for the procedure the command names, on the command's connection and transaction.</summary>
    private static HanaCommand CatalogCommand(HanaCommand command, out string name)
    {
        if (command is null)
        {
            throw new ArgumentNullException(nameof(command));
        }
        if (command.CommandType != CommandType.StoredProcedure)
        {
            throw new InvalidOperationException($"DeriveParameters needs a command of CommandType.StoredProcedure whose CommandText names the procedure, not {command.CommandType}.");
        }
        if (command.Connection is not { State: ConnectionState.Open } connection)
        {
            throw new InvalidOperationException("DeriveParameters needs the command's connection open.");
        }
        name = command.CommandText.Trim();
        var (schema, procedure) = SplitName(name);
        var catalog = new HanaCommand(ParametersQuery, connection) { CommandTimeout = command.CommandTimeout, Transaction = command.Transaction };
        catalog.Parameters.Add(new HanaParameter(null, (object?)schema ?? DBNull.Value));
        catalog.Parameters.Add(new HanaParameter(null, procedure));
        return catalog;
    }

    private static void Apply(HanaCommand command, string name, List<Row> rows)
    {
        if (rows.Count == 0)
        {
            throw new InvalidOperationException($"No procedure {name} is in the catalog (SYS.PROCEDURES), or it is not visible to this user.");
        }
        var parameters = new List<HanaParameter>();
        foreach (var row in rows)
        {
            if (row.Name is null)
            {
                // the one row of a procedure without parameters
                continue;
            }
            var isTable = string.Equals(row.Type, "TABLE_TYPE", StringComparison.OrdinalIgnoreCase);
            var parameter = new HanaParameter(row.Name, null)
            {
                Direction = row.Mode switch
                {
                    "OUT" => ParameterDirection.Output,
                    "INOUT" => ParameterDirection.InputOutput,
                    _ => ParameterDirection.Input,
                },
                DbType = isTable ? DbType.Object : DbTypeOf(row.Type),
                Size = !isTable && row.Length is { } length && IsSized(row.Type) ? length : 0,
            };
            parameters.Add(parameter);
        }
        command.Parameters.Clear();
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }
    }

    /// <summary>
    /// SCHEMA.PROC or PROC: an unquoted part folded to upper case as HANA folds it, a quoted one as written ("" is
    /// one quote); no schema means the session's current schema.
    /// </summary>
    private static (string? Schema, string Name) SplitName(string text)
    {
        var parts = new List<string>();
        var part = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    part.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    part.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
                wasQuoted = true;
            }
            else if (c == '.')
            {
                parts.Add(wasQuoted ? part.ToString() : part.ToString().Trim().ToUpperInvariant());
                part.Clear();
                wasQuoted = false;
            }
            else
            {
                part.Append(c);
            }
        }
        parts.Add(wasQuoted ? part.ToString() : part.ToString().Trim().ToUpperInvariant());
        if (quoted || parts.Count > 2 || parts.Exists(p => p.Length == 0))
        {
            throw new InvalidOperationException($"'{text}' is not a procedure name ([SCHEMA.]NAME, quoted parts allowed).");
        }
        return parts.Count == 2 ? (parts[0], parts[1]) : (null, parts[0]);
    }

    private static bool IsSized(string? type) => type?.ToUpperInvariant() is "VARCHAR" or "NVARCHAR" or "CHAR" or "NCHAR" or "ALPHANUM" or "SHORTTEXT"
        or "VARBINARY" or "BINARY";

    private static DbType DbTypeOf(string? type) => type?.ToUpperInvariant() switch
    {
        "TINYINT" => DbType.Byte,
        "SMALLINT" => DbType.Int16,
        "INTEGER" or "INT" => DbType.Int32,
        "BIGINT" => DbType.Int64,
        "REAL" => DbType.Single,
        "DOUBLE" or "FLOAT" => DbType.Double,
        "DECIMAL" or "SMALLDECIMAL" => DbType.Decimal,
        "BOOLEAN" => DbType.Boolean,
        "DATE" => DbType.Date,
        "TIME" => DbType.Time,
        "TIMESTAMP" or "SECONDDATE" => DbType.DateTime,
        "VARCHAR" or "CHAR" or "CLOB" => DbType.AnsiString,
        "NVARCHAR" or "NCHAR" or "NCLOB" or "ALPHANUM" or "SHORTTEXT" or "TEXT" => DbType.String,
        "VARBINARY" or "BINARY" or "BLOB" => DbType.Binary,
        _ => DbType.Object,
    };
}
