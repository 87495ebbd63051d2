namespace Driver.Core.Protocol.Parts;

/// <summary>One parameter of a PARAMETERMETADATA part (§6.22).</summary>
internal sealed class ParameterMetadata
{
    public ColumnOptions Options { get; set; }
    public HanaTypeCode TypeCode { get; set; }
    public ParameterMode Mode { get; set; } = ParameterMode.In;
    public string? Name { get; set; }
    /// <summary>Length / precision.</summary>
    public short Length { get; set; }
    /// <summary>Fraction / scale.</summary>
    public short Fraction { get; set; }

    public bool IsNullable => (Options & ColumnOptions.Optional) != 0;
    public bool IsInput => Mode is ParameterMode.In or ParameterMode.InOut;
    public bool IsOutput => Mode is ParameterMode.Out or ParameterMode.InOut;

    public override string ToString() => $"{Name ?? "?"} {TypeCode}({Length},{Fraction}) {Mode}";
}
