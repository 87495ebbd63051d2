using DuckDB.NET.Native;

namespace Driver.TestServer.Engine;

/// <summary>HANA metadata for values that have no declared column: derived from DuckDB's type alone.</summary>
internal static class HanaTypeMapper
{
    /// <summary>NVARCHAR length reported for string expressions (HANA's largest NVARCHAR).</summary>
    public const int DefaultStringLength = 5000;

    public static bool IsSupported(DuckDBType type) => type is not (DuckDBType.List or DuckDBType.Struct or DuckDBType.Map
        or DuckDBType.Union or DuckDBType.Array or DuckDBType.Bit or DuckDBType.VarInt or DuckDBType.Any);

    public static EngineColumn FromNative(NativeType native, string name, string? display = null, bool nullable = true)
    {
        var (type, length, scale) = native.Type switch
        {
            DuckDBType.Boolean => (HanaSqlType.Boolean, 1, 0),
            DuckDBType.UnsignedTinyInt => (HanaSqlType.TinyInt, 3, 0),
            DuckDBType.TinyInt or DuckDBType.SmallInt => (HanaSqlType.SmallInt, 5, 0),
            DuckDBType.UnsignedSmallInt or DuckDBType.Integer => (HanaSqlType.Integer, 10, 0),
            DuckDBType.UnsignedInteger or DuckDBType.BigInt => (HanaSqlType.BigInt, 19, 0),
            DuckDBType.UnsignedBigInt or DuckDBType.HugeInt or DuckDBType.UnsignedHugeInt => (HanaSqlType.Decimal, 38, 0),
            DuckDBType.Float => (HanaSqlType.Real, 24, 0),
            DuckDBType.Double => (HanaSqlType.Double, 53, 0),
            // DECIMAL(38,12) is how floating DECIMAL / SMALLDECIMAL are stored: keep expressions over them floating
            DuckDBType.Decimal when native.Width == 38 && native.Scale == 12 => (HanaSqlType.Decimal, 34, EngineColumn.FloatingScale),
            DuckDBType.Decimal => (HanaSqlType.Decimal, (int)native.Width, (int)native.Scale),
            DuckDBType.Blob => (HanaSqlType.VarBinary, DefaultStringLength, 0),
            DuckDBType.Date => (HanaSqlType.Date, 10, 0),
            DuckDBType.Time or DuckDBType.TimeTz => (HanaSqlType.Time, 8, 0),
            DuckDBType.TimestampS => (HanaSqlType.SecondDate, 19, 0),
            DuckDBType.Timestamp or DuckDBType.TimestampMs or DuckDBType.TimestampNs or DuckDBType.TimestampTz => (HanaSqlType.Timestamp, 27, 7),
            _ => (HanaSqlType.NVarChar, DefaultStringLength, 0),
        };
        return new EngineColumn
        {
            Type = type,
            Length = length,
            Precision = length,
            Scale = scale,
            Nullable = nullable,
            ColumnName = name,
            DisplayName = display ?? name,
            Native = native,
        };
    }

    public static EngineColumn FromDeclared(DeclaredColumn declared, NativeType native, string display, string? table, string? schema) => new()
    {
        Type = declared.Type.Type,
        Length = declared.Type.Length,
        Precision = declared.Type.Precision,
        Scale = declared.Type.Scale,
        Nullable = declared.Nullable,
        ColumnName = declared.Name,
        DisplayName = display,
        TableName = table,
        SchemaName = schema,
        Native = native,
    };
}
