using Driver.Core.Protocol;
using Driver.TestServer.Engine;

namespace Driver.TestServer.Wire;

/// <summary>
/// Which type code a column or parameter is reported as, given the negotiated data format version (§7.2):
/// DFV 1 reports the old date/time codes, NVARCHAR for ALPHANUM/SHORTTEXT, TINYINT for BOOLEAN and DECIMAL for
/// every decimal; DFV 4 adds the day/second/long dates, 7 BOOLEAN, 8 FIXED8/12/16 for DECIMAL(p,s).
/// </summary>
internal static class WireTypes
{
    public static HanaTypeCode For(EngineColumn column, int dataFormatVersion)
    {
        var modern = dataFormatVersion >= 4;
        return column.Type switch
        {
            HanaSqlType.TinyInt => HanaTypeCode.TinyInt,
            HanaSqlType.SmallInt => HanaTypeCode.SmallInt,
            HanaSqlType.Integer => HanaTypeCode.Int,
            HanaSqlType.BigInt => HanaTypeCode.BigInt,
            HanaSqlType.Decimal when dataFormatVersion >= 8 && !column.IsFloatingDecimal =>
                column.Precision <= 18 ? HanaTypeCode.Fixed8 : column.Precision <= 28 ? HanaTypeCode.Fixed12 : HanaTypeCode.Fixed16,
            HanaSqlType.Decimal or HanaSqlType.SmallDecimal => HanaTypeCode.Decimal,
            HanaSqlType.Real => HanaTypeCode.Real,
            HanaSqlType.Double => HanaTypeCode.Double,
            HanaSqlType.Char => HanaTypeCode.Char,
            HanaSqlType.VarChar => HanaTypeCode.VarChar,
            HanaSqlType.NChar => HanaTypeCode.NChar,
            HanaSqlType.NVarChar => HanaTypeCode.NVarChar,
            HanaSqlType.AlphaNum => modern ? HanaTypeCode.AlphaNum : HanaTypeCode.NVarChar,
            HanaSqlType.ShortText => modern ? HanaTypeCode.ShortText : HanaTypeCode.NVarChar,
            HanaSqlType.Binary => HanaTypeCode.Binary,
            HanaSqlType.VarBinary => HanaTypeCode.VarBinary,
            HanaSqlType.Date => modern ? HanaTypeCode.DayDate : HanaTypeCode.Date,
            HanaSqlType.Time => modern ? HanaTypeCode.SecondTime : HanaTypeCode.Time,
            HanaSqlType.SecondDate => modern ? HanaTypeCode.SecondDate : HanaTypeCode.Timestamp,
            HanaSqlType.Timestamp => modern ? HanaTypeCode.LongDate : HanaTypeCode.Timestamp,
            HanaSqlType.Boolean => dataFormatVersion >= 7 ? HanaTypeCode.Boolean : HanaTypeCode.TinyInt,
            HanaSqlType.Clob => HanaTypeCode.Clob,
            HanaSqlType.NClob => HanaTypeCode.NClob,
            HanaSqlType.Blob => HanaTypeCode.Blob,
            HanaSqlType.Text => modern ? HanaTypeCode.Text : HanaTypeCode.NClob,
            _ => HanaTypeCode.NVarChar,
        };
    }

    /// <summary>Length/precision and fraction/scale as metadata carries them (§6.21, §6.22).</summary>
    public static (short Length, short Fraction) Dimensions(EngineColumn column, HanaTypeCode wire)
    {
        short Clamp(int value) => (short)Math.Clamp(value, 0, short.MaxValue);
        return wire switch
        {
            HanaTypeCode.Decimal when column.IsFloatingDecimal => (Clamp(column.Precision == 0 ? 34 : column.Precision), 32767),
            HanaTypeCode.Decimal or HanaTypeCode.Fixed8 or HanaTypeCode.Fixed12 or HanaTypeCode.Fixed16 => (Clamp(column.Precision), Clamp(column.Scale)),
            HanaTypeCode.TinyInt => (3, 0),
            HanaTypeCode.SmallInt => (5, 0),
            HanaTypeCode.Int => (10, 0),
            HanaTypeCode.BigInt => (19, 0),
            HanaTypeCode.Real => (24, 0),
            HanaTypeCode.Double => (53, 0),
            HanaTypeCode.Date or HanaTypeCode.DayDate => (10, 0),
            HanaTypeCode.Time or HanaTypeCode.SecondTime => (8, 0),
            HanaTypeCode.SecondDate => (19, 0),
            HanaTypeCode.Timestamp or HanaTypeCode.LongDate => (27, 7),
            HanaTypeCode.Boolean => (1, 0),
            _ => (Clamp(column.Length), 0),
        };
    }

    public static bool IsLob(HanaTypeCode type) => type is HanaTypeCode.Clob or HanaTypeCode.NClob or HanaTypeCode.Blob or HanaTypeCode.Text or HanaTypeCode.BinText;
}
