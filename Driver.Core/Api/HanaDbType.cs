#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// The HANA SQL type of a <see cref="HanaParameter"/> (<see cref="HanaParameter.HanaDbType"/>).
/// <para>
/// The members named as in SAP's own ADO.NET provider (Sap.Data.Hana, <c>Sap.Data.Hana.HanaDbType</c>), with that
/// enumeration's numeric values as its current release has them (AlphaNum = 1 … VarChar = 23, RealVector = 13; the list as
/// linq2db's SAP HANA adapter mirrors it, linq2db API docs <c>SapHanaProviderAdapter.HanaDbType</c>), so code written
/// against SAP's provider compiles after changing the <c>using</c>. SAP's <c>TableType</c> (a table-valued parameter)
/// is left out: this driver does not bind table parameters. The SQL types SAP's enumeration has no member for (CHAR,
/// NCHAR, BINARY, BINTEXT, ST_GEOMETRY, ST_POINT) follow from 101 on.
/// </para>
/// </summary>
public enum HanaDbType
{
    /// <summary>ALPHANUM(n): variable-length alphanumeric text.</summary>
    AlphaNum = 1,

    /// <summary>BIGINT: 64-bit integer.</summary>
    BigInt = 2,

    /// <summary>BLOB: binary large object.</summary>
    Blob = 3,

    /// <summary>BOOLEAN (TINYINT on the wire below data format version 7).</summary>
    Boolean = 4,

    /// <summary>CLOB: ASCII character large object.</summary>
    Clob = 5,

    /// <summary>DATE: a day, no time of day.</summary>
    Date = 6,

    /// <summary>DECIMAL(p, s), or floating DECIMAL without precision: up to 38 digits.</summary>
    Decimal = 7,

    /// <summary>DOUBLE: 64-bit binary floating point.</summary>
    Double = 8,

    /// <summary>INTEGER: 32-bit integer.</summary>
    Integer = 9,

    /// <summary>NCLOB: Unicode character large object.</summary>
    NClob = 10,

    /// <summary>NVARCHAR(n): variable-length Unicode text.</summary>
    NVarChar = 11,

    /// <summary>REAL: 32-bit binary floating point.</summary>
    Real = 12,

    /// <summary>REAL_VECTOR: a vector of 32-bit floats (data format version 9).</summary>
    RealVector = 13,

    /// <summary>SECONDDATE: a date and time to the second.</summary>
    SecondDate = 14,

    /// <summary>SHORTTEXT(n): NVARCHAR with a full-text index.</summary>
    ShortText = 15,

    /// <summary>SMALLDECIMAL: floating decimal of up to 16 digits.</summary>
    SmallDecimal = 16,

    /// <summary>SMALLINT: 16-bit integer.</summary>
    SmallInt = 17,

    /// <summary>TEXT: NCLOB with a full-text index.</summary>
    Text = 18,

    /// <summary>TIME: a time of day to the second.</summary>
    Time = 19,

    /// <summary>TIMESTAMP: a date and time to 100 ns, no time zone.</summary>
    TimeStamp = 20,

    /// <summary>TINYINT: unsigned 8-bit integer (0 … 255).</summary>
    TinyInt = 21,

    /// <summary>VARBINARY(n): variable-length bytes.</summary>
    VarBinary = 22,

    /// <summary>VARCHAR(n): variable-length ASCII text.</summary>
    VarChar = 23,

    /// <summary>CHAR(n): fixed-length ASCII text (not in SAP's enumeration).</summary>
    Char = 101,

    /// <summary>NCHAR(n): fixed-length Unicode text (not in SAP's enumeration).</summary>
    NChar = 102,

    /// <summary>BINARY(n): fixed-length bytes (not in SAP's enumeration).</summary>
    Binary = 103,

    /// <summary>BINTEXT: a binary LOB with a full-text index (not in SAP's enumeration).</summary>
    BinText = 104,

    /// <summary>ST_GEOMETRY: a spatial value, sent and read as WKB bytes (not in SAP's enumeration).</summary>
    StGeometry = 105,

    /// <summary>ST_POINT: a spatial point, sent and read as WKB bytes (not in SAP's enumeration).</summary>
    StPoint = 106,
}
