using System.Data;
using System.Numerics;
using Driver.Core.Protocol;
using Driver.Core.Types;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Api;

/// <summary>
/// <see cref="HanaDbType"/> beside <see cref="DbType"/>, the values' .NET types and the wire (§7.1): the two parameter
/// type properties follow each other as in SAP's provider and Npgsql (setting one sets the other), and a type set by
/// the caller becomes the code the value is sent with (<see cref="ParameterTypeOverride"/>).
/// </summary>
internal static class HanaDbTypeMap
{
    /// <summary>The <see cref="DbType"/> a HANA type reads as.</summary>
    public static DbType ToDbType(HanaDbType type) => type switch
    {
        HanaDbType.TinyInt => DbType.Byte,
        HanaDbType.SmallInt => DbType.Int16,
        HanaDbType.Integer => DbType.Int32,
        HanaDbType.BigInt => DbType.Int64,
        HanaDbType.Decimal or HanaDbType.SmallDecimal => DbType.Decimal,
        HanaDbType.Real => DbType.Single,
        HanaDbType.Double => DbType.Double,
        HanaDbType.Boolean => DbType.Boolean,
        HanaDbType.Char => DbType.AnsiStringFixedLength,
        HanaDbType.VarChar or HanaDbType.Clob => DbType.AnsiString,
        HanaDbType.NChar => DbType.StringFixedLength,
        HanaDbType.NVarChar or HanaDbType.AlphaNum or HanaDbType.ShortText or HanaDbType.NClob or HanaDbType.Text => DbType.String,
        HanaDbType.Binary or HanaDbType.VarBinary or HanaDbType.Blob or HanaDbType.BinText
            or HanaDbType.StGeometry or HanaDbType.StPoint => DbType.Binary,
        HanaDbType.Date => DbType.Date,
        HanaDbType.Time => DbType.Time,
        HanaDbType.SecondDate or HanaDbType.TimeStamp => DbType.DateTime,
        _ => DbType.Object, // RealVector: no DbType holds a float vector
    };

    /// <summary>The HANA type a <see cref="DbType"/> stands for (unsigned types widen to the next signed one).</summary>
    public static HanaDbType FromDbType(DbType type) => type switch
    {
        DbType.Byte => HanaDbType.TinyInt,
        DbType.SByte or DbType.Int16 => HanaDbType.SmallInt,
        DbType.UInt16 or DbType.Int32 => HanaDbType.Integer,
        DbType.UInt32 or DbType.Int64 => HanaDbType.BigInt,
        DbType.UInt64 or DbType.Decimal or DbType.Currency or DbType.VarNumeric => HanaDbType.Decimal,
        DbType.Single => HanaDbType.Real,
        DbType.Double => HanaDbType.Double,
        DbType.Boolean => HanaDbType.Boolean,
        DbType.AnsiString => HanaDbType.VarChar,
        DbType.AnsiStringFixedLength => HanaDbType.Char,
        DbType.StringFixedLength => HanaDbType.NChar,
        DbType.Xml => HanaDbType.NClob,
        DbType.Binary or DbType.Guid => HanaDbType.VarBinary,
        DbType.Date => HanaDbType.Date,
        DbType.Time => HanaDbType.Time,
        DbType.DateTime or DbType.DateTime2 or DbType.DateTimeOffset => HanaDbType.TimeStamp,
        _ => HanaDbType.NVarChar, // String, Object
    };

    /// <summary>The HANA type a value of this .NET type is sent as when no type was set.</summary>
    public static HanaDbType Infer(object? value) => value switch
    {
        bool => HanaDbType.Boolean,
        byte => HanaDbType.TinyInt,
        sbyte or short => HanaDbType.SmallInt,
        ushort or int => HanaDbType.Integer,
        uint or long => HanaDbType.BigInt,
        ulong or decimal or HanaDecimal or BigInteger => HanaDbType.Decimal,
        float => HanaDbType.Real,
        double => HanaDbType.Double,
        DateTime or DateTimeOffset => HanaDbType.TimeStamp,
        TimeSpan => HanaDbType.Time,
#if NET6_0_OR_GREATER
        DateOnly => HanaDbType.Date,
        TimeOnly => HanaDbType.Time,
#endif
        byte[] or Guid => HanaDbType.VarBinary,
        Stream => HanaDbType.Blob,
        TextReader => HanaDbType.NClob,
        float[] => HanaDbType.RealVector,
        _ => HanaDbType.NVarChar,
    };

