using Driver.Core.Protocol;

namespace Driver.Core.Types;

/// <summary>
/// Data format versions (connect options 12/23, docs/protocol.md §7.2) and the type code a column of a given SQL type is
/// reported as under each of them.
/// </summary>
internal static class DataFormatVersion
{
    public const int Baseline = 1;
    /// <summary>Highest version this driver implements (REAL_VECTOR).</summary>
    public const int Latest = 9;
    /// <summary>The version the driver proposes by default, like [G] and [R] (§7.2).</summary>
    public const int Default = 8;

    /// <summary>1 and 4 … 9; 2 is broken and 3 deprecated (§7.2).</summary>
    public static bool IsSupported(int version) => version == 1 || version is >= 4 and <= Latest;

    /// <summary>
    /// The type code used in result and parameter metadata for a column whose SQL type is <paramref name="sqlType"/>,
    /// named by its most specific code (TIMESTAMP columns as LONGDATE or TIMESTAMP, DATE as DAYDATE or DATE, TIME as
    /// SECONDTIME or TIME, SECONDDATE, ALPHANUM, SHORTTEXT, TEXT, BINTEXT, BOOLEAN, ST_GEOMETRY, ST_POINT, REAL_VECTOR,
    /// SMALLDECIMAL; DECIMAL with its precision and scale, precision 0 or scale 32767 meaning floating DECIMAL).
    /// </summary>
    public static HanaTypeCode GetReportedTypeCode(HanaTypeCode sqlType, int version, int precision = 0, int scale = 0)
    {
        if (!IsSupported(version))
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "Supported data format versions are 1 and 4 … 9.");
        }
        var dateTimeCodes = version >= 4;
        switch (sqlType)
        {
            case HanaTypeCode.Date:
            case HanaTypeCode.DayDate:
                return dateTimeCodes ? HanaTypeCode.DayDate : HanaTypeCode.Date;
            case HanaTypeCode.Time:
            case HanaTypeCode.SecondTime:
                return dateTimeCodes ? HanaTypeCode.SecondTime : HanaTypeCode.Time;
            case HanaTypeCode.Timestamp:
            case HanaTypeCode.LongDate:
                return dateTimeCodes ? HanaTypeCode.LongDate : HanaTypeCode.Timestamp;
            case HanaTypeCode.SecondDate:
                return dateTimeCodes ? HanaTypeCode.SecondDate : HanaTypeCode.Timestamp;
            case HanaTypeCode.AlphaNum:
                return dateTimeCodes ? HanaTypeCode.AlphaNum : HanaTypeCode.NVarChar;
            case HanaTypeCode.ShortText:
                return dateTimeCodes ? HanaTypeCode.ShortText : HanaTypeCode.NVarChar;
            case HanaTypeCode.Text:
                return dateTimeCodes ? HanaTypeCode.Text : HanaTypeCode.NClob;
            case HanaTypeCode.BinText:
                return version >= 6 ? HanaTypeCode.BinText : HanaTypeCode.NClob;
            case HanaTypeCode.StGeometry:
            case HanaTypeCode.StPoint:
                return version >= 5 ? sqlType : HanaTypeCode.VarBinary;
            case HanaTypeCode.Boolean:
                return version >= 7 ? HanaTypeCode.Boolean : HanaTypeCode.TinyInt;
            case HanaTypeCode.SmallDecimal:
                return HanaTypeCode.Decimal;
            case HanaTypeCode.Decimal:
            case HanaTypeCode.Fixed8:
            case HanaTypeCode.Fixed12:
            case HanaTypeCode.Fixed16:
                return version >= 8 && precision > 0 && scale is >= 0 and <= FixedDecimal.MaxScale
                    ? GetFixedType(precision)
                    : HanaTypeCode.Decimal;
            case HanaTypeCode.RealVector:
                // Below 9 the sheet names no code; fvecs bytes (count + floats) in a BLOB is an assumption.
                return version >= 9 ? HanaTypeCode.RealVector : HanaTypeCode.Blob;
            default:
                return sqlType;
        }
    }

    /// <summary>FIXED8 up to 18 digits, FIXED12 up to 28, FIXED16 up to 38 (§7.2).</summary>
    public static HanaTypeCode GetFixedType(int precision) => precision switch
    {
        <= 18 => HanaTypeCode.Fixed8,
        <= 28 => HanaTypeCode.Fixed12,
        <= 38 => HanaTypeCode.Fixed16,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "DECIMAL precision is at most 38."),
    };
}
