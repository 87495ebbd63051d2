namespace Driver.TestServer.Engine;

/// <summary>The SQLScript statements the test server interprets (the documented subset, docs/test-server.md).</summary>
internal enum ProcedureStepKind
{
    /// <summary>DECLARE name type [:= expr | DEFAULT expr]</summary>
    Declare,

    /// <summary>name := expr (or name = expr for a scalar)</summary>
    Assign,

    /// <summary>SELECT ... INTO a, b FROM ...</summary>
    SelectInto,

    /// <summary>name = SELECT ... (a table variable, possibly an OUT table parameter)</summary>
    TableAssign,

    /// <summary>INSERT / UPDATE / DELETE / UPSERT / REPLACE / MERGE</summary>
    Dml,

    /// <summary>A bare SELECT: a dynamic result set of the CALL.</summary>
    Query,

    /// <summary>IF cond THEN ... [ELSEIF cond THEN ...] [ELSE ...] END IF</summary>
    If,

    /// <summary>SIGNAL SQL_ERROR_CODE n SET MESSAGE_TEXT = expr</summary>
    Signal,
}
