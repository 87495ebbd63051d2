namespace Driver.TestServer.Engine;

/// <summary>
/// Metadata of one result column or parameter in HANA terms (what RESULTSETMETADATA / PARAMETERMETADATA carry).
/// Length is the declared character/byte length for strings and binaries and the precision for numbers;
/// Scale is <see cref="FloatingScale"/> for HANA's floating DECIMAL / SMALLDECIMAL.
/// </summary>
public sealed class EngineColumn
{
    /// <summary>HANA's scale value for a DECIMAL without fixed scale (§6.21: 32767).</summary>
    public const int FloatingScale = 32767;

    public required HanaSqlType Type { get; init; }

    public int Length { get; init; }

    public int Precision { get; init; }

    public int Scale { get; init; }

    public bool Nullable { get; init; } = true;

    /// <summary>Base column name (or the expression's name when there is no base column).</summary>
    public required string ColumnName { get; init; }

    /// <summary>The label the client sees (alias, or the column name).</summary>
    public required string DisplayName { get; init; }

    public string? TableName { get; init; }

    public string? SchemaName { get; init; }

    /// <summary>For a parameter: its direction (IN for every statement but a CALL, §6.22).</summary>
    public ProcedureParameterMode Mode { get; init; } = ProcedureParameterMode.In;

    /// <summary>How DuckDB stores the value; the engine binds and reads through it.</summary>
    internal NativeType Native { get; init; }

    public bool IsFloatingDecimal => (Type == HanaSqlType.Decimal || Type == HanaSqlType.SmallDecimal) && Scale == FloatingScale;

    public bool IsLob => Type is HanaSqlType.Clob or HanaSqlType.NClob or HanaSqlType.Blob or HanaSqlType.Text;

    public override string ToString()
        => $"{DisplayName}: {Type}({Length},{Precision},{Scale}){(Nullable ? "" : " NOT NULL")}"
           + (TableName is null ? "" : $" from {SchemaName}.{TableName}.{ColumnName}");
}
