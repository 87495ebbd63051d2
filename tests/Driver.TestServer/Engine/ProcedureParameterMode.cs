namespace Driver.TestServer.Engine;

/// <summary>Direction of a procedure parameter (PARAMETERMETADATA mode, docs/protocol.md §6.22; PARAMETER_TYPE in SYS.PROCEDURE_PARAMETERS).</summary>
public enum ProcedureParameterMode
{
    In,
    InOut,
    Out,
}
