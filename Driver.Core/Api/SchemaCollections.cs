using System.Data;
using System.Data.Common;
using System.Globalization;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Api;

/// <summary>
/// The collections of <c>HanaConnection.GetSchema</c>, flavor-free: the fixed ones as tables built here, the catalog
/// ones as a query on HANA's SYS views (documented column names) with one <c>= ?</c> per restriction given, and the
/// table a reader's rows go into. Only reading the rows is the flavor's (GetSchema / GetSchemaAsync).
/// </summary>
internal static class SchemaCollections
{
    /// <summary>A catalog collection: its view, the columns it returns, its restrictions (column names) and its order.</summary>
    private sealed record Catalog(string Name, string View, string Columns, string[] Restrictions, string OrderBy);

    private static readonly Catalog[] Catalogs =
    [
        new("Tables", "SYS.TABLES", "SCHEMA_NAME, TABLE_NAME, TABLE_TYPE, IS_COLUMN_TABLE, IS_TEMPORARY, COMMENTS",
            ["SCHEMA_NAME", "TABLE_NAME", "TABLE_TYPE"], "SCHEMA_NAME, TABLE_NAME"),
        new("Columns", "SYS.TABLE_COLUMNS", "SCHEMA_NAME, TABLE_NAME, COLUMN_NAME, POSITION, DATA_TYPE_NAME, LENGTH, SCALE, IS_NULLABLE, DEFAULT_VALUE, COMMENTS",
            ["SCHEMA_NAME", "TABLE_NAME", "COLUMN_NAME"], "SCHEMA_NAME, TABLE_NAME, POSITION"),
        new("Views", "SYS.VIEWS", "SCHEMA_NAME, VIEW_NAME, VIEW_TYPE, IS_VALID, COMMENTS",
            ["SCHEMA_NAME", "VIEW_NAME"], "SCHEMA_NAME, VIEW_NAME"),
        new("Procedures", "SYS.PROCEDURES", "SCHEMA_NAME, PROCEDURE_NAME, PROCEDURE_TYPE, INPUT_PARAMETER_COUNT, OUTPUT_PARAMETER_COUNT, INOUT_PARAMETER_COUNT, RESULT_SET_COUNT",
            ["SCHEMA_NAME", "PROCEDURE_NAME"], "SCHEMA_NAME, PROCEDURE_NAME"),
        new("ProcedureParameters", "SYS.PROCEDURE_PARAMETERS", "SCHEMA_NAME, PROCEDURE_NAME, PARAMETER_NAME, POSITION, DATA_TYPE_NAME, LENGTH, SCALE, PARAMETER_TYPE, HAS_DEFAULT_VALUE, IS_NULLABLE",
            ["SCHEMA_NAME", "PROCEDURE_NAME", "PARAMETER_NAME"], "SCHEMA_NAME, PROCEDURE_NAME, POSITION"),
        new("Indexes", "SYS.INDEXES", "SCHEMA_NAME, TABLE_NAME, INDEX_NAME, INDEX_TYPE, \"CONSTRAINT\"",
            ["SCHEMA_NAME", "TABLE_NAME", "INDEX_NAME"], "SCHEMA_NAME, TABLE_NAME, INDEX_NAME"),
        new("IndexColumns", "SYS.INDEX_COLUMNS", "SCHEMA_NAME, TABLE_NAME, INDEX_NAME, COLUMN_NAME, POSITION, \"CONSTRAINT\", ASCENDING_ORDER",
            ["SCHEMA_NAME", "TABLE_NAME", "INDEX_NAME", "COLUMN_NAME"], "SCHEMA_NAME, TABLE_NAME, INDEX_NAME, POSITION"),
        new("ForeignKeys", "SYS.REFERENTIAL_CONSTRAINTS", "SCHEMA_NAME, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, POSITION, REFERENCED_SCHEMA_NAME, " +
            "REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME, REFERENCED_CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE",
            ["SCHEMA_NAME", "TABLE_NAME", "CONSTRAINT_NAME"], "SCHEMA_NAME, TABLE_NAME, CONSTRAINT_NAME, POSITION"),
    ];

    private static readonly string[] FixedCollections = ["MetaDataCollections", "DataSourceInformation", "DataTypes", "Restrictions", "ReservedWords"];

