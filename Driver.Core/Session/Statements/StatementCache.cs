namespace Driver.Core.Session;

/// <summary>
/// The session's prepared statements kept for the next command with the same text (SAP's <c>statementCacheSize</c>,
/// docs/connection-string.md): a bounded LRU of statements no command or reader uses any more, keyed by the exact
/// text sent to PREPARE (after marker rewriting). It belongs to one session (<see cref="ConnectionCore"/>), so it
/// survives the pool's reset and the next rent, and dies with the session.
/// <para>
/// Only unused statements are in it: a statement is parked here when its last reference goes (the command disposed or
/// re-targeted, its readers closed) instead of DROPSTATEMENTID, and a command that takes it out owns it alone. Two
/// commands with the same text at once therefore never share a statement id: the second one finds nothing and
/// prepares its own; when both are released, the second finds the text parked already and is dropped. What leaves
/// the cache otherwise (evicted over the size, cleared by DDL) is dropped by the caller with DROPSTATEMENTID, so each
/// statement id is dropped exactly once. Flavor-free; one lock, never held across I/O.
/// </para>
/// </summary>
internal sealed class StatementCache
{
    /// <summary>
    /// The size when the connection string names none: on, as SAP's JDBC and SQLDBC caches can be, because a pooled
    /// application's parameterized statements are the common case and PREPARE is a round trip (docs/connection-string.md).
    /// </summary>
    public const int DefaultSize = 32;

    private readonly int _capacity;
    private readonly object _lock = new();
    private readonly Dictionary<string, LinkedListNode<PreparedStatementCore>> _bySql = new(StringComparer.Ordinal);
    // most recently parked first; the last one is evicted
    private readonly LinkedList<PreparedStatementCore> _order = new();
    private int _generation;

    public StatementCache(int capacity)
    {
        _capacity = capacity;
    }

    /// <summary>Statements parked now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _order.Count;
            }
        }
    }

    /// <summary>
    /// Bumped by <see cref="Clear"/>: a statement prepared (or taken out) before a DDL of this session is not parked
    /// afterwards, since the DDL may have changed what its text means.
    /// </summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>The statement parked for <paramref name="sql"/>, taken out (the caller owns it), or null.</summary>
    public PreparedStatementCore? Take(string sql)
    {
        lock (_lock)
        {
            if (!_bySql.TryGetValue(sql, out var node))
            {
                return null;
            }
            _bySql.Remove(sql);
            _order.Remove(node);
            return node.Value;
        }
    }

    /// <summary>
    /// Parks <paramref name="statement"/>, whose last reference went; false when it is not kept (its text is parked
    /// already, or it was prepared before the last <see cref="Clear"/>): the caller drops it. <paramref name="evicted"/>
    /// is the least recently parked statement pushed out over the size, which the caller drops.
    /// </summary>
    public bool TryPark(PreparedStatementCore statement, out PreparedStatementCore? evicted)
    {
        evicted = null;
        lock (_lock)
        {
            if (_capacity <= 0 || statement.CacheGeneration != _generation || _bySql.ContainsKey(statement.Sql))
            {
                return false;
            }
            // the statement's own node, detached whenever it is out of the list: parking it again allocates nothing
            var node = statement.CacheNode ??= new LinkedListNode<PreparedStatementCore>(statement);
            _order.AddFirst(node);
            _bySql[statement.Sql] = node;
            if (_order.Count > _capacity)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _bySql.Remove(last.Value.Sql);
                evicted = last.Value;
            }
            return true;
        }
    }

    /// <summary>Empties the cache and returns what it held (the caller drops them when the session lives on).</summary>
    public List<PreparedStatementCore> Clear()
    {
        lock (_lock)
        {
            _generation++;
            var all = new List<PreparedStatementCore>(_order);
            _order.Clear();
            _bySql.Clear();
            return all;
        }
    }
}
