using System.Collections;
using System.Data;
using System.Data.Common;
using Driver.Core.Api;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Session;
using Driver.Core.Types;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// Reads the rows of a query forward-only. Rows arrive in pages of FetchSize (FETCHNEXT, §9.2), fetched when
/// the current page is used up; typed getters decode straight from the page bytes (§7.3). The reader holds the
/// server-side cursor (and the prepared statement behind it), so it may outlive its command; disposing it
/// queues CLOSERESULTSET once, for the connection's next request.
/// LOB columns: <see cref="GetStream"/> / <see cref="GetTextReader"/> read them chunk by chunk with READLOB (§10.1).
/// A procedure call may return several result sets (its OUT tables, then its dynamic result sets, docs/procedures.md):
/// <see cref="NextResult"/> moves to the next, closing the current cursor; disposing the reader closes every cursor
/// not closed yet, each exactly once.
/// While the caller reads a page, the next one is on its way (Driver.Async: a background task; Driver.Sync: its
/// FETCHNEXT sent once the page is in, the reply read when the page is used up, or before the connection's next request).
/// With <see cref="CommandBehavior.SingleRow"/> the reader yields at most one row (and prefetches
/// no further page); with <see cref="CommandBehavior.SingleResult"/> the later result sets are closed at once;
/// SequentialAccess needs nothing (columns may be read in any order).
/// <para>
/// Its command reuses it: once disposed, the same object is returned by the command's next execution (docs/architecture.md,
/// "Reader reuse"), so a reader is not used after it was disposed (until then that throws
/// <see cref="InvalidOperationException"/>). A reader still open when its command runs again stays the caller's; the
/// command returns a new one.
/// </para>
/// <para>
/// Driver.Sync: <see cref="Read"/> blocks; the inherited <c>ReadAsync</c> runs synchronously, as ADO.NET defines it.
/// Driver.Async: <see cref="Read"/> throws <see cref="NotSupportedException"/>; await <c>ReadAsync</c>. A LOB
/// that did not arrive completely with its row is read with <c>GetFieldValueAsync&lt;string or byte[]&gt;</c> or
/// through the stream's ReadAsync.
/// </para>
/// </summary>
public sealed partial class HanaDataReader : DbDataReader
{
    private HanaConnection _connection;
    // the cursors of the execution, in order; _resultSet is the current one (null after the last)
    private IReadOnlyList<ResultSetCore> _resultSets;
    private int _current;
    private ResultSetCore? _resultSet;
    private int _recordsAffected;
    private CommandBehavior _behavior;
    private bool _hasRows;
    // CommandBehavior.SingleRow: one row at most, and no prefetch of a page that would not be read
    private bool _singleRow;
    private int _row = -1;
    private bool _onRow;
    private bool _exhausted;
    private bool _closed;
    // a LOB read completely for GetBytes/GetChars, kept while the reader stays on its row and column
    private object? _cachedLob;
    private int _cachedLobColumn = -1;

    internal HanaDataReader(HanaConnection connection, IReadOnlyList<ResultSetCore> resultSets, int recordsAffected, CommandBehavior behavior)
    {
        _connection = connection;
        _resultSets = resultSets;
        Open(connection, resultSets, recordsAffected, behavior);
    }

    /// <summary>
    /// The reader of the command's next execution: this one, closed, made the reader of <paramref name="resultSets"/>
    /// as a new one would be (docs/architecture.md, "Reader reuse"). Only for a closed reader: one still open is the
    /// caller's, and the command makes a new one.
    /// </summary>
    internal HanaDataReader Reopen(HanaConnection connection, IReadOnlyList<ResultSetCore> resultSets, int recordsAffected, CommandBehavior behavior)
    {
        if (!_closed)
        {
            throw new InvalidOperationException("Only a closed reader is reused.");
        }
        // the mapper was compiled for the previous result's columns (the cache finds it again for the same shape)
        _mapperType = null;
        _mapper = null;
        Open(connection, resultSets, recordsAffected, behavior);
        return this;
    }

    /// <summary>
    /// The cursor of this closed reader that the command's next execution may reopen instead of allocating one: a
    /// query's one cursor, released and never fetched (<see cref="ResultSetCore.IsRecyclable"/>); null otherwise.
    /// </summary>
    internal ResultSetCore? SpareResultSet => _closed && _resultSets.Count == 1 && _resultSets[0] is { IsRecyclable: true } spare ? spare : null;

    private void Open(HanaConnection connection, IReadOnlyList<ResultSetCore> resultSets, int recordsAffected, CommandBehavior behavior)
    {
        _connection = connection;
        _resultSets = resultSets;
        _current = 0;
        _closed = false;
        _recordsAffected = resultSets.Count == 0 ? recordsAffected : -1;
        _behavior = behavior;
        _singleRow = (behavior & CommandBehavior.SingleRow) != 0;
        if ((behavior & CommandBehavior.SingleResult) != 0)
        {
            // the caller will not ask for the later ones: their cursors go now
            for (var i = 1; i < resultSets.Count; i++)
            {
                resultSets[i].Dispose();
            }
            _resultSets = resultSets.Count > 1 ? [resultSets[0]] : resultSets;
        }
        Enter(_resultSets.Count > 0 ? _resultSets[0] : null);
    }

