namespace Driver.TestServer.Engine;

/// <summary>What a statement does; decides the reply shape (function code, result set or rows affected).</summary>
public enum StatementKind
{
    Query,
    Insert,
    Update,
    Delete,
    Upsert,
    Ddl,
    Commit,
    Rollback,
    Call,
    Other,
}
