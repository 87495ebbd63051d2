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
/// </summary>
internal sealed partial class ResultSetCore : IDisposable
{
    private readonly ConnectionCore _connection;
    private readonly PreparedStatementCore? _statement;
    private ResultPage _page = new();
    private int _released;

    public ResultSetCore(ConnectionCore connection, PreparedStatementCore? statement, long id, ColumnMetadata[] columns, int fetchSize)
    {
        _connection = connection.AddReference();
        _statement = statement?.AddReference();
        Id = id;
        Columns = columns;
        FetchSize = fetchSize;
        Timeout = connection.Settings.CommandTimeout;
    }

    /// <summary>The Command Timeout of each FETCHNEXT: the one of the command that opened the cursor.</summary>
    public TimeSpan Timeout { get; set; }

    public long Id { get; }
    public ColumnMetadata[] Columns { get; }
    public int FetchSize { get; set; }
    public ConnectionCore Connection => _connection;
    public ResultPage Page => _page;

    /// <summary>No more rows to fetch (LASTPACKET seen, §4.6).</summary>
    public bool IsLastPage { get; private set; }

    /// <summary>The server released the cursor by itself (RESULTSETCLOSED): no CLOSERESULTSET is needed.</summary>
    public bool IsClosedOnServer { get; private set; }

    /// <summary>Takes the first page from an EXECUTE / EXECUTEDIRECT reply, or a FETCHNEXT reply.</summary>
    public void LoadPage(ParsedMessage reply) => LoadPage(reply, _page, fetched: false);

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
            LoadPageParts(reply, page);
        }
        catch (Exception exception) when (ConnectionCore.IsMalformedReply(exception))
        {
            // a page that does not read leaves the wire out of step: the connection is not used again
            throw _connection.ProtocolFailure(exception);
        }
    }

    private void LoadPageParts(ParsedMessage reply, ResultPage page)
    {
        if (!reply.TryGetPart(PartKind.ResultSet, out var part))
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

    /// <summary>The next page: FETCHNEXT (§9.2), or nothing when the last page is here.</summary>
    private PageFetch NextPage() => _fetch ??= new PageFetch(this);

#if SYNC
    /// <summary>Fetches the next page; false when there is none.</summary>
    public bool FetchNextSync() => _connection.Run(NextPage());
#endif

#if ASYNC
    // created by the first prefetch: a result set of one page (a point select) never needs it
    private ResultPage? _spare;
    private Action<ParsedMessage>? _loadSpare;
    private Task? _prefetch;
    private CancellationTokenSource? _prefetchCancel;
    private int _releaseAfterPrefetch;

    /// <summary>
    /// Starts fetching the next page into the spare page while the caller reads the current one. Only when the
    /// connection is idle: a prefetch never waits for, or delays, another request of the caller.
    /// </summary>
    public void StartPrefetch()
    {
        if (IsLastPage || _prefetch is not null || Volatile.Read(ref _released) != 0 || _connection.IsBusy || _connection.IsBroken)
        {
            return;
        }
        _spare ??= new ResultPage();
        _prefetchCancel?.Dispose();
        _prefetchCancel = new CancellationTokenSource();
        _prefetch = PrefetchAsync(_prefetchCancel.Token);
        _connection.TrackPrefetch(_prefetch);
    }

    // the prefetch's failure, kept for the reader's next FetchNextAsync: the task itself never faults, so a reader
    // disposed before it asks leaves no unobserved exception behind (TaskScheduler.UnobservedTaskException)
    private System.Runtime.ExceptionServices.ExceptionDispatchInfo? _prefetchFailure;

    private async Task PrefetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _connection.PrefetchAsync(Id, FetchSize, Timeout, _loadSpare ??= reply => LoadPage(reply, _spare!, fetched: true), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            _prefetchFailure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception);
        }
        finally
        {
            // a reader disposed meanwhile releases here, before the connection's next request can start
            if (Volatile.Read(ref _releaseAfterPrefetch) != 0)
            {
                ReleaseNow();
            }
        }
    }

    /// <summary>Fetches the next page (or takes the prefetched one); false when there is none.</summary>
    public async ValueTask<bool> FetchNextAsync(CancellationToken cancellationToken)
    {
        if (_prefetch is { } prefetch)
        {
            _prefetch = null;
            // the caller's token reaches the prefetch in flight: cancelled on the server, the reply drained
            using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _prefetchCancel!))
            {
                await prefetch.ConfigureAwait(false);
            }
            if (Interlocked.Exchange(ref _prefetchFailure, null) is { } failure)
            {
                failure.Throw();
            }
            (_page, _spare) = (_spare!, _page);
            return true;
        }
        return await _connection.RunAsync(NextPage(), cancellationToken).ConfigureAwait(false);
    }
#endif

    /// <summary>Releases the cursor: CLOSERESULTSET is queued for the next request unless the server closed it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }
#if ASYNC
        if (_prefetch is { IsCompleted: false })
        {
            // never blocks: the prefetch in flight finishes its page, then releases (see PrefetchAsync)
            Volatile.Write(ref _releaseAfterPrefetch, 1);
            if (!_prefetch.IsCompleted)
            {
                return;
            }
        }
#endif
        ReleaseNow();
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
#if ASYNC
        _spare?.Dispose();
        _prefetchCancel?.Dispose();
#endif
        _statement?.Release();
        _connection.Release();
    }

    private sealed class PageFetch(ResultSetCore resultSet) : NextPieceFetch
    {
        protected override bool IsComplete => resultSet.IsLastPage;

        protected override TimeSpan FetchTimeout => resultSet.Timeout;

        protected override Request BuildRequest(ConnectionCore connection) => StatementRunner.BuildFetchNext(connection, resultSet.Id, resultSet.FetchSize);

        protected override void Accept(ParsedMessage reply) => resultSet.LoadPage(reply, resultSet._page, fetched: true);
    }
}
