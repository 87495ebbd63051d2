using Driver.Core.Protocol;

namespace Driver.Core.Types;

/// <summary>
/// A parameter value whose caller chose its HANA type (<c>HanaParameter.HanaDbType</c>): <see cref="ParameterValueWriter"/>
/// converts and sends it as that type rather than as the type PREPARE declared (§6.22, §7.4), unless the declared type
/// is already that SQL type (then the declared code is kept, so the data format version's codes stay: LONGDATE for a
/// TIMESTAMP, FIXED8 for a DECIMAL(18, 2), ...). The server converts a value of another type than it declared, as it
/// does for clients that send every value as a string.
/// </summary>
internal sealed class ParameterTypeOverride
{
    public ParameterTypeOverride(HanaTypeCode sqlType, HanaTypeCode wireType, object value)
    {
        SqlType = sqlType;
        WireType = wireType;
        Value = value;
    }

    /// <summary>The SQL type asked for, named by <see cref="SqlTypeOf"/>'s code.</summary>
    public HanaTypeCode SqlType { get; }

    /// <summary>The code sent when the declared type is another SQL type: one every data format version reads (§7.4).</summary>
    public HanaTypeCode WireType { get; }

    /// <summary>The value (never null or DBNull: NULL is NULL whatever the type).</summary>
    public object Value { get; }

    /// <summary>The value without its chosen type (LOB parameters: the data is sent as the declared LOB, §10.2).</summary>
    public static object? Unwrap(object? value) => value is ParameterTypeOverride chosen ? chosen.Value : value;

    /// <summary>The type code to send for a parameter PREPARE declared as <paramref name="declared"/>.</summary>
    public HanaTypeCode Choose(HanaTypeCode declared)
    {
        var declaredSqlType = SqlTypeOf(declared);
        // below DFV 7 a BOOLEAN is declared TINYINT (§7.2): a Boolean goes there as 0 / 1
        return declaredSqlType == SqlType || (declaredSqlType == HanaTypeCode.TinyInt && SqlType == HanaTypeCode.Boolean)
            ? declared
            : WireType;
    }

    /// <summary>The SQL type a type code stands for, named by one code: the codes of one SQL type (§7.1, §7.2) fold together.</summary>
    public static HanaTypeCode SqlTypeOf(HanaTypeCode code) => code switch
    {
        HanaTypeCode.DayDate => HanaTypeCode.Date,
        HanaTypeCode.SecondTime => HanaTypeCode.Time,
        HanaTypeCode.LongDate => HanaTypeCode.Timestamp,
        HanaTypeCode.Fixed8 or HanaTypeCode.Fixed12 or HanaTypeCode.Fixed16 => HanaTypeCode.Decimal,
        HanaTypeCode.String => HanaTypeCode.VarChar,
        HanaTypeCode.NString => HanaTypeCode.NVarChar,
        HanaTypeCode.BString => HanaTypeCode.VarBinary,
        HanaTypeCode.TinyIntNotNull => HanaTypeCode.TinyInt,
        HanaTypeCode.SmallIntNotNull => HanaTypeCode.SmallInt,
        HanaTypeCode.IntNotNull => HanaTypeCode.Int,
        HanaTypeCode.BigIntNotNull => HanaTypeCode.BigInt,
        _ => code,
    };
}
