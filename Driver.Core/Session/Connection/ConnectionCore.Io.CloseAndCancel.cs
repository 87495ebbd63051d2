using Driver.Core.Net;
using Driver.Core.Protocol;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

// The rest of the round-trip pairs: DISCONNECT, and the cancel on the server (its workflow, ServerCancel, is written
// once) that the round trip's Command Timeout and DbCommand.Cancel start; the next request waits for a cancel in flight.
internal sealed partial class ConnectionCore
{
#if SYNC
    /// <summary>
    /// Ends the session from a member that cannot await (Close, Dispose): Driver.Sync says goodbye with
    /// <see cref="CloseSync"/>; Driver.Async never blocks there, so it closes the socket and the server drops the
    /// session (§14).
    /// </summary>
    public void CloseWithoutAwaiting() => CloseSync();

    /// <summary>
    /// Runs <paramref name="workflow"/> from a caller that cannot await (a System.Transactions notification) and reports
    /// its failure, or null, to <paramref name="then"/>. Driver.Sync runs it on the calling thread; Driver.Async on its
    /// async path, calling <paramref name="then"/> when it ends.
    /// </summary>
    public void RunThenReport<T>(Workflow<T> workflow, Action<Exception?> then)
    {
        Exception? failure = null;
        try
        {
            Run(workflow);
        }
        catch (Exception exception)
        {
            failure = exception;
        }
        then(failure);
    }

    /// <summary>
    /// Ends the transaction with ROLLBACK from a caller that cannot await: sent now unless another thread holds the
    /// session (a transaction timeout fires on a timer), else queued before the next request (Driver.Async: always
    /// queued). A failed ROLLBACK leaves nothing committed; a broken session shows on the next use.
    /// </summary>
    public void RollbackWithoutAwaiting(TimeSpan timeout)
    {
        if (!IsBusy)
        {
            try
            {
                Run(TransactionEnd.Rollback(timeout));
                return;
            }
            catch (Exception)
            {
                // the notification must not throw: nothing is committed, and a broken session shows on its next use
                return;
            }
        }
        QueueRelease(MessageType.Rollback, 0);
    }

    /// <summary>Sends DISCONNECT (best effort, at most 5 s) and closes; used when the last reference goes.</summary>
    public void CloseSync()
    {
        if (Volatile.Read(ref _references) <= 0)
        {
            return;
        }
        try
        {
            // a FETCHNEXT sent ahead is answered before DISCONNECT, whose reply would otherwise be read as its
            DrainAheadSync();
            if (IsOpen && TryBeginClosing())
            {
                var request = Request.Create(MessageType.Disconnect);
                try
                {
                    var outgoing = PrepareSend(request);
                    _transport.SetDeadline(Deadline.Earlier(_hardDeadline, Deadline.After(DisconnectTimeout)), "the disconnect timed out");
                    _transport.SendSync(outgoing.Buffer, outgoing.Length);
                }
                finally
                {
                    request.Return();
                }
                _transport.ReceiveSync(_reply);
            }
        }
        catch (HanaException)
        {
            // §14: the server may close before the reply can be read; a failed goodbye changes nothing
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Waits (at most the grace period and a second) until no cancel of an earlier request is in flight.</summary>
    private void WaitForCancelsSync()
    {
        if (_cancelsInFlight == 0)
        {
            return;
        }
        var deadline = Deadline.After(_settings.CancelGracePeriod + TimeSpan.FromSeconds(1));
        lock (_stateLock)
        {
            while (_cancelsInFlight > 0 && !Deadline.HasPassed(deadline))
            {
                Monitor.Wait(_stateLock, Deadline.Remaining(deadline));
            }
        }
    }

    /// <summary>Asks the server to cancel request <paramref name="requestId"/> (ServerCancel), all before <paramref name="deadline"/>.</summary>
    /// <remarks>With <c>ending</c>, a cancel that <see cref="BeginCancel"/> counted ends here.</remarks>
    private string CancelOnServerSync(long deadline, long requestId, bool ending = false)
    {
        try
        {
            using var side = CreateSideConnection();
            return side.RunWithin(new ServerCancel(this, requestId), Deadline.Remaining(deadline), CancelGraceReason);
        }
        finally
        {
            if (ending)
            {
                EndCancel();
            }
        }
    }
#endif

#if ASYNC
    /// <summary>Ends the session from a member that cannot await: closes the socket without DISCONNECT (see the Driver.Sync twin).</summary>
    public void CloseWithoutAwaiting() => Release();

    /// <summary>Runs <paramref name="workflow"/> on the async path and reports its failure, or null (see the Driver.Sync twin).</summary>
    public void RunThenReport<T>(Workflow<T> workflow, Action<Exception?> then) =>
        RunAsync(workflow, CancellationToken.None).AsTask().ContinueWith(
            task => then(task.Status == TaskStatus.RanToCompletion ? null : task.Exception?.GetBaseException() ?? new OperationCanceledException()),
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    /// <summary>Queues ROLLBACK before the next request: Driver.Async never blocks here (see the Driver.Sync twin).</summary>
    public void RollbackWithoutAwaiting(TimeSpan timeout) => QueueRelease(MessageType.Rollback, 0);

    /// <summary>Sends DISCONNECT (best effort, at most 5 s) and closes; used when the last reference goes.</summary>
    public async ValueTask CloseAsync()
    {
        if (Volatile.Read(ref _references) <= 0)
        {
            return;
        }
        await WaitForPrefetchAsync().ConfigureAwait(false);
        try
        {
            if (IsOpen && TryBeginClosing())
            {
                var request = Request.Create(MessageType.Disconnect);
                using var timeout = new CancellationTokenSource(DisconnectTimeout);
                try
                {
                    var outgoing = PrepareSend(request);
                    await _transport.SendAsync(outgoing.Buffer, outgoing.Length, timeout.Token).ConfigureAwait(false);
                }
                finally
                {
                    request.Return();
                }
                await _transport.ReceiveAsync(_reply, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is HanaException or OperationCanceledException)
        {
            // §14: the server may close before the reply can be read, or never answer; a failed goodbye changes nothing
        }
        finally
        {
            Release();
        }
    }

    // the cancels in flight (never faulted: CancelOnServerAsync reports instead of throwing)
    private Task _cancelsDone = Task.CompletedTask;

    /// <summary>Asks the server to cancel request <paramref name="requestId"/> (ServerCancel), within the Cancel Grace Period and <paramref name="limit"/>.</summary>
    /// <remarks>With <c>ending</c>, a cancel that <see cref="BeginCancel"/> counted ends here.</remarks>
    private async ValueTask<string> CancelOnServerAsync(CancellationToken limit, long requestId, bool ending = false)
    {
        try
        {
            using var side = CreateSideConnection();
            return await side.RunWithinAsync(new ServerCancel(this, requestId), _settings.CancelGracePeriod, CancelGraceReason, limit).ConfigureAwait(false);
        }
        finally
        {
            if (ending)
            {
                EndCancel();
            }
        }
    }

    /// <summary>A cancel gone to the background: the next request waits for it (RoundTripAsync).</summary>
    private void InFlight(Task cancel)
    {
        lock (_stateLock)
        {
            _cancelsDone = _cancelsDone.IsCompleted ? cancel : Task.WhenAll(_cancelsDone, cancel);
        }
    }
#endif
}
