namespace Driver.Core.Protocol.Parts;

/// <summary>One column of a RESULTSETMETADATA part (§6.21).</summary>
internal sealed class ColumnMetadata
{
    public ColumnOptions Options { get; set; }
    public HanaTypeCode TypeCode { get; set; }
    /// <summary>Scale / fraction; 32767 = floating DECIMAL.</summary>
    public short Fraction { get; set; }
    /// <summary>Precision / length.</summary>
    public short Length { get; set; }
    public string? TableName { get; set; }
    public string? SchemaName { get; set; }
    public string? ColumnName { get; set; }
    public string? DisplayName { get; set; }

    public bool IsNullable => (Options & ColumnOptions.Optional) != 0;

    public override string ToString() => $"{DisplayName ?? ColumnName} {TypeCode}({Length},{Fraction})";
}