    /// <summary>Makes <paramref name="resultSet"/> the current result (none: the reader is at its end).</summary>
    private void Enter(ResultSetCore? resultSet)
    {
        _resultSet = resultSet;
        _hasRows = resultSet is not null && (resultSet.Page.RowCount > 0 || !resultSet.IsLastPage);
        _exhausted = resultSet is null;
        _row = -1;
        _onRow = false;
        _cachedLob = null;
        _cachedLobColumn = -1;
        _columnSchema = null;
    }

    /// <summary>
    /// Closes the current cursor and moves to the next result set; false when there is none (the reader then has no
    /// columns). Never sends: the next result's first page came with the execution, and the closed cursor's
    /// CLOSERESULTSET is queued for the next request (Driver.Sync first reads the reply of a FETCHNEXT sent ahead).
    /// </summary>
    private bool MoveToNextResult()
    {
        if (_closed)
        {
            throw new InvalidOperationException("The reader is closed.");
        }
        if (_current >= _resultSets.Count)
        {
            return false;
        }
        _resultSets[_current].Dispose();
        _current++;
        Enter(_current < _resultSets.Count ? _resultSets[_current] : null);
        return _resultSet is not null;
    }

    /// <inheritdoc />
    public override int Depth => 0;

    /// <inheritdoc />
    public override int FieldCount => _resultSet?.Columns.Length ?? 0;

    /// <summary>Whether the query returned rows (known from the first page).</summary>
    public override bool HasRows => _hasRows;

    /// <inheritdoc />
    public override bool IsClosed => _closed;

    /// <summary>Rows affected by a non-query, or -1 for a query.</summary>
    public override int RecordsAffected => _recordsAffected;

    /// <inheritdoc />
    public override object this[int ordinal] => GetValue(ordinal);

    /// <inheritdoc />
    public override object this[string name] => GetValue(GetOrdinal(name));

    private ColumnMetadata[] Columns => _resultSet?.Columns ?? throw new InvalidOperationException("The statement returned no result set.");

    /// <summary>
    /// Moves to the next row of the current page; true when the page is used up and the next one must be fetched
    /// (then <see cref="AfterFetch"/>). Never fetches: the fetch is the flavor's, the decisions are here once.
    /// </summary>
    private bool PageUsedUp()
    {
        if (_closed)
        {
            throw new InvalidOperationException("The reader is closed.");
        }
        _cachedLob = null;
        _cachedLobColumn = -1;
        // on its one row already: a single-row reader leaves a row only by ending
        if (_singleRow && _onRow)
        {
            _exhausted = true;
        }
        if (_exhausted)
        {
            _onRow = false;
            return false;
        }
        _row++;
        _onRow = _row < _resultSet!.Page.RowCount;
        return MustFetch();
    }

    /// <summary>Takes the outcome of a page fetch; true when yet another page must be fetched (an empty one came).</summary>
    private bool AfterFetch(bool fetched)
    {
        if (!fetched)
        {
            _exhausted = true;
            _onRow = false;
            return false;
        }
        _row = 0;
        _onRow = _resultSet!.Page.RowCount > 0;
        return MustFetch();
    }

    /// <summary>
    /// Off a row: true when another page is to be fetched. After the last page the reader is exhausted at once, so
    /// reading to the end runs no fetch workflow that would have nothing to send.
    /// </summary>
    private bool MustFetch()
    {
        if (_onRow)
        {
            return false;
        }
        _exhausted = !_resultSet!.HasNextPage;
        return !_exhausted;
    }

    /// <summary>
    /// Moves to the next row, fetching the next page (FETCHNEXT, §9.2) when this one is used up. Driver.Sync blocks;
    /// Driver.Async refuses, even while the current page still has rows: await ReadAsync.
    /// </summary>
    public override bool Read()
    {
        AsyncOnly.Refuse();
        var fetch = PageUsedUp();
        while (fetch)
        {
            fetch = AfterFetch(_resultSet!.FetchNext());
        }
        return Landed();
    }

    /// <summary>
    /// Closes the reader: the cursor's CLOSERESULTSET is queued for the next request (CloseConnection closes the connection
    /// too). Driver.Async never blocks here; Driver.Sync first reads the reply of a FETCHNEXT it sent ahead (one page,
    /// within the Command Timeout), so the connection is in step when it is used again.
    /// </summary>
    public override void Close()
    {
        if (ClosesConnection())
        {
            _connection.Close();
        }
    }

    /// <summary>Releases the cursor; true when this was the first close and the connection is to be closed with it.</summary>
    private bool ClosesConnection() => CloseCursor() && (_behavior & CommandBehavior.CloseConnection) != 0;

    /// <summary>
    /// Whether the reader is on a row. On the first row of a page the next page is fetched while the caller reads this
    /// one (not for SingleRow: that page would not be read): Driver.Async from a background task, Driver.Sync by
    /// sending the FETCHNEXT now and reading its reply when this page is used up.
    /// </summary>
    private bool Landed()
    {
        if (_onRow && _row == 0 && !_singleRow)
        {
            _resultSet!.StartPrefetch();
        }
        return _onRow;
    }

#if ASYNC
    private static readonly Task<bool> s_true = Task.FromResult(true);
    private static readonly Task<bool> s_false = Task.FromResult(false);

