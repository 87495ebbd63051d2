using System.Runtime.ExceptionServices;
using Driver.Core.Protocol;

namespace Driver.Core.Session;

internal sealed partial class ResultSetCore
{
    /// <summary>
    /// The next page's FETCHNEXT (§9.2): the pump's one-request workflow for the reader's own fetch, and Driver.Async's
    /// prefetch of it. The prefetch sends the same request from a background task while the caller reads the current
    /// page (ConnectionCore.PrefetchAsync: request and reply buffers of its own, the wire still one request at a time),
    /// loads the reply into a spare page, and the reader's next fetch takes that page. Only the awaiting members are
    /// the async flavor's; Driver.Sync never starts a prefetch, so there the prefetch state stays empty.
    /// </summary>
    private sealed class PageFetch(ResultSetCore resultSet) : NextPieceFetch, IDisposable
    {
        // created by the first prefetch; while a prefetch runs, its reply goes there instead of into the current page
        private ResultPage? _spare;
        private ResultPage? _loadInto;
        // set by Driver.Async's StartPrefetch alone
        private Task? _running = null;
        private CancellationTokenSource? _cancel;
        // the prefetch's failure, kept for the reader's next fetch: the task itself never faults, so a reader disposed
        // before it asks leaves no unobserved exception behind (TaskScheduler.UnobservedTaskException)
        private ExceptionDispatchInfo? _failure;
        private int _releaseAfter;

        protected override bool IsComplete => resultSet.IsLastPage;

        protected override TimeSpan FetchTimeout => resultSet.Timeout;

        protected override Request BuildRequest(ConnectionCore connection) => StatementRunner.BuildFetchNext(connection, resultSet.Id, resultSet.FetchSize);

        protected override void Accept(ParsedMessage reply) => resultSet.LoadPage(reply, _loadInto ?? resultSet._page, fetched: true);

        /// <summary>A prefetched page (or its failure) waits to be taken.</summary>
        public bool IsPrefetching => _running is not null;

        /// <summary>
        /// Starts the prefetch, only when the connection is idle: a prefetch never waits for, or delays, another
        /// request of the caller.
        /// </summary>
        public void StartPrefetch()
        {
            var connection = resultSet._connection;
            if (_running is not null || connection.IsBusy || connection.IsBroken)
            {
                return;
            }
            _loadInto = _spare ??= new ResultPage();
            _cancel?.Dispose();
            _cancel = new CancellationTokenSource();
#if ASYNC
            _running = PrefetchAsync(_cancel.Token);
            connection.TrackPrefetch(_running);
#endif
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

#if ASYNC
        private async Task PrefetchAsync(CancellationToken cancellationToken)
        {
            try
            {
                await resultSet._connection.PrefetchAsync(this, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                _failure = ExceptionDispatchInfo.Capture(exception);
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
