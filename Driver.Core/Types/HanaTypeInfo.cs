using Driver.Core.Protocol;
namespace Driver.Core.Types;

/// <summary>Groups of type codes that share an encoding (docs/protocol.md §7.3, §7.4).</summary>
internal static class HanaTypeInfo
{
    /// <summary>Length-indicator + CESU-8 character types (§7.3.5); ALPHANUM has its own flag byte (§7.3.6).</summary>
    public static bool IsCharacterString(HanaTypeCode type) => type is HanaTypeCode.Char or HanaTypeCode.VarChar
        or HanaTypeCode.NChar or HanaTypeCode.NVarChar or HanaTypeCode.String or HanaTypeCode.NString
        or HanaTypeCode.ShortText or HanaTypeCode.VarChar2;

    /// <summary>Length-indicator + raw bytes types (§7.3.5), spatial values as WKB.</summary>
    public static bool IsBinaryString(HanaTypeCode type) => type is HanaTypeCode.Binary or HanaTypeCode.VarBinary
        or HanaTypeCode.BString or HanaTypeCode.StGeometry or HanaTypeCode.StPoint;

    /// <summary>Types sent as LOB descriptors in results (§7.3.9) and LOB input descriptors in parameters (§10.2).</summary>
    /// <summary>
    /// Whether <paramref name="scale"/> is a scale a column or parameter of this type can have: a FIXED8, FIXED12 or
    /// FIXED16 holds DECIMAL(p, s) with p up to 18, 28 or 38 digits (§7.3.1), so s is at most that; other types
    /// have no such bound here.
    /// </summary>
    public static bool IsPossibleScale(HanaTypeCode type, int scale) => type switch
    {
        HanaTypeCode.Fixed8 => scale is >= 0 and <= 18,
        HanaTypeCode.Fixed12 => scale is >= 0 and <= 28,
        HanaTypeCode.Fixed16 => scale is >= 0 and <= 38,
        _ => true,
    };

    public static bool IsLob(HanaTypeCode type) => type is HanaTypeCode.Clob or HanaTypeCode.NClob or HanaTypeCode.Blob
        or HanaTypeCode.Text or HanaTypeCode.BinText or HanaTypeCode.Locator or HanaTypeCode.NLocator;

    /// <summary>
    /// Character LOBs. Clients disagree on BINTEXT and LOCATOR (§7.3.9); like [G] and [R] this driver treats them as
    /// binary and TEXT/NLOCATOR as character data.
    /// </summary>
    public static bool IsCharacterLob(HanaTypeCode type) => type is HanaTypeCode.Clob or HanaTypeCode.NClob
        or HanaTypeCode.Text or HanaTypeCode.NLocator;

    public static bool IsFixed(HanaTypeCode type) => type is HanaTypeCode.Fixed8 or HanaTypeCode.Fixed12 or HanaTypeCode.Fixed16;

    /// <summary>The LOB source type a server reports for a LOB column type (§7.3.9).</summary>
    public static LobSourceType GetLobSourceType(HanaTypeCode type) => type switch
    {
        HanaTypeCode.Clob => LobSourceType.Clob,
        HanaTypeCode.NClob or HanaTypeCode.Text or HanaTypeCode.NLocator => LobSourceType.NClob,
        _ => LobSourceType.Blob,
    };
}
