using DuckDB.NET.Native;

namespace Driver.TestServer.Engine;

/// <summary>
/// A prepared statement: described at PREPARE time (kind, parameter and result metadata in HANA terms) and backed by
/// one native DuckDB prepared statement, plus multi-row variants for batch INSERT. Belongs to one session.
/// </summary>
public sealed class EngineStatement : IDisposable
{
    private readonly Dictionary<int, DuckDBPreparedStatement> _batchStatements = new();

    internal EngineStatement(EngineSession session, RewrittenSql sql, DuckDBPreparedStatement? native,
        IReadOnlyList<EngineColumn> parameters, IReadOnlyList<EngineColumn> columns)
    {
        Session = session;
        Rewritten = sql;
        Native = native;
        Parameters = parameters;
        Columns = columns;
        ParameterNatives = parameters.Select(p => p.Native).ToArray();
    }

    public EngineSession Session { get; }

    /// <summary>The SQL text the client sent.</summary>
    public string Sql => Rewritten.Original;

    /// <summary>The DuckDB SQL the engine runs (for diagnostics).</summary>
    public string EngineSql => Rewritten.Sql;

    public StatementKind Kind => Rewritten.Kind;

    public IReadOnlyList<EngineColumn> Parameters { get; }

    /// <summary>Result columns (empty unless <see cref="Kind"/> is Query).</summary>
    public IReadOnlyList<EngineColumn> Columns { get; }

    public bool IsDisposed { get; private set; }

    internal RewrittenSql Rewritten { get; }

    internal DuckDBPreparedStatement? Native { get; }

    internal NativeType[] ParameterNatives { get; }

    /// <summary>Set for statements the server interprets instead of DuckDB (procedure DDL, CALL): (rows, autoCommit) =&gt; result.</summary>
    internal Func<IReadOnlyList<object?[]>, bool, EngineResult>? Interpreted { get; init; }

    internal bool HasUnresolvedParameters => ParameterNatives.Any(p => !p.IsResolved);

    /// <summary>A prepared "INSERT ... VALUES (tuple),(tuple)..." with <paramref name="rows"/> tuples.</summary>
    internal DuckDBPreparedStatement GetBatchStatement(int rows)
    {
        if (_batchStatements.TryGetValue(rows, out var cached))
        {
            return cached;
        }

        var (prefix, tuple, suffix) = Rewritten.BatchTemplate!.Value;
        var sql = prefix + string.Join(",", Enumerable.Repeat(tuple, rows)) + suffix;
        var statement = Session.PrepareNative(sql, Rewritten);
        _batchStatements[rows] = statement;
        return statement;
    }

    public void Dispose()
    {
        if (IsDisposed)
        {
            return;
        }

        IsDisposed = true;
        Native?.Dispose();
        foreach (var s in _batchStatements.Values)
        {
            s.Dispose();
        }

        _batchStatements.Clear();
        Session.OnStatementDisposed(this);
    }

    public override string ToString() => $"{Kind}: {Sql}";
}