    /// <summary>Whether <paramref name="type"/> is a member this driver knows (a cast integer may not be).</summary>
    public static bool IsDefined(HanaDbType type) => type is >= HanaDbType.AlphaNum and <= HanaDbType.VarChar
        or >= HanaDbType.Char and <= HanaDbType.StPoint;

    /// <summary>
    /// The value as the row writer takes it when the caller set <paramref name="type"/>: wrapped with the type to send,
    /// except NULL (NULL whatever the type), LOB types and Stream / TextReader values (sent as the declared LOB, §10.2).
    /// </summary>
    public static object? ToWireValue(HanaDbType type, object? value)
    {
        if (value is null || value is DBNull || value is Stream || value is TextReader)
        {
            return value;
        }
        var (sqlType, wireType) = type switch
        {
            HanaDbType.TinyInt => (HanaTypeCode.TinyInt, HanaTypeCode.TinyInt),
            HanaDbType.SmallInt => (HanaTypeCode.SmallInt, HanaTypeCode.SmallInt),
            HanaDbType.Integer => (HanaTypeCode.Int, HanaTypeCode.Int),
            HanaDbType.BigInt => (HanaTypeCode.BigInt, HanaTypeCode.BigInt),
            HanaDbType.Decimal => (HanaTypeCode.Decimal, HanaTypeCode.Decimal),
            HanaDbType.SmallDecimal => (HanaTypeCode.SmallDecimal, HanaTypeCode.Decimal),
            HanaDbType.Real => (HanaTypeCode.Real, HanaTypeCode.Real),
            HanaDbType.Double => (HanaTypeCode.Double, HanaTypeCode.Double),
            HanaDbType.Boolean => (HanaTypeCode.Boolean, HanaTypeCode.Boolean),
            HanaDbType.Char => (HanaTypeCode.Char, HanaTypeCode.Char),
            HanaDbType.VarChar => (HanaTypeCode.VarChar, HanaTypeCode.VarChar),
            HanaDbType.NChar => (HanaTypeCode.NChar, HanaTypeCode.NChar),
            HanaDbType.NVarChar => (HanaTypeCode.NVarChar, HanaTypeCode.NVarChar),
            HanaDbType.AlphaNum => (HanaTypeCode.AlphaNum, HanaTypeCode.NVarChar),
            HanaDbType.ShortText => (HanaTypeCode.ShortText, HanaTypeCode.NVarChar),
            HanaDbType.Binary => (HanaTypeCode.Binary, HanaTypeCode.Binary),
            HanaDbType.VarBinary => (HanaTypeCode.VarBinary, HanaTypeCode.VarBinary),
            HanaDbType.StGeometry => (HanaTypeCode.StGeometry, HanaTypeCode.VarBinary),
            HanaDbType.StPoint => (HanaTypeCode.StPoint, HanaTypeCode.VarBinary),
            // the DFV 1 codes (§7.2): every server reads them
            HanaDbType.Date => (HanaTypeCode.Date, HanaTypeCode.Date),
            HanaDbType.Time => (HanaTypeCode.Time, HanaTypeCode.Time),
            HanaDbType.TimeStamp => (HanaTypeCode.Timestamp, HanaTypeCode.Timestamp),
            HanaDbType.SecondDate => (HanaTypeCode.SecondDate, HanaTypeCode.Timestamp),
            HanaDbType.RealVector => (HanaTypeCode.RealVector, HanaTypeCode.RealVector),
            _ => (HanaTypeCode.Null, HanaTypeCode.Null), // LOBs
        };
        return sqlType == HanaTypeCode.Null ? value : new ParameterTypeOverride(sqlType, wireType, value);
    }
}
