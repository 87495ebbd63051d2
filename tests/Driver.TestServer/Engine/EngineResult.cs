namespace Driver.TestServer.Engine;

/// <summary>
/// The outcome of one execution. Queries carry an open <see cref="Cursor"/>; DML carries one rows-affected count per
/// parameter row (§6.4 ROWSAFFECTED); DDL and other statements carry a single 0. The flags feed TRANSACTIONFLAGS (§6.5).
/// </summary>
public sealed class EngineResult
{
    public required StatementKind Kind { get; init; }

    public EngineCursor? Cursor { get; init; }

    /// <summary>CALL: one row with the OUT and INOUT scalar parameters in parameter order (OUTPUTPARAMETERS, §6.25); null without any.</summary>
    public EngineCursor? OutputParameters { get; init; }

    /// <summary>CALL: the OUT table parameters in parameter order, then the dynamic result sets in the order they ran.</summary>
    public IReadOnlyList<EngineCursor> ResultSets { get; init; } = [];

    public IReadOnlyList<int> RowsAffected { get; init; } = [];

    public long TotalRowsAffected => RowsAffected.Where(r => r > 0).Sum(r => (long)r);

    /// <summary>
    /// The rows of a batch that failed, in row order (their <see cref="RowsAffected"/> entries are -3, §6.4); the
    /// other rows were executed. Empty unless a batch of two or more rows partly (or wholly) failed.
    /// </summary>
    public IReadOnlyList<EngineRowError> RowErrors { get; init; } = [];

    /// <summary>The statement's work was committed (auto-commit, DDL, COMMIT).</summary>
    public bool Committed { get; init; }

    /// <summary>The transaction was rolled back (ROLLBACK).</summary>
    public bool RolledBack { get; init; }

    /// <summary>This statement opened a write transaction (explicit mode).</summary>
    public bool WriteTransactionStarted { get; init; }
}
