using System.Runtime.ExceptionServices;
using Driver.Core.Protocol;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

internal sealed partial class ResultSetCore
{
    /// <summary>
    /// The next page's FETCHNEXT (§9.2): the pump's one-request workflow for the reader's own fetch, and its prefetch
    /// while the caller reads the current page, whose reply goes into a spare page that the reader's next fetch takes.
    /// Driver.Async sends the same request from a background task (ConnectionCore.PrefetchAsync: request and reply
    /// buffers of its own, the wire still one request at a time). Driver.Sync, with no thread or task, sends it ahead
    /// (ConnectionCore.TrySendAheadSync) and reads its reply at the next fetch, or earlier when another request needs
    /// the wire (its failure then kept here for that fetch), or when the result set is released.
    /// </summary>
    private sealed class PageFetch(ResultSetCore resultSet) : NextPieceFetch, ConnectionCore.IReplyAhead, IDisposable
    {
        // created by the first prefetch; while a prefetch runs, its reply goes there instead of into the current page
        private ResultPage? _spare;
        private ResultPage? _loadInto;
        // set by Driver.Async's StartPrefetch alone
        private Task? _running = null;
        private CancellationTokenSource? _cancel = null;
        // the prefetch's failure, kept for the reader's next fetch: the task itself never faults, so a reader disposed
        // before it asks leaves no unobserved exception behind (TaskScheduler.UnobservedTaskException)
        private ExceptionDispatchInfo? _failure;
        private int _releaseAfter;
        // Driver.Sync: a FETCHNEXT went out ahead (or failed to) and its page is not taken yet
        private bool _sentAhead = false;

        protected override bool IsComplete => resultSet.IsLastPage;

        protected override TimeSpan FetchTimeout => resultSet.Timeout;

        protected override Request BuildRequest(ConnectionCore connection) => StatementRunner.BuildFetchNext(connection, resultSet.Id, resultSet.FetchSize);

        protected override void Accept(ParsedMessage reply) => resultSet.LoadPage(reply, _loadInto ?? resultSet._page, fetched: true);

        /// <summary>A prefetched page (or its failure) waits to be taken.</summary>
        public bool IsPrefetching => _running is not null || _sentAhead;

        /// <summary>
        /// Starts the prefetch, only when the connection is idle: a prefetch never waits for, or delays, another
        /// request of the caller.
        /// </summary>
        public void StartPrefetch()
        {
            var connection = resultSet._connection;
            if (IsPrefetching || connection.IsBusy || connection.IsBroken)
            {
                return;
            }
            _loadInto = _spare ??= new ResultPage();
#if ASYNC
            _cancel?.Dispose();
            _cancel = new CancellationTokenSource();
            _running = PrefetchAsync(_cancel.Token);
            connection.TrackPrefetch(_running);
#else
            _sentAhead = connection.TrySendAheadSync(this);
#endif
            if (!IsPrefetching)
            {
                _loadInto = null;
            }
        }

        /// <summary>The prefetched page becomes the current one, or the prefetch's failure is thrown.</summary>
        private bool TakeSpare()
        {
            Interlocked.Exchange(ref _failure, null)?.Throw();
            (resultSet._page, _spare) = (_spare!, resultSet._page);
            return true;
        }

        /// <summary>The result set is released: true when a prefetch in flight will release it once its page is in.</summary>
        public bool ReleasesAfterPrefetch()
        {
#if SYNC
            // Driver.Sync reads the reply sent ahead now, so the CLOSERESULTSET that follows finds the session in step;
            // its failure (a Command Timeout cancelled on the server, a broken connection) is nobody's any more
            try
            {
                _ = _sentAhead && TakeAhead();
            }
            catch (Exception)
            {
            }
#endif
            if (_running is not { IsCompleted: false } running)
            {
                return false;
            }
            Volatile.Write(ref _releaseAfter, 1);
            // completed meanwhile: its own check may have missed the flag, so the caller releases (ReleaseNow runs once)
            return !running.IsCompleted;
        }

        private void PrefetchEnded()
        {
            _loadInto = null;
            // a reader disposed meanwhile releases here, before the connection's next request can start
            if (Volatile.Read(ref _releaseAfter) != 0)
            {
                resultSet.ReleaseNow();
            }
        }

        public void Dispose()
        {
            _spare?.Dispose();
            _cancel?.Dispose();
        }

#if SYNC
        /// <summary>The page sent ahead becomes the current one: its reply read now unless it was read meanwhile.</summary>
        public bool TakeAhead()
        {
            try
            {
                resultSet._connection.ReceiveAheadSync(this);
            }
            finally
            {
                _sentAhead = false;
                _loadInto = null;
            }
            return TakeSpare();
        }
#endif

        /// <summary>The prefetch failed; its reader's next fetch throws the failure.</summary>
        public void FailedMeanwhile(Exception exception) => _failure = ExceptionDispatchInfo.Capture(exception);

#if ASYNC
        private async Task PrefetchAsync(CancellationToken cancellationToken)
        {
            try
            {
                await resultSet._connection.PrefetchAsync(this, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                FailedMeanwhile(exception);
            }
            finally
            {
                PrefetchEnded();
            }
        }

        public async ValueTask<bool> TakePrefetchedAsync(CancellationToken cancellationToken)
        {
            var running = _running!;
            _running = null;
            // the caller's token reaches the prefetch in flight: cancelled on the server, the reply drained
            using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _cancel))
            {
                await running.ConfigureAwait(false);
            }
            return TakeSpare();
        }
#endif
    }
}
