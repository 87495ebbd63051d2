namespace Driver.TestServer.Engine;

/// <summary>A HANA column type as written in DDL or CAST, plus the DuckDB type text it is stored as.</summary>
internal readonly record struct DeclaredType(HanaSqlType Type, int Length, int Precision, int Scale, string DuckDbType)
{
    /// <summary>DuckDB DECIMAL used to store HANA's floating DECIMAL / SMALLDECIMAL (read back with trailing zeros stripped).</summary>
    public const string FloatingDecimalStorage = "DECIMAL(38,12)";

    /// <summary>
    /// Parses a HANA type name with optional "(n)" / "(p,s)" starting at significant token <paramref name="index"/>.
    /// <paramref name="last"/> receives the index of the type's last token.
    /// </summary>
    public static bool TryParse(IReadOnlyList<SqlToken> tokens, int index, out DeclaredType type, out int last)
    {
        type = default;
        last = index;
        if (index >= tokens.Count || tokens[index].Kind != SqlTokenKind.Identifier)
        {
            return false;
        }

        var name = tokens[index].Upper;
        int? a1 = null, a2 = null;
        if (index + 2 < tokens.Count && tokens[index + 1].IsSymbol("(") && tokens[index + 2].Kind == SqlTokenKind.Number)
        {
            var j = index + 3;
            a1 = int.Parse(tokens[index + 2].Text, System.Globalization.CultureInfo.InvariantCulture);
            if (j + 1 < tokens.Count && tokens[j].IsSymbol(",") && tokens[j + 1].Kind == SqlTokenKind.Number)
            {
                a2 = int.Parse(tokens[j + 1].Text, System.Globalization.CultureInfo.InvariantCulture);
                j += 2;
            }

            if (j >= tokens.Count || !tokens[j].IsSymbol(")"))
            {
                return false;
            }

            last = j;
        }

        DeclaredType? t = name switch
        {
            "TINYINT" => new(HanaSqlType.TinyInt, 3, 3, 0, "UTINYINT"),
            "SMALLINT" => new(HanaSqlType.SmallInt, 5, 5, 0, "SMALLINT"),
            "INTEGER" or "INT" => new(HanaSqlType.Integer, 10, 10, 0, "INTEGER"),
            "BIGINT" => new(HanaSqlType.BigInt, 19, 19, 0, "BIGINT"),
            "DECIMAL" or "DEC" or "NUMERIC" when a1 is null => new(HanaSqlType.Decimal, 34, 34, EngineColumn.FloatingScale, FloatingDecimalStorage),
            "DECIMAL" or "DEC" or "NUMERIC" => FixedDecimal(a1!.Value, a2 ?? 0),
            "SMALLDECIMAL" => new(HanaSqlType.SmallDecimal, 16, 16, EngineColumn.FloatingScale, FloatingDecimalStorage),
            "REAL" => new(HanaSqlType.Real, 24, 24, 0, "REAL"),
            "DOUBLE" => new(HanaSqlType.Double, 53, 53, 0, "DOUBLE"),
            "FLOAT" when a1 is > 0 and <= 24 => new(HanaSqlType.Real, 24, 24, 0, "REAL"),
            "FLOAT" => new(HanaSqlType.Double, 53, 53, 0, "DOUBLE"),
            "VARCHAR" => Text(HanaSqlType.VarChar, a1 ?? 1),
            "NVARCHAR" => Text(HanaSqlType.NVarChar, a1 ?? 1),
            "CHAR" => Text(HanaSqlType.Char, a1 ?? 1),
            "NCHAR" => Text(HanaSqlType.NChar, a1 ?? 1),
            "ALPHANUM" => Text(HanaSqlType.AlphaNum, a1 ?? 1),
            "SHORTTEXT" => Text(HanaSqlType.ShortText, a1 ?? 1),
            "VARBINARY" => new(HanaSqlType.VarBinary, a1 ?? 1, a1 ?? 1, 0, "BLOB"),
            "BINARY" => new(HanaSqlType.Binary, a1 ?? 1, a1 ?? 1, 0, "BLOB"),
            "DATE" or "DAYDATE" => new(HanaSqlType.Date, 10, 10, 0, "DATE"),
            "TIME" or "SECONDTIME" => new(HanaSqlType.Time, 8, 8, 0, "TIME"),
            "SECONDDATE" => new(HanaSqlType.SecondDate, 19, 19, 0, "TIMESTAMP_S"),
            "TIMESTAMP" or "LONGDATE" => new(HanaSqlType.Timestamp, 27, 27, 7, "TIMESTAMP_NS"),
            "BOOLEAN" => new(HanaSqlType.Boolean, 1, 1, 0, "BOOLEAN"),
            "CLOB" => new(HanaSqlType.Clob, 0, 0, 0, "VARCHAR"),
            "NCLOB" => new(HanaSqlType.NClob, 0, 0, 0, "VARCHAR"),
            "TEXT" or "BINTEXT" => new(HanaSqlType.Text, 0, 0, 0, "VARCHAR"),
            "BLOB" => new(HanaSqlType.Blob, 0, 0, 0, "BLOB"),
            _ => null,
        };
        if (t is null)
        {
            last = index;
            return false;
        }

        type = t.Value;
        return true;
    }

    private static DeclaredType FixedDecimal(int precision, int scale)
    {
        // DuckDB DECIMAL holds at most 38 digits; HANA accepts up to 38 too
        var p = Math.Clamp(precision, 1, 38);
        var s = Math.Clamp(scale, 0, p);
        return new(HanaSqlType.Decimal, p, p, s, $"DECIMAL({p},{s})");
    }

    private static DeclaredType Text(HanaSqlType type, int length) => new(type, length, length, 0, "VARCHAR");

    /// <summary>Whether DuckDB's storage type of a result column can carry this declared type (guards column-origin guesses).</summary>
    public bool IsStoredAs(NativeType native) => DuckDbType switch
    {
        "UTINYINT" => native.Type == DuckDB.NET.Native.DuckDBType.UnsignedTinyInt,
        "SMALLINT" => native.Type == DuckDB.NET.Native.DuckDBType.SmallInt,
        "INTEGER" => native.Type == DuckDB.NET.Native.DuckDBType.Integer,
        "BIGINT" => native.Type == DuckDB.NET.Native.DuckDBType.BigInt,
        "REAL" => native.Type == DuckDB.NET.Native.DuckDBType.Float,
        "DOUBLE" => native.Type == DuckDB.NET.Native.DuckDBType.Double,
        "VARCHAR" => native.Type == DuckDB.NET.Native.DuckDBType.Varchar,
        "BLOB" => native.Type == DuckDB.NET.Native.DuckDBType.Blob,
        "DATE" => native.Type == DuckDB.NET.Native.DuckDBType.Date,
        "TIME" => native.Type == DuckDB.NET.Native.DuckDBType.Time,
        "TIMESTAMP_S" => native.Type == DuckDB.NET.Native.DuckDBType.TimestampS,
        "TIMESTAMP_NS" => native.Type == DuckDB.NET.Native.DuckDBType.TimestampNs,
        "BOOLEAN" => native.Type == DuckDB.NET.Native.DuckDBType.Boolean,
        _ => native.Type == DuckDB.NET.Native.DuckDBType.Decimal
             && (IsFloating ? native.Width == 38 && native.Scale == 12 : native.Width == Precision && native.Scale == Scale),
    };

    public bool IsFloating => Scale == EngineColumn.FloatingScale;
}
