using Driver.Core.Protocol;
using Driver.Core.Types;

namespace Driver.Core.Api;

/// <summary>The .NET type a reader presents for each HANA type code (§7.1); fixed per column, whatever the value.</summary>
internal static class ClrTypeMap
{
#if NET
    [return: System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicFields | System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicProperties)]
#endif
    public static Type For(HanaTypeCode type) => type switch
    {
        HanaTypeCode.TinyInt => typeof(byte),
        HanaTypeCode.SmallInt => typeof(short),
        HanaTypeCode.Int => typeof(int),
        HanaTypeCode.BigInt => typeof(long),
        HanaTypeCode.Real => typeof(float),
        HanaTypeCode.Double => typeof(double),
        HanaTypeCode.Decimal or HanaTypeCode.Fixed8 or HanaTypeCode.Fixed12 or HanaTypeCode.Fixed16 => typeof(decimal),
        HanaTypeCode.Boolean => typeof(bool),
        HanaTypeCode.Date or HanaTypeCode.Timestamp or HanaTypeCode.DayDate or HanaTypeCode.SecondDate or HanaTypeCode.LongDate => typeof(DateTime),
        HanaTypeCode.Time or HanaTypeCode.SecondTime => typeof(TimeSpan),
        HanaTypeCode.AlphaNum => typeof(string),
        HanaTypeCode.RealVector => typeof(float[]),
        _ when HanaTypeInfo.IsCharacterString(type) || HanaTypeInfo.IsCharacterLob(type) => typeof(string),
        _ when HanaTypeInfo.IsBinaryString(type) || HanaTypeInfo.IsLob(type) => typeof(byte[]),
        _ => typeof(object),
    };
}