    /// <summary>
    /// The table of a fixed collection, or null with <paramref name="command"/> set to the catalog query to read
    /// into <see cref="NewTable"/>. Throws ArgumentException for an unknown collection or too many restrictions.
    /// </summary>
    public static DataTable? Resolve(HanaConnection connection, string collectionName, string?[]? restrictions, out HanaCommand? command, out string name)
    {
        command = null;
        if (collectionName is null)
        {
            throw new ArgumentNullException(nameof(collectionName));
        }
        var given = restrictions ?? [];
        if (FixedCollections.FirstOrDefault(fixedName => string.Equals(fixedName, collectionName, StringComparison.OrdinalIgnoreCase)) is { } fixedCollection)
        {
            name = fixedCollection;
            if (given.Any(value => value is not null))
            {
                throw new ArgumentException($"The collection '{fixedCollection}' has no restrictions.", nameof(restrictions));
            }
            return fixedCollection switch
            {
                "MetaDataCollections" => MetaDataCollections(),
                "DataSourceInformation" => DataSourceInformation(connection),
                "DataTypes" => DataTypes(),
                "Restrictions" => Restrictions(),
                _ => ReservedWords(),
            };
        }
        var catalog = Catalogs.FirstOrDefault(c => string.Equals(c.Name, collectionName, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"The collection '{collectionName}' is not one of {string.Join(", ", FixedCollections.Concat(Catalogs.Select(c => c.Name)))}.", nameof(collectionName));
        name = catalog.Name;
        if (given.Length > catalog.Restrictions.Length)
        {
            throw new ArgumentException($"The collection '{catalog.Name}' takes at most {catalog.Restrictions.Length} restrictions ({string.Join(", ", catalog.Restrictions)}); {given.Length} were given.", nameof(restrictions));
        }
        var sql = new System.Text.StringBuilder($"SELECT {catalog.Columns} FROM {catalog.View}");
        var query = connection.CreateCommand();
        var first = true;
        for (var i = 0; i < given.Length; i++)
        {
            if (given[i] is not { } value)
            {
                continue;
            }
            sql.Append(first ? " WHERE " : " AND ").Append(catalog.Restrictions[i]).Append(" = ?");
            first = false;
            query.Parameters.Add(new HanaParameter { Value = value });
        }
        sql.Append(" ORDER BY ").Append(catalog.OrderBy);
        query.CommandText = sql.ToString();
        command = query;
        return null;
    }

    /// <summary>An empty table with the reader's columns (names and .NET types).</summary>
    public static DataTable NewTable(string name, DbDataReader reader)
    {
        var table = new DataTable(name) { Locale = CultureInfo.InvariantCulture };
        for (var i = 0; i < reader.FieldCount; i++)
        {
            table.Columns.Add(reader.GetName(i), reader.GetFieldType(i));
        }
        return table;
    }

    /// <summary>The reader's current row into <paramref name="table"/> (NULL as DBNull).</summary>
    public static void AddRow(DataTable table, DbDataReader reader)
    {
        var values = new object[reader.FieldCount];
        reader.GetValues(values);
        table.Rows.Add(values);
    }

    private static DataTable MetaDataCollections()
    {
        var table = new DataTable(DbMetaDataCollectionNames.MetaDataCollections) { Locale = CultureInfo.InvariantCulture };
        table.Columns.Add(DbMetaDataColumnNames.CollectionName, typeof(string));
        table.Columns.Add(DbMetaDataColumnNames.NumberOfRestrictions, typeof(int));
        table.Columns.Add(DbMetaDataColumnNames.NumberOfIdentifierParts, typeof(int));
        foreach (var name in FixedCollections)
        {
            table.Rows.Add(name, 0, 0);
        }
        foreach (var catalog in Catalogs)
        {
            table.Rows.Add(catalog.Name, catalog.Restrictions.Length, catalog.Name is "Columns" or "IndexColumns" or "ProcedureParameters" ? 3 : 2);
        }
        return table;
    }

    private static DataTable Restrictions()
    {
        var table = new DataTable(DbMetaDataCollectionNames.Restrictions) { Locale = CultureInfo.InvariantCulture };
        table.Columns.Add("CollectionName", typeof(string));
        table.Columns.Add("RestrictionName", typeof(string));
        table.Columns.Add("RestrictionDefault", typeof(string));
        table.Columns.Add("RestrictionNumber", typeof(int));
        foreach (var catalog in Catalogs)
        {
            for (var i = 0; i < catalog.Restrictions.Length; i++)
            {
                table.Rows.Add(catalog.Name, catalog.Restrictions[i], catalog.Restrictions[i], i + 1);
            }
        }
        return table;
    }

    private static DataTable DataSourceInformation(HanaConnection connection)
    {
        var table = new DataTable(DbMetaDataCollectionNames.DataSourceInformation) { Locale = CultureInfo.InvariantCulture };
        table.Columns.Add(DbMetaDataColumnNames.CompositeIdentifierSeparatorPattern, typeof(string));
        table.Columns.Add(DbMetaDataColumnNames.DataSourceProductName, typeof(string));
        table.Columns.Add(DbMetaDataColumnNames.DataSourceProductVersion, typeof(string));
        table.Columns.Add(DbMetaDataColumnNames.DataSourceProductVersionNormalized, typeof(string));
        table.Columns.Add(DbMetaDataColumnNames.GroupByBehavior, typeof(GroupByBehavior));
        table.Columns.Add(DbMetaDataColumnNames.IdentifierPattern, typeof(string));
        table.Columns.Add(DbMetaDataColumnNames.IdentifierCase, typeof(IdentifierCase));
        table.Columns.Add(DbMetaDataColumnNames.OrderByColumnsInSelect, typeof(bool));
        table.Columns.Add(DbMetaDataColumnNames.ParameterMarkerFormat, typeof(string));
        table.Columns.Add(DbMetaDataColumnNames.ParameterMarkerPattern, typeof(string));
        table.Columns.Add(DbMetaDataColumnNames.ParameterNameMaxLength, typeof(int));
        table.Columns.Add(DbMetaDataColumnNames.ParameterNamePattern, typeof(string));
        table.Columns.Add(DbMetaDataColumnNames.QuotedIdentifierPattern, typeof(string));
        table.Columns.Add(DbMetaDataColumnNames.QuotedIdentifierCase, typeof(IdentifierCase));
        table.Columns.Add(DbMetaDataColumnNames.StatementSeparatorPattern, typeof(string));
        table.Columns.Add(DbMetaDataColumnNames.StringLiteralPattern, typeof(string));
        table.Columns.Add(DbMetaDataColumnNames.SupportedJoinOperators, typeof(SupportedJoinOperators));
        var version = connection.State == ConnectionState.Open ? connection.ServerVersion : string.Empty;
        table.Rows.Add(
            @"\.",
            "SAP HANA",
            version,
            NormalizedVersion(version),
            GroupByBehavior.Unrelated,
            @"^[A-Za-z_][A-Za-z0-9_#$]*$",
            IdentifierCase.Insensitive, // unquoted names fold to upper case
            false,
            "?",
            @"\?|:[A-Za-z_][A-Za-z0-9_]*",
            127,
            @"^[A-Za-z_][A-Za-z0-9_]*$",
            "\"(([^\"]|\"\")*)\"",
            IdentifierCase.Sensitive,
            ";",
            "'(([^']|'')*)'",
            SupportedJoinOperators.Inner | SupportedJoinOperators.LeftOuter | SupportedJoinOperators.RightOuter | SupportedJoinOperators.FullOuter);
        return table;
    }

    // "2.00.076.00.1705400033" → "02.00.0076"; ADO.NET's normalized form compares as a string
    private static string NormalizedVersion(string version)
    {
        var parts = version.Split('.');
        if (parts.Length < 3 || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var minor)
            || !int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var revision))
        {
            return version;
        }
        return string.Format(CultureInfo.InvariantCulture, "{0:00}.{1:00}.{2:0000}", major, minor, revision);
    }

    // TypeName, ProviderDbType (the wire type code, §7.1), ColumnSize, CreateFormat, CreateParameters, .NET type,
    // fixed length, fixed precision/scale, long, searchable with LIKE, literal prefix/suffix, minimum/maximum scale
    private static readonly (string Name, int Code, long Size, string Format, string? Parameters, Type Type, bool FixedLength, bool FixedPrecision, bool Long, bool Like, string? Prefix, string? Suffix, short? MinScale, short? MaxScale)[] Types =
    [
        ("TINYINT", 1, 3, "TINYINT", null, typeof(byte), true, true, false, false, null, null, null, null),
        ("SMALLINT", 2, 5, "SMALLINT", null, typeof(short), true, true, false, false, null, null, null, null),
        ("INTEGER", 3, 10, "INTEGER", null, typeof(int), true, true, false, false, null, null, null, null),
        ("BIGINT", 4, 19, "BIGINT", null, typeof(long), true, true, false, false, null, null, null, null),
        ("DECIMAL", 5, 38, "DECIMAL({0},{1})", "precision,scale", typeof(decimal), true, false, false, false, null, null, 0, 38),
        ("SMALLDECIMAL", 47, 16, "SMALLDECIMAL", null, typeof(decimal), true, false, false, false, null, null, null, null),
        ("REAL", 6, 24, "REAL", null, typeof(float), true, false, false, false, null, null, null, null),
        ("DOUBLE", 7, 53, "DOUBLE", null, typeof(double), true, false, false, false, null, null, null, null),
        ("BOOLEAN", 28, 1, "BOOLEAN", null, typeof(bool), true, false, false, false, null, null, null, null),
        ("VARCHAR", 9, 5000, "VARCHAR({0})", "length", typeof(string), false, false, false, true, "'", "'", null, null),
        ("NVARCHAR", 11, 5000, "NVARCHAR({0})", "length", typeof(string), false, false, false, true, "N'", "'", null, null),
        ("ALPHANUM", 55, 127, "ALPHANUM({0})", "length", typeof(string), false, false, false, true, "'", "'", null, null),
        ("SHORTTEXT", 52, 5000, "SHORTTEXT({0})", "length", typeof(string), false, false, false, true, "'", "'", null, null),
        ("VARBINARY", 13, 5000, "VARBINARY({0})", "length", typeof(byte[]), false, false, false, false, "X'", "'", null, null),
        ("DATE", 14, 10, "DATE", null, typeof(DateTime), true, false, false, false, "DATE'", "'", null, null),
        ("TIME", 15, 8, "TIME", null, typeof(TimeSpan), true, false, false, false, "TIME'", "'", null, null),
        ("SECONDDATE", 62, 19, "SECONDDATE", null, typeof(DateTime), true, false, false, false, "'", "'", null, null),
        ("TIMESTAMP", 16, 27, "TIMESTAMP", null, typeof(DateTime), true, false, false, false, "TIMESTAMP'", "'", null, null),
        ("CLOB", 25, int.MaxValue, "CLOB", null, typeof(string), false, false, true, false, "'", "'", null, null),
        ("NCLOB", 26, int.MaxValue, "NCLOB", null, typeof(string), false, false, true, false, "N'", "'", null, null),
        ("TEXT", 51, int.MaxValue, "TEXT", null, typeof(string), false, false, true, false, "'", "'", null, null),
        ("BLOB", 27, int.MaxValue, "BLOB", null, typeof(byte[]), false, false, true, false, null, null, null, null),
        ("ST_GEOMETRY", 74, int.MaxValue, "ST_GEOMETRY", null, typeof(byte[]), false, false, true, false, null, null, null, null),
        ("ST_POINT", 75, int.MaxValue, "ST_POINT", null, typeof(byte[]), false, false, true, false, null, null, null, null),
        ("REAL_VECTOR", 96, 65000, "REAL_VECTOR({0})", "dimension", typeof(float[]), false, false, false, false, null, null, null, null),
    ];

    private static DataTable DataTypes()
    {
        var table = new DataTable(DbMetaDataCollectionNames.DataTypes) { Locale = CultureInfo.InvariantCulture };
        table.Columns.Add(DbMetaDataColumnNames.TypeName, typeof(string));
        table.Columns.Add(DbMetaDataColumnNames.ProviderDbType, typeof(int));
        table.Columns.Add(DbMetaDataColumnNames.ColumnSize, typeof(long));
        table.Columns.Add(DbMetaDataColumnNames.CreateFormat, typeof(string));
        table.Columns.Add(DbMetaDataColumnNames.CreateParameters, typeof(string));
        table.Columns.Add(DbMetaDataColumnNames.DataType, typeof(string));
        table.Columns.Add(DbMetaDataColumnNames.IsAutoIncrementable, typeof(bool));
        table.Columns.Add(DbMetaDataColumnNames.IsBestMatch, typeof(bool));
        table.Columns.Add(DbMetaDataColumnNames.IsCaseSensitive, typeof(bool));
        table.Columns.Add(DbMetaDataColumnNames.IsFixedLength, typeof(bool));
        table.Columns.Add(DbMetaDataColumnNames.IsFixedPrecisionScale, typeof(bool));
        table.Columns.Add(DbMetaDataColumnNames.IsLong, typeof(bool));
        table.Columns.Add(DbMetaDataColumnNames.IsNullable, typeof(bool));
        table.Columns.Add(DbMetaDataColumnNames.IsSearchable, typeof(bool));
        table.Columns.Add(DbMetaDataColumnNames.IsSearchableWithLike, typeof(bool));
        table.Columns.Add(DbMetaDataColumnNames.IsUnsigned, typeof(bool));
        table.Columns.Add(DbMetaDataColumnNames.MaximumScale, typeof(short));
        table.Columns.Add(DbMetaDataColumnNames.MinimumScale, typeof(short));
        table.Columns.Add(DbMetaDataColumnNames.IsConcurrencyType, typeof(bool));
        table.Columns.Add(DbMetaDataColumnNames.IsLiteralSupported, typeof(bool));
        table.Columns.Add(DbMetaDataColumnNames.LiteralPrefix, typeof(string));
        table.Columns.Add(DbMetaDataColumnNames.LiteralSuffix, typeof(string));
        foreach (var type in Types)
        {
            // the best match for a .NET type is the type GetFieldType gives it back as
            var bestMatch = type.Name is "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "DECIMAL" or "REAL" or "DOUBLE" or "BOOLEAN"
                or "NVARCHAR" or "VARBINARY" or "TIMESTAMP" or "TIME" or "REAL_VECTOR";
            table.Rows.Add(type.Name, type.Code, type.Size, type.Format, (object?)type.Parameters ?? DBNull.Value, type.Type.FullName,
                type.Name is "BIGINT" or "INTEGER" or "SMALLINT" or "TINYINT", bestMatch, type.Type == typeof(string), type.FixedLength,
                type.FixedPrecision, type.Long, true, !type.Long, type.Like, type.Name == "TINYINT",
                (object?)type.MaxScale ?? DBNull.Value, (object?)type.MinScale ?? DBNull.Value, false, type.Prefix is not null,
                (object?)type.Prefix ?? DBNull.Value, (object?)type.Suffix ?? DBNull.Value);
        }
        return table;
    }

    // SAP HANA SQL Reference, "Reserved Words"
    private static readonly string[] Reserved =
    [
        "ALL", "ALTER", "AS", "BEFORE", "BEGIN", "BOTH", "CASE", "CHAR", "CONDITION", "CONNECT", "CROSS", "CUBE",
        "CURRENT_CONNECTION", "CURRENT_DATE", "CURRENT_SCHEMA", "CURRENT_TIME", "CURRENT_TIMESTAMP",
        "CURRENT_TRANSACTION_ISOLATION_LEVEL", "CURRENT_USER", "CURRENT_UTCDATE", "CURRENT_UTCTIME", "CURRENT_UTCTIMESTAMP",
        "CURRVAL", "CURSOR", "DECLARE", "DEFERRED", "DISTINCT", "ELSE", "ELSEIF", "END", "EXCEPT", "EXCEPTION", "EXEC",
        "FALSE", "FOR", "FROM", "FULL", "GROUP", "HAVING", "IF", "IN", "INNER", "INOUT", "INTERSECT", "INTO", "IS", "JOIN",
        "LATERAL", "LEADING", "LEFT", "LIMIT", "LOOP", "MINUS", "NATURAL", "NCHAR", "NEXTVAL", "NULL", "ON", "ORDER", "OUT",
        "PRIOR", "RETURN", "RETURNS", "REVERSE", "RIGHT", "ROLLUP", "ROWID", "SELECT", "SESSION_USER", "SET", "SQL", "START",
        "SYSUUID", "TABLESAMPLE", "TOP", "TRAILING", "TRUE", "UNION", "UNKNOWN", "USING", "UTCTIMESTAMP", "VALUES", "WHEN",
        "WHERE", "WHILE", "WITH",
    ];

    private static DataTable ReservedWords()
    {
        var table = new DataTable(DbMetaDataCollectionNames.ReservedWords) { Locale = CultureInfo.InvariantCulture };
        table.Columns.Add(DbMetaDataColumnNames.ReservedWord, typeof(string));
        foreach (var word in Reserved)
        {
            table.Rows.Add(word);
        }
        return table;
    }
}
