using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

/// <summary>
/// A server-side cursor and the page of rows received last (§9.2). Holds a reference to its connection (and
/// statement), so a reader may outlive its command; CLOSERESULTSET goes out once, when it is released, unless
/// the server already closed the cursor (RESULTSETCLOSED).
/// <para>
/// It is also the list of one cursor (<see cref="IReadOnlyList{T}"/> of itself): the reply of a query, which opens one
/// cursor, hands it out as the execution's result sets without allocating a list. Once released without ever having
/// fetched (<see cref="IsRecyclable"/>), its command may <see cref="Reopen"/> it for its next execution: a point select
/// then allocates neither the cursor nor its page (docs/architecture.md, "Reader reuse").
/// </para>
/// </summary>
internal sealed partial class ResultSetCore : IDisposable, IReadOnlyList<ResultSetCore>
{
    private ConnectionCore _connection;
    private PreparedStatementCore? _statement;
    private ResultPage _page = new();
    private int _released;

    public ResultSetCore(ConnectionCore connection, PreparedStatementCore? statement, long id, ColumnMetadata[] columns, int fetchSize)
    {
        _connection = null!;
        Columns = null!;
        Reopen(connection, statement, id, columns, fetchSize);
    }

    /// <summary>
    /// Makes this cursor the one a new reply opened: its references taken again (released once more by its next
    /// release), its page loaded by <see cref="LoadFirstPage"/>. Only for one that <see cref="IsRecyclable"/>.
    /// </summary>
    public ResultSetCore Reopen(ConnectionCore connection, PreparedStatementCore? statement, long id, ColumnMetadata[] columns, int fetchSize)
    {
        _connection = connection.AddReference();
        _statement = statement?.AddReference();
        Id = id;
        Columns = columns;
        FetchSize = fetchSize;
        Timeout = connection.Settings.CommandTimeout;
        IsLastPage = false;
        IsClosedOnServer = false;
        Volatile.Write(ref _releasedNow, 0);
        Volatile.Write(ref _released, 0);
        return this;
    }

    /// <summary>
    /// Released completely, on the caller's thread, and never fetched: no prefetch (Driver.Async's background task,
    /// Driver.Sync's FETCHNEXT sent ahead) can still touch it, so it may be <see cref="Reopen"/>ed.
    /// </summary>
    public bool IsRecyclable => _fetch is null && Volatile.Read(ref _releasedNow) != 0;

    int IReadOnlyCollection<ResultSetCore>.Count => 1;

    ResultSetCore IReadOnlyList<ResultSetCore>.this[int index] => index == 0 ? this : throw new ArgumentOutOfRangeException(nameof(index));

