namespace Driver.TestServer.Engine;

/// <summary>A stored procedure as CREATE PROCEDURE declared it: parameters in order and the parsed body.</summary>
internal sealed class ProcedureDefinition
{
    public required string Schema { get; init; }

    public required string Name { get; init; }

    public required long Oid { get; init; }

    public required IReadOnlyList<ProcedureParameter> Parameters { get; init; }

    public required IReadOnlyList<ProcedureStep> Body { get; init; }

    /// <summary>The CREATE statement's text (SYS.PROCEDURES.DEFINITION).</summary>
    public required string Definition { get; init; }

    public bool ReadsSqlData { get; init; }

    public string SqlSecurity { get; init; } = "DEFINER";

    /// <summary>Bare SELECTs in the body (an upper bound of the dynamic result sets; SYS.PROCEDURES.RESULT_SET_COUNT).</summary>
    public int DynamicResultSets { get; init; }
}
