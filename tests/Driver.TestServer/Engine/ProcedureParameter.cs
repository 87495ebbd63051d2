namespace Driver.TestServer.Engine;

/// <summary>
/// One parameter of a stored procedure: a scalar of <see cref="Type"/> (HANA spelling in <see cref="TypeText"/>), or a
/// table (OUT only) with its columns, declared inline as TABLE (...) or through a table type.
/// </summary>
internal sealed record ProcedureParameter(string Name, int Position, ProcedureParameterMode Mode, DeclaredType Type, string TypeText)
{
    /// <summary>The columns of a table parameter; null for scalars.</summary>
    public IReadOnlyList<ProcedureTableColumn>? TableColumns { get; init; }

    /// <summary>The table type named in the declaration; null for an inline TABLE (...).</summary>
    public string? TableTypeName { get; init; }

    public bool IsTable => TableColumns is not null;

    public bool IsInput => Mode is ProcedureParameterMode.In or ProcedureParameterMode.InOut;

    public bool IsOutput => Mode is ProcedureParameterMode.Out or ProcedureParameterMode.InOut;
}
