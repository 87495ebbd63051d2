namespace Driver.TestServer.Engine;

/// <summary>The full HANA SQL type of a column or parameter, as declared in HANA DDL (not DuckDB's storage type).</summary>
public enum HanaSqlType
{
    TinyInt,
    SmallInt,
    Integer,
    BigInt,
    Decimal,
    SmallDecimal,
    Real,
    Double,
    Char,
    VarChar,
    NChar,
    NVarChar,
    AlphaNum,
    ShortText,
    Binary,
    VarBinary,
    Date,
    Time,
    SecondDate,
    Timestamp,
    Boolean,
    Clob,
    NClob,
    Blob,
    Text,
}
