using System.Data.Common;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// One column of a result, as <see cref="HanaDataReader.GetColumnSchema"/> describes it: from the result-set
/// metadata the server sends with the result (§6.21), without a further round trip.
/// </summary>
public sealed class HanaDbColumn : DbColumn
{
    internal HanaDbColumn()
    {
    }

    /// <summary>The HANA type code on the wire (§7.1), also in <see cref="DbColumn.DataTypeName"/> as its SQL name.</summary>
    public int ProviderType { get; internal set; }

    internal void Set(string columnName, int ordinal, int? size, int? precision, int? scale, bool allowNull,
        string? baseSchema, string? baseTable, string? baseColumn, bool isAliased, bool isExpression, bool isReadOnly,
        bool isAutoIncrement, bool isLong, Type dataType, string dataTypeName, int providerType)
    {
        ColumnName = columnName;
        ColumnOrdinal = ordinal;
        ColumnSize = size;
        NumericPrecision = precision;
        NumericScale = scale;
        AllowDBNull = allowNull;
        BaseSchemaName = baseSchema;
        BaseTableName = baseTable;
        BaseColumnName = baseColumn;
        BaseCatalogName = null;
        BaseServerName = null;
        IsAliased = isAliased;
        IsExpression = isExpression;
        IsReadOnly = isReadOnly;
        IsAutoIncrement = isAutoIncrement;
        IsIdentity = isAutoIncrement;
        IsLong = isLong;
        IsHidden = false;
        // key and uniqueness are the catalog's, not the result metadata's: unknown unless asked for (see GetColumnSchema)
        IsKey = null;
        IsUnique = null;
        DataType = dataType;
        DataTypeName = dataTypeName;
        ProviderType = providerType;
    }

    internal void SetKey(bool isKey, bool isUnique)
    {
        IsKey = isKey;
        IsUnique = isUnique;
    }
}