    IEnumerator<ResultSetCore> IEnumerable<ResultSetCore>.GetEnumerator()
    {
        yield return this;
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => ((IEnumerable<ResultSetCore>)this).GetEnumerator();

    /// <summary>The Command Timeout of each FETCHNEXT: the one of the command that opened the cursor.</summary>
    public TimeSpan Timeout { get; set; }

    public long Id { get; private set; }
    public ColumnMetadata[] Columns { get; private set; }
    public int FetchSize { get; set; }
    public ConnectionCore Connection => _connection;
    public ResultPage Page => _page;

    /// <summary>No more rows to fetch (LASTPACKET seen, §4.6).</summary>
    public bool IsLastPage { get; private set; }

    /// <summary>A page is still to come: from the server, or prefetched and not yet taken.</summary>
    public bool HasNextPage => !IsLastPage || _fetch is { IsPrefetching: true };

    /// <summary>The server released the cursor by itself (RESULTSETCLOSED): no CLOSERESULTSET is needed.</summary>
    public bool IsClosedOnServer { get; private set; }

    /// <summary>
    /// Takes the first page from an EXECUTE / EXECUTEDIRECT reply: <paramref name="part"/>, the RESULTSET part of this
    /// cursor's group (a procedure's reply holds one group per cursor, §17), or null when its group has none.
    /// </summary>
    public void LoadFirstPage(ParsedMessage reply, PartRef? part)
    {
        try
        {
            LoadPageParts(reply, _page, part);
        }
        catch (Exception exception) when (ConnectionCore.IsMalformedReply(exception))
        {
            throw _connection.ProtocolFailure(exception);
        }
    }

    private void LoadPage(ParsedMessage reply, ResultPage page, bool fetched)
    {
        try
        {
            if (fetched && reply.Segment.FunctionCode != FunctionCode.Fetch)
            {
                // §9.1: FETCHNEXT is answered with function code FETCH; another one is some other request's reply
                // (one sent twice, say), whose rows would be handed out as the next page's
                throw new HanaProtocolException($"The FETCHNEXT reply has function code {reply.Segment.FunctionCode}; FETCH (10) is required (§9.1).");
            }
            LoadPageParts(reply, page, reply.TryGetPart(PartKind.ResultSet, out var part) ? part : null);
        }
        catch (Exception exception) when (ConnectionCore.IsMalformedReply(exception))
        {
            // a page that does not read leaves the wire out of step: the connection is not used again
            throw _connection.ProtocolFailure(exception);
        }
    }

    private void LoadPageParts(ParsedMessage reply, ResultPage page, PartRef? found)
    {
        if (found is not { } part)
        {
            // §9.1: only a procedure's table output may come without a RESULTSET part; a query's first reply and
            // every FETCHNEXT reply carry one (an empty one at the end), so its absence would silently lose rows
            if (reply.Segment.FunctionCode is FunctionCode.DbProcedureCall or FunctionCode.DbProcedureCallWithResult)
            {
                page.Clear();
                return;
            }
            throw new HanaProtocolException($"The reply (function code {reply.Segment.FunctionCode}) to a query or FETCHNEXT holds no RESULTSET part (§9.1, §9.2).");
        }
        page.Load(reply.GetPartSpan(part), part.ArgumentCount, part.Attributes, Columns);
        var attributes = part.Attributes;
        IsLastPage = (attributes & PartAttributes.LastPacket) != 0;
        IsClosedOnServer |= (attributes & PartAttributes.ResultSetClosed) != 0;
        if (!IsLastPage && part.ArgumentCount == 0 && reply.Segment.FunctionCode == FunctionCode.Fetch)
        {
            // §9.2: an empty FETCHNEXT page ends the result set for [G]; never loop on it
            IsLastPage = true;
        }
    }

    private PageFetch? _fetch;

    /// <summary>
    /// The next page: FETCHNEXT (§9.2), or nothing when the last page is here; the pump's one-request workflow,
    /// cached, so a fetch allocates no workflow (and a one-page result, a point select, none at all).
    /// </summary>
    public Workflow<bool> NextPage => _fetch ??= new PageFetch(this);

    /// <summary>
    /// Fetches the next page, blocking (Driver.Sync; Driver.Async's pump refuses), or takes the one sent ahead; false
    /// when there is none.
    /// </summary>
    public bool FetchNext() =>
#if SYNC
        _fetch is { IsPrefetching: true } fetch ? fetch.TakeAhead() :
#endif
        _connection.Run(NextPage);

    /// <summary>
    /// Starts fetching the next page into a spare page while the caller reads the current one (see
    /// <see cref="PageFetch"/>): Driver.Async from a background task, Driver.Sync by sending the FETCHNEXT now and
    /// reading its reply at the next fetch.
    /// </summary>
    public void StartPrefetch()
    {
        // a result set of one page (a point select) never creates the fetch or the spare page
        if (!IsLastPage && Volatile.Read(ref _released) == 0)
        {
            (_fetch ??= new PageFetch(this)).StartPrefetch();
        }
    }

#if ASYNC
    /// <summary>Fetches the next page (or takes the prefetched one); false when there is none.</summary>
    public ValueTask<bool> FetchNextAsync(CancellationToken cancellationToken) =>
        _fetch is { IsPrefetching: true } fetch ? fetch.TakePrefetchedAsync(cancellationToken) : _connection.RunAsync(NextPage, cancellationToken);
#endif

    /// <summary>Releases the cursor: CLOSERESULTSET is queued for the next request unless the server closed it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }
        // Driver.Async never blocks: a prefetch in flight finishes its page, then releases; Driver.Sync reads the reply
        // of a FETCHNEXT sent ahead first, so the CLOSERESULTSET follows a session in step (PageFetch)
        if (_fetch?.ReleasesAfterPrefetch() != true)
        {
            ReleaseNow();
        }
    }

    private int _releasedNow;

    private void ReleaseNow()
    {
        if (Interlocked.Exchange(ref _releasedNow, 1) != 0)
        {
            return;
        }
        if (!IsClosedOnServer)
        {
            _connection.QueueRelease(MessageType.CloseResultSet, Id);
        }
        _page.Dispose();
        _fetch?.Dispose();
        _statement?.Release();
        _connection.Release();
    }
}