    /// <summary>Moves to the next row; a row of the current page completes at once, otherwise the next page is fetched asynchronously.</summary>
    public override Task<bool> ReadAsync(CancellationToken cancellationToken) => PageUsedUp() ? FetchAndReadAsync(cancellationToken) : Landed() ? s_true : s_false;

    private async Task<bool> FetchAndReadAsync(CancellationToken cancellationToken)
    {
        while (AfterFetch(await _resultSet!.FetchNextAsync(cancellationToken).ConfigureAwait(false)))
        {
        }
        return Landed();
    }

    /// <summary>Moves to the next result set of a procedure call (see <see cref="NextResult"/>); completes at once.</summary>
    public override Task<bool> NextResultAsync(CancellationToken cancellationToken) => MoveToNextResult() ? s_true : s_false;

    /// <summary>Closes the reader; with CommandBehavior.CloseConnection the connection is closed with an orderly DISCONNECT.</summary>
#if NET
    public override Task CloseAsync() => ClosesConnection() ? _connection.CloseAsync() : Task.CompletedTask;

    /// <summary>Closes the reader (see <see cref="CloseAsync"/>).</summary>
    public override async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        Dispose();
    }
#else
    public Task CloseAsync() => ClosesConnection() ? _connection.CloseAsync() : Task.CompletedTask;
#endif

    /// <summary>
    /// Reads a value asynchronously; for LOB columns read as <see cref="string"/>, <see cref="byte"/>[] or
    /// <see cref="object"/>, the whole LOB is fetched with READLOB without blocking (the workflow Driver.Sync's GetValue runs).
    /// </summary>
    public override async Task<T> GetFieldValueAsync<T>(int ordinal, CancellationToken cancellationToken)
    {
        if (UncachedLob<T>(ordinal) is { } whole)
        {
            CacheLob(ordinal, await _resultSet!.Connection.RunAsync(whole, cancellationToken).ConfigureAwait(false));
        }
        return GetFieldValue<T>(ordinal);
    }
#endif

    /// <summary>
    /// Moves to the next result set (a procedure's next OUT table or dynamic result set), closing the current cursor;
    /// false after the last. It sends nothing, so both flavors have it (Driver.Async too: NextResultAsync is the same).
    /// </summary>
    public override bool NextResult() => MoveToNextResult();

    /// <summary>Releases the cursor once; true the first time.</summary>
    private bool CloseCursor()
    {
        if (_closed)
        {
            return false;
        }
        _closed = true;
        _onRow = false;
        _cachedLob = null;
        // every cursor not closed yet (ResultSetCore.Dispose releases each once, however often it is called)
        for (var i = _current; i < _resultSets.Count; i++)
        {
            _resultSets[i].Dispose();
        }
        return true;
    }

    /// <summary>Closes the reader (the release is queued; see <see cref="Close"/>).</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }
        base.Dispose(disposing);
    }

    // ---------------------------------------------------------------- metadata

    /// <summary>The column's name (its alias when it has one).</summary>
    public override string GetName(int ordinal) => Column(ordinal).DisplayName ?? Column(ordinal).ColumnName ?? string.Empty;

    /// <inheritdoc />
    public override int GetOrdinal(string name)
    {
        var columns = Columns;
        for (var i = 0; i < columns.Length; i++)
        {
            if (string.Equals(GetName(i), name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        for (var i = 0; i < columns.Length; i++)
        {
            if (string.Equals(GetName(i), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        throw new IndexOutOfRangeException($"No column named '{name}'.");
    }

    /// <summary>The HANA type name of the column (e.g. NVARCHAR, DECIMAL).</summary>
    public override string GetDataTypeName(int ordinal) => SqlTypeNames.For(Column(ordinal).TypeCode);

    /// <summary>The .NET type of the column's values; the same for every row.</summary>
#if NET
    [return: System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicFields | System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicProperties)]
#endif
    public override Type GetFieldType(int ordinal) => ClrTypeMap.For(Column(ordinal).TypeCode);

    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => new DbEnumerator(this, (_behavior & CommandBehavior.CloseConnection) != 0);

    private ColumnMetadata Column(int ordinal)
    {
        var columns = Columns;
        if ((uint)ordinal >= (uint)columns.Length)
        {
            throw new IndexOutOfRangeException($"Column {ordinal} does not exist; the result has {columns.Length} columns.");
        }
        return columns[ordinal];
    }

    /// <summary>The current row's value bytes of a column (§7.3).</summary>
    private ReadOnlySpan<byte> Current(int ordinal, out ColumnMetadata column)
    {
        column = Column(ordinal);
        if (!_onRow)
        {
            throw new InvalidOperationException(_closed ? "The reader is closed." : "The reader is not on a row; call Read first.");
        }
        return _resultSet!.Page.GetValue(_row, ordinal);
    }
}
