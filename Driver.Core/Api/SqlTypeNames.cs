using Driver.Core.Protocol;
using Driver.Core.Types;

namespace Driver.Core.Api;

/// <summary>
/// The SQL type name (as in CREATE TABLE and SYS.TABLE_COLUMNS.DATA_TYPE_NAME) of each wire type code (§7.1): several
/// codes are one SQL type (LONGDATE and TIMESTAMP are TIMESTAMP; FIXED8/12/16 are DECIMAL).
/// </summary>
internal static class SqlTypeNames
{
    public static string For(HanaTypeCode type) => type switch
    {
        HanaTypeCode.TinyInt or HanaTypeCode.TinyIntNotNull => "TINYINT",
        HanaTypeCode.SmallInt or HanaTypeCode.SmallIntNotNull => "SMALLINT",
        HanaTypeCode.Int or HanaTypeCode.IntNotNull => "INTEGER",
        HanaTypeCode.BigInt or HanaTypeCode.BigIntNotNull => "BIGINT",
        HanaTypeCode.Decimal or HanaTypeCode.Fixed8 or HanaTypeCode.Fixed12 or HanaTypeCode.Fixed16 => "DECIMAL",
        HanaTypeCode.SmallDecimal => "SMALLDECIMAL",
        HanaTypeCode.Real => "REAL",
        HanaTypeCode.Double => "DOUBLE",
        HanaTypeCode.Char => "CHAR",
        HanaTypeCode.VarChar or HanaTypeCode.String => "VARCHAR",
        HanaTypeCode.NChar => "NCHAR",
        HanaTypeCode.NVarChar or HanaTypeCode.NString => "NVARCHAR",
        HanaTypeCode.Binary => "BINARY",
        HanaTypeCode.VarBinary or HanaTypeCode.BString => "VARBINARY",
        HanaTypeCode.Date or HanaTypeCode.DayDate => "DATE",
        HanaTypeCode.Time or HanaTypeCode.SecondTime => "TIME",
        HanaTypeCode.Timestamp or HanaTypeCode.LongDate => "TIMESTAMP",
        HanaTypeCode.SecondDate => "SECONDDATE",
        HanaTypeCode.Clob => "CLOB",
        HanaTypeCode.NClob => "NCLOB",
        HanaTypeCode.Blob => "BLOB",
        HanaTypeCode.Boolean => "BOOLEAN",
        HanaTypeCode.Text => "TEXT",
        HanaTypeCode.ShortText => "SHORTTEXT",
        HanaTypeCode.BinText => "BINTEXT",
        HanaTypeCode.AlphaNum => "ALPHANUM",
        HanaTypeCode.StGeometry => "ST_GEOMETRY",
        HanaTypeCode.StPoint => "ST_POINT",
        HanaTypeCode.RealVector => "REAL_VECTOR",
        _ => type.ToString().ToUpperInvariant(),
    };

    /// <summary>Whether the type has a precision (and, for DECIMAL, a scale) rather than a length.</summary>
    public static bool IsNumeric(HanaTypeCode type) => ClrTypeMap.For(type) is var clr &&
        (clr == typeof(byte) || clr == typeof(short) || clr == typeof(int) || clr == typeof(long) || clr == typeof(float) || clr == typeof(double) || clr == typeof(decimal));

    /// <summary>Whether values of the type are LOBs (read in chunks, no fixed length).</summary>
    public static bool IsLong(HanaTypeCode type) => HanaTypeInfo.IsLob(type);
}
