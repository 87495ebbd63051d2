namespace Driver.TestServer.Engine;

/// <summary>
/// A successful write of the open transaction, kept so HANA's statement-level rollback can be emulated: DuckDB aborts
/// the whole transaction on any execution error, so the engine rolls back, begins again and replays these.
/// </summary>
internal sealed record ReplayEntry(RewrittenSql Sql, IReadOnlyList<object?[]> Rows);
