using System.Collections.ObjectModel;
using System.Data;
using System.Data.Common;
using Driver.Core.Api;
using Driver.Core.Protocol;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// GetColumnSchema and GetSchemaTable, written once: both read only the result-set metadata already parsed
// (§6.21), so neither sends anything and both flavors have them.
public sealed partial class HanaDataReader
#if NET
    : IDbColumnSchemaGenerator
#endif
{
    private ReadOnlyCollection<HanaDbColumn>? _columnSchema;

    /// <summary>
    /// The columns of the result, from the metadata the server sent with it (§6.21): name, ordinal, base schema,
    /// table and column (null for an expression), nullability, size (characters or bytes of a string; precision of a
    /// number; int.MaxValue for a LOB), precision and scale, read-only and auto-increment flags, .NET and SQL type.
    /// <see cref="DbColumn.IsKey"/> and <see cref="DbColumn.IsUnique"/> are null (unknown): the result metadata does
    /// not carry them and this member sends nothing; a command executed with <see cref="CommandBehavior.KeyInfo"/>
    /// reads them from the catalog (SYS.INDEX_COLUMNS) when it executes.
    /// </summary>
    public ReadOnlyCollection<HanaDbColumn> GetColumnSchema()
    {
        if (_columnSchema is not null)
        {
            return _columnSchema;
        }
        var columns = _resultSet?.Columns ?? [];
        var schema = new List<HanaDbColumn>(columns.Length);
        for (var i = 0; i < columns.Length; i++)
        {
            var metadata = columns[i];
            var type = metadata.TypeCode;
            var numeric = SqlTypeNames.IsNumeric(type);
            var isLong = SqlTypeNames.IsLong(type);
            var baseTable = string.IsNullOrEmpty(metadata.TableName) ? null : metadata.TableName;
            // an expression has no table; its column name is then only the label, not a base column
            var baseColumn = baseTable is null || string.IsNullOrEmpty(metadata.ColumnName) ? null : metadata.ColumnName;
            var name = GetName(i);
            int? scale = !numeric ? null
                : type is HanaTypeCode.Real or HanaTypeCode.Double ? null
                : metadata.Fraction == 32767 ? null // floating DECIMAL (§6.21)
                : metadata.Fraction;
            var column = new HanaDbColumn();
            column.Set(
                name,
                i,
                isLong ? int.MaxValue : metadata.Length,
                numeric ? metadata.Length : null,
                scale,
                metadata.IsNullable,
                string.IsNullOrEmpty(metadata.SchemaName) ? null : metadata.SchemaName,
                baseTable,
                baseColumn,
                baseColumn is not null && !string.Equals(baseColumn, name, StringComparison.Ordinal),
                baseColumn is null || baseTable is null,
                (metadata.Options & ColumnOptions.ReadOnly) != 0,
                (metadata.Options & ColumnOptions.AutoIncrement) != 0,
                isLong,
                ClrTypeMap.For(type),
                SqlTypeNames.For(type),
                (int)type);
            schema.Add(column);
        }
        return _columnSchema = schema.AsReadOnly();
    }

    /// <summary>
    /// With <see cref="CommandBehavior.KeyInfo"/>: the catalog query for the primary and unique keys of the result's base
    /// tables (SYS.INDEX_COLUMNS); null without KeyInfo or when no column comes from a table.
    /// </summary>
    private HanaCommand? KeyInfoQuery()
    {
        if ((_behavior & CommandBehavior.KeyInfo) == 0)
        {
            return null;
        }
        var tables = GetColumnSchema().Where(column => column.BaseTableName is not null && column.BaseSchemaName is not null)
            .Select(column => (Schema: column.BaseSchemaName!, Table: column.BaseTableName!)).Distinct().ToList();
        if (tables.Count == 0)
        {
            return null;
        }
        var query = _connection.CreateCommand();
        var sql = new System.Text.StringBuilder("SELECT SCHEMA_NAME, TABLE_NAME, INDEX_NAME, COLUMN_NAME, \"CONSTRAINT\" FROM SYS.INDEX_COLUMNS WHERE \"CONSTRAINT\" IN ('PRIMARY KEY', 'UNIQUE') AND (");
        for (var i = 0; i < tables.Count; i++)
        {
            sql.Append(i == 0 ? "(SCHEMA_NAME = ? AND TABLE_NAME = ?)" : " OR (SCHEMA_NAME = ? AND TABLE_NAME = ?)");
            query.Parameters.Add(new HanaParameter { Value = tables[i].Schema });
            query.Parameters.Add(new HanaParameter { Value = tables[i].Table });
        }
        query.CommandText = sql.Append(')').ToString();
        return query;
    }

    /// <summary>
    /// Marks the key columns from the rows of <see cref="KeyInfoQuery"/>: IsKey for a column of its table's primary
    /// key, IsUnique for a column that is a one-column primary key or unique constraint by itself; false for the other
    /// columns of a base table, null (unknown) for expressions.
    /// </summary>
    private void ApplyKeyInfo(List<(string Schema, string Table, string Index, string Column, string Constraint)> keys)
    {
        var singleColumn = keys.GroupBy(key => (key.Schema, key.Table, key.Index)).Where(index => index.Count() == 1).SelectMany(index => index).ToList();
        foreach (var column in GetColumnSchema())
        {
            if (column.BaseTableName is null || column.BaseColumnName is null)
            {
                continue;
            }
            bool Matches((string Schema, string Table, string Index, string Column, string Constraint) key) =>
                key.Schema == column.BaseSchemaName && key.Table == column.BaseTableName && key.Column == column.BaseColumnName;
            column.SetKey(keys.Any(key => Matches(key) && key.Constraint == "PRIMARY KEY"), singleColumn.Any(Matches));
        }
    }

    private static List<(string, string, string, string, string)> NewKeyList(DbDataReader keys) => new();

    private static void AddKeyRow(List<(string, string, string, string, string)> keys, DbDataReader row) =>
        keys.Add((row.GetString(0), row.GetString(1), row.GetString(2), row.GetString(3), row.GetString(4)));

    /// <summary>
    /// Runs <see cref="KeyInfoQuery"/> and marks the key columns (a no-op without KeyInfo). Blocking: only the blocking
    /// ExecuteReader paths call it, which Driver.Async refuses before they get here.
    /// </summary>
    internal HanaDataReader WithKeyInfo()
    {
        if (KeyInfoQuery() is not { } query)
        {
            return this;
        }
        try
        {
            using (query)
            {
                ApplyKeyInfo(query.ReadAll(NewKeyList, AddKeyRow));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
        return this;
    }

#if ASYNC
    /// <summary>The awaitable <see cref="WithKeyInfo"/>.</summary>
    internal async ValueTask<HanaDataReader> WithKeyInfoAsync(CancellationToken cancellationToken)
    {
        if (KeyInfoQuery() is not { } query)
        {
            return this;
        }
        try
        {
            using (query)
            {
                ApplyKeyInfo(await query.ReadAllAsync(NewKeyList, AddKeyRow, cancellationToken).ConfigureAwait(false));
            }
        }
        catch
        {
            await CloseAsync().ConfigureAwait(false);
            throw;
        }
        return this;
    }
#endif

#if NET
    ReadOnlyCollection<DbColumn> IDbColumnSchemaGenerator.GetColumnSchema() => new(GetColumnSchema().Cast<DbColumn>().ToList());
#endif

    /// <summary>
    /// The columns of the result as a <see cref="DataTable"/> with ADO.NET's schema columns
    /// (<see cref="SchemaTableColumn"/>, <see cref="SchemaTableOptionalColumn"/>), one row per column, from
    /// <see cref="GetColumnSchema"/>; null when the statement returned no result set.
    /// </summary>
#if NET
    // DataTable columns of type System.Type, as ADO.NET's schema table defines them (DataType,
    // ProviderSpecificDataType): the types stored are the reader's own field types, which the trimmer keeps anyway
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2111", Justification = "ADO.NET's schema table holds System.Type values by definition.")]
#endif
    public override DataTable? GetSchemaTable()
    {
        if (_resultSet is null)
        {
            return null;
        }
        var table = new DataTable("SchemaTable") { Locale = System.Globalization.CultureInfo.InvariantCulture };
        var columns = table.Columns;
        columns.Add(SchemaTableColumn.ColumnName, typeof(string));
        columns.Add(SchemaTableColumn.ColumnOrdinal, typeof(int));
        columns.Add(SchemaTableColumn.ColumnSize, typeof(int));
        columns.Add(SchemaTableColumn.NumericPrecision, typeof(int));
        columns.Add(SchemaTableColumn.NumericScale, typeof(int));
        columns.Add(SchemaTableColumn.IsUnique, typeof(bool));
        columns.Add(SchemaTableColumn.IsKey, typeof(bool));
        columns.Add(SchemaTableOptionalColumn.BaseServerName, typeof(string));
        columns.Add(SchemaTableOptionalColumn.BaseCatalogName, typeof(string));
        columns.Add(SchemaTableColumn.BaseColumnName, typeof(string));
        columns.Add(SchemaTableColumn.BaseSchemaName, typeof(string));
        columns.Add(SchemaTableColumn.BaseTableName, typeof(string));
        columns.Add(SchemaTableColumn.DataType, typeof(Type));
        columns.Add(SchemaTableColumn.AllowDBNull, typeof(bool));
        columns.Add(SchemaTableColumn.ProviderType, typeof(int));
        columns.Add(SchemaTableColumn.IsAliased, typeof(bool));
        columns.Add(SchemaTableColumn.IsExpression, typeof(bool));
        columns.Add(SchemaTableOptionalColumn.IsAutoIncrement, typeof(bool));
        columns.Add(SchemaTableOptionalColumn.IsRowVersion, typeof(bool));
        columns.Add(SchemaTableOptionalColumn.IsHidden, typeof(bool));
        columns.Add(SchemaTableColumn.IsLong, typeof(bool));
        columns.Add(SchemaTableOptionalColumn.IsReadOnly, typeof(bool));
        columns.Add(SchemaTableOptionalColumn.ProviderSpecificDataType, typeof(Type));
        columns.Add("DataTypeName", typeof(string));
        columns.Add("IsIdentity", typeof(bool));
        foreach (var column in GetColumnSchema())
        {
            var row = table.NewRow();
            row[SchemaTableColumn.ColumnName] = column.ColumnName;
            row[SchemaTableColumn.ColumnOrdinal] = column.ColumnOrdinal!.Value;
            row[SchemaTableColumn.ColumnSize] = (object?)column.ColumnSize ?? DBNull.Value;
            row[SchemaTableColumn.NumericPrecision] = (object?)column.NumericPrecision ?? DBNull.Value;
            row[SchemaTableColumn.NumericScale] = (object?)column.NumericScale ?? DBNull.Value;
            row[SchemaTableColumn.IsUnique] = (object?)column.IsUnique ?? DBNull.Value;
            row[SchemaTableColumn.IsKey] = (object?)column.IsKey ?? DBNull.Value;
            row[SchemaTableOptionalColumn.BaseServerName] = DBNull.Value;
            row[SchemaTableOptionalColumn.BaseCatalogName] = DBNull.Value;
            row[SchemaTableColumn.BaseColumnName] = (object?)column.BaseColumnName ?? DBNull.Value;
            row[SchemaTableColumn.BaseSchemaName] = (object?)column.BaseSchemaName ?? DBNull.Value;
            row[SchemaTableColumn.BaseTableName] = (object?)column.BaseTableName ?? DBNull.Value;
            row[SchemaTableColumn.DataType] = column.DataType!;
            row[SchemaTableColumn.AllowDBNull] = column.AllowDBNull!.Value;
            row[SchemaTableColumn.ProviderType] = column.ProviderType;
            row[SchemaTableColumn.IsAliased] = column.IsAliased!.Value;
            row[SchemaTableColumn.IsExpression] = column.IsExpression!.Value;
            row[SchemaTableOptionalColumn.IsAutoIncrement] = column.IsAutoIncrement!.Value;
            row[SchemaTableOptionalColumn.IsRowVersion] = false;
            row[SchemaTableOptionalColumn.IsHidden] = false;
            row[SchemaTableColumn.IsLong] = column.IsLong!.Value;
            row[SchemaTableOptionalColumn.IsReadOnly] = column.IsReadOnly!.Value;
            row[SchemaTableOptionalColumn.ProviderSpecificDataType] = column.DataType!;
            row["DataTypeName"] = column.DataTypeName;
            row["IsIdentity"] = column.IsIdentity!.Value;
            table.Rows.Add(row);
        }
        return table;
    }
}
