namespace Driver.TestServer.Engine;

/// <summary>
/// One statement of a procedure body. <see cref="Sql"/> is HANA SQL (or an expression) still holding its :variable
/// references; they are bound as typed parameters when the step runs, never pasted into the text.
/// </summary>
internal sealed class ProcedureStep
{
    public required ProcedureStepKind Kind { get; init; }

    /// <summary>The SQL statement (Dml, Query, SelectInto without its INTO clause, TableAssign) or expression (Assign, Declare, Signal message).</summary>
    public string? Sql { get; init; }

    /// <summary>Assigned variables: one for Assign/Declare/TableAssign, the INTO list of SelectInto.</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];

    /// <summary>Declare: the variable's type.</summary>
    public DeclaredType Type { get; init; }

    public string? TypeText { get; init; }

    /// <summary>If: (condition, steps) per IF/ELSEIF branch; a null condition is the ELSE branch.</summary>
    public IReadOnlyList<(string? Condition, IReadOnlyList<ProcedureStep> Steps)> Branches { get; init; } = [];

    /// <summary>Signal: the error code.</summary>
    public int ErrorCode { get; init; }
}
