using System.Runtime.CompilerServices;
using Driver.Core.Net;
using Driver.Core.Protocol;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

// The round-trip pairs: each method exists once per flavor, side by side, and differs from its twin only in
// the transport call it makes. Everything before and after the I/O is the shared code in ConnectionCore.cs.
internal sealed partial class ConnectionCore
{
#if SYNC
    /// <summary>
    /// Connects and does the hello (the transport's pair), then runs the sign-in workflow (AUTHENTICATE, CONNECT,
    /// schema; §1.3, §8): the whole open within one Connect Timeout, after which the connection is closed.
    /// </summary>
    public void OpenSync(bool setSchema = true)
    {
        using var scope = EnterHardDeadline(_settings.ConnectTimeout, ConnectTimeoutReason);
        _transport.ConnectSync(_hardDeadline, $"{_hardDeadlineReason} expired during the TCP connect, TLS handshake or hello");
        Run(new OpenWorkflow(this, setSchema));
    }

    /// <summary>Sends <paramref name="request"/> (which it returns for reuse) and returns the parsed reply.</summary>
    public ParsedMessage RoundTripSync(Request request, TimeSpan timeout)
    {
        RequestWritten = false;
        try
        {
            WaitForCancelsSync();
            // a FETCHNEXT sent ahead (ConnectionCore.Prefetch.cs) is answered first: one request at a time (§1.3)
            DrainAheadSync();
            CheckUsable();
            EnterBusy();
            try
            {
                return SendAndReceiveSync(request, timeout);
            }
            finally
            {
                ExitBusy();
            }
        }
        finally
        {
            request.Return();
        }
    }

    private ParsedMessage SendAndReceiveSync(Request request, TimeSpan commandTimeout)
    {
        var type = request.Type;
        // releases queued by Dispose go out first, as their own messages: one request per message (§1.3)
        if (PendingReleaseCount > 0)
        {
            FlushReleasesSync(commandTimeout);
        }
        var timeout = UnderHardDeadline ? TimeSpan.Zero : commandTimeout;
        SendSync(request, timeout);
        return ReceiveSync(type, timeout);
    }

    /// <summary>The send half of the round trip: the request numbered and written, under its deadline.</summary>
    private void SendSync(Request request, TimeSpan timeout)
    {
        var outgoing = PrepareSend(request);
        try
        {
            ArmDeadlineSync(request.Type, timeout);
            _transport.SendSync(outgoing.Buffer, outgoing.Length);
            RequestWritten = true;
        }
        catch (HanaConnectionException broken)
        {
            AfterRoundTrip();
            throw OutcomeOf(request.Type, broken);
        }
    }

    private void ArmDeadlineSync(MessageType type, TimeSpan timeout)
    {
        if (UnderHardDeadline)
        {
            _transport.SetDeadline(_hardDeadline, HardDeadlineMessage(type));
        }
        else if (timeout > TimeSpan.Zero)
        {
            // every blocking send and read ends by the Command Timeout plus the grace; the Command Timeout proper is
            // watched before the reply starts, so an expired one can be cancelled on the server and drained
            _transport.SetDeadline(Deadline.After(timeout + _settings.CancelGracePeriod), GraceReason(timeout, type));
        }
        else
        {
            _transport.ClearDeadline();
            _transport.ApplySyncTimeout(TimeSpan.Zero);
        }
    }

    /// <summary>
    /// The receive half: waits for the reply within the Command Timeout (expired: cancelled on the server, the reply
    /// drained within the Cancel Grace Period, else the connection breaks), then reads and processes it.
    /// </summary>
    private ParsedMessage ReceiveSync(MessageType type, TimeSpan timeout)
    {
        var timedOut = false;
        try
        {
            if (timeout > TimeSpan.Zero && !_transport.WaitForDataSync(timeout))
            {
                timedOut = true;
                var grace = Deadline.After(_settings.CancelGracePeriod);
                var refused = CancelOnServerSync(grace, _requestId);
                if (!_transport.WaitForDataSync(Deadline.Remaining(grace)))
                {
                    throw _transport.Break("Waiting for the server failed", new TimeoutException(GraceMessage(timeout, type) + refused));
                }
            }
            _transport.ReceiveSync(_reply);
        }
        catch (HanaConnectionException broken)
        {
            AfterRoundTrip();
            throw OutcomeOf(type, broken);
        }
        try
        {
            return ProcessReply();
        }
        catch (HanaException exception) when (timedOut && exception.Code == CancelledCode)
        {
            throw CommandTimeoutExpired(timeout, exception);
        }
        finally
        {
            AfterRoundTrip();
        }
    }

    private void FlushReleasesSync(TimeSpan commandTimeout)
    {
        // bounded like the request they precede: a stalled CLOSERESULTSET reply breaks the connection in time
        _transport.SetDeadline(ReleaseDeadline(commandTimeout), ReleaseReason(commandTimeout));
        while (TryDequeueRelease(out var release))
        {
            var request = BuildRelease(release);
            try
            {
                var outgoing = PrepareSend(request);
                _transport.SendSync(outgoing.Buffer, outgoing.Length);
            }
            finally
            {
                request.Return();
            }
            _transport.ReceiveSync(_reply);
            TryProcessReleaseReply();
        }
    }

#endif

#if ASYNC
    /// <summary>
    /// Connects and does the hello (the transport's pair), then runs the sign-in workflow (AUTHENTICATE, CONNECT,
    /// schema; §1.3, §8) without blocking a thread: the whole open within one Connect Timeout, after which the
    /// connection is closed.
    /// </summary>
    public async ValueTask OpenAsync(CancellationToken cancellationToken, bool setSchema = true)
    {
        using var scope = EnterHardDeadline(_settings.ConnectTimeout, ConnectTimeoutReason, cancellationToken);
        await _transport.ConnectAsync(scope.Token, cancellationToken, $"{_hardDeadlineReason} expired during the TCP connect, TLS handshake or hello").ConfigureAwait(false);
        await RunAsync(new OpenWorkflow(this, setSchema), scope.Token).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="request"/> (which it returns for reuse) and returns the parsed reply.</summary>
#if NET6_0_OR_GREATER
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    public async ValueTask<ParsedMessage> RoundTripAsync(Request request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        RequestWritten = false;
        try
        {
            await WaitForPrefetchAsync().ConfigureAwait(false);
            if (!_cancelsDone.IsCompleted)
            {
                // no new request while a cancel of an earlier one is in flight (see ConnectionCore.State.cs)
                await _cancelsDone.ConfigureAwait(false);
            }
            CheckUsable();
            EnterBusy();
            try
            {
                return await SendAndReceiveAsync(request, _reply, _inflated, _parsed, flushReleases: true, timeout, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ExitBusy();
            }
        }
        finally
        {
            request.Return();
        }
    }

#if NET6_0_OR_GREATER
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    private async ValueTask<ParsedMessage> SendAndReceiveAsync(Request request, MessageBuffer replyBuffer, MessageBuffer inflated, ParsedMessage parsed,
        bool flushReleases, TimeSpan requestTimeout, CancellationToken cancellationToken)
    {
        var type = request.Type;
        // under a hard deadline (open, reset, cancel side connection) the caller's token carries it: nothing to cancel on the server
        var hard = UnderHardDeadline;
        if (cancellationToken.IsCancellationRequested)
        {
            if (hard && HardDeadlineExpired)
            {
                // the deadline ran out between round trips (during the sign-in's key derivation, say): the workflow is
                // over, and the caller gets the timeout, not a cancellation it never asked for
                throw _transport.Break("Sending to the server failed", new TimeoutException(HardDeadlineMessage(type)));
            }
            // a token cancelled before anything is written stops here: nothing went out, so the connection stays in
            // step and usable (a send cancelled halfway would leave a partial message and break it)
            cancellationToken.ThrowIfCancellationRequested();
        }
        var commandTimeout = hard ? TimeSpan.Zero : requestTimeout;
        var timeout = RentTimeout(commandTimeout, cancellationToken, out var link);
        var token = timeout?.Token ?? cancellationToken;
        try
        {
            if (flushReleases && PendingReleaseCount > 0)
            {
                await FlushReleasesAsync(requestTimeout, token, cancellationToken).ConfigureAwait(false);
            }
            var outgoing = PrepareSend(request);
            var cancelled = false;
            try
            {
                await _transport.SendAsync(outgoing.Buffer, outgoing.Length, token).ConfigureAwait(false);
                RequestWritten = true;
                try
                {
                    await _transport.ReceiveAsync(replyBuffer, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException exception) when (token.IsCancellationRequested)
                {
                    if (hard)
                    {
                        throw HardDeadlineEnded(type, exception);
                    }
                    // cancel on the server, then drain the reply so the connection stays in step; the cancel and the
                    // drain share one Cancel Grace Period
                    cancelled = true;
                    using var grace = new CancellationTokenSource(_settings.CancelGracePeriod);
                    var refused = await CancelOnServerAsync(grace.Token, _requestId).ConfigureAwait(false);
                    try
                    {
                        await _transport.ReceiveAsync(replyBuffer, grace.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException graceExpired)
                    {
                        throw _transport.Break("Receiving from the server failed",
                            new TimeoutException(GraceMessage(commandTimeout > TimeSpan.Zero ? commandTimeout : _settings.CancelGracePeriod, type) + refused, graceExpired));
                    }
                }
            }
            catch (HanaConnectionException broken)
            {
                throw OutcomeOf(type, hard && HardDeadlineExpired && broken.InnerException is OperationCanceledException
                    ? new HanaConnectionException($"{HardDeadlineMessage(type)}.", broken.InnerException) : broken);
            }
            try
            {
                var reply = ProcessReply(replyBuffer, inflated, parsed);
                // a statement that finished anyway: its result stands, but the caller asked to stop
                cancellationToken.ThrowIfCancellationRequested();
                return reply;
            }
            catch (HanaException exception) when (cancelled && exception.Code == CancelledCode)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw CommandTimeoutExpired(commandTimeout, exception);
            }
            finally
            {
                AfterRoundTrip();
            }
        }
        finally
        {
            ReturnTimeout(timeout, link);
        }
    }

    /// <summary>
    /// A hard deadline's token ended a receive: the connection is given up. Past the deadline that is a timeout
    /// (HanaConnectionException naming it); otherwise the caller cancelled, and gets its OperationCanceledException.
    /// </summary>
    private Exception HardDeadlineEnded(MessageType type, OperationCanceledException exception)
    {
        if (HardDeadlineExpired)
        {
            return _transport.Break("Receiving from the server failed", new TimeoutException(HardDeadlineMessage(type), exception));
        }
        _transport.Break("Receiving from the server failed", exception);
        return exception;
    }

    private CancellationTokenSource? _spareTimeout;

    /// <summary>
    /// The source of one round trip's token: null when there is no Command Timeout (the caller's token serves as
    /// it is), otherwise the connection's reusable source armed with the timeout and linked to the caller's token
    /// when that one can be cancelled. Reusing it (TryReset) spares a linked source and a timer per round trip.
    /// </summary>
    private CancellationTokenSource? RentTimeout(TimeSpan commandTimeout, CancellationToken cancellationToken, out CancellationTokenRegistration link)
    {
        link = default;
        if (commandTimeout <= TimeSpan.Zero)
        {
            return null;
        }
        var source = Interlocked.Exchange(ref _spareTimeout, null) ?? new CancellationTokenSource();
        source.CancelAfter(commandTimeout);
        if (cancellationToken.CanBeCanceled)
        {
            link = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), source);
        }
        return source;
    }

    /// <summary>Unlinks the source and keeps it for the next round trip when it was never cancelled.</summary>
    private void ReturnTimeout(CancellationTokenSource? source, CancellationTokenRegistration link)
    {
        if (source is null)
        {
            return;
        }
        // waits for a callback already running on another thread, so nothing can cancel the source after this
        link.Dispose();
#if NET6_0_OR_GREATER
        // TryReset also stops the timer; it fails for a source that was cancelled (or whose timer fired)
        if (source.TryReset())
        {
            Volatile.Write(ref _spareTimeout, source);
            return;
        }
#endif
        source.Dispose();
    }

    /// <summary>
    /// Sends the queued releases, bounded like the request they precede (<paramref name="token"/>: the Command
    /// Timeout or a hard deadline): a stalled reply breaks the connection in time instead of hanging the caller.
    /// </summary>
    private async ValueTask FlushReleasesAsync(TimeSpan commandTimeout, CancellationToken token, CancellationToken cancellationToken)
    {
        try
        {
            while (TryDequeueRelease(out var release))
            {
                var request = BuildRelease(release);
                try
                {
                    var outgoing = PrepareSend(request);
                    await _transport.SendAsync(outgoing.Buffer, outgoing.Length, token).ConfigureAwait(false);
                }
                finally
                {
                    request.Return();
                }
                await _transport.ReceiveAsync(_reply, token).ConfigureAwait(false);
                TryProcessReleaseReply();
            }
        }
        catch (OperationCanceledException exception) when (!IsBroken)
        {
            // a release reply half-read cannot be drained cheaply: the connection is given up
            if (UnderHardDeadline ? !HardDeadlineExpired : cancellationToken.IsCancellationRequested)
            {
                _transport.Break("Receiving from the server failed", exception);
                throw;
            }
            throw _transport.Break("Receiving from the server failed", new TimeoutException(ReleaseTimeoutMessage(commandTimeout), exception));
        }
    }

#endif

    private static readonly TimeSpan DisconnectTimeout = TimeSpan.FromSeconds(5);

    private string ConnectTimeoutReason => $"Connect Timeout of {_settings.ConnectTimeout.TotalSeconds:0.###} s";

    private string CancelGraceReason => $"Cancel Grace Period of {_settings.CancelGracePeriod.TotalSeconds:0.###} s";

    private string? OpenSchema => _settings.CurrentSchema is { Length: > 0 } schema ? schema : null;

    /// <summary>Releases are bounded by the hard deadline running, else by the Command Timeout (none when it is 0).</summary>
    private long ReleaseDeadline(TimeSpan commandTimeout) => UnderHardDeadline ? _hardDeadline : Deadline.After(commandTimeout);

    private string ReleaseTimeoutMessage(TimeSpan commandTimeout) =>
        UnderHardDeadline ? HardDeadlineMessage(MessageType.CloseResultSet) : CommandTimeoutMessage(commandTimeout, MessageType.CloseResultSet);

    /// <summary>A release that fails on the server (already gone) is not the caller's problem; a broken link is.</summary>
    private void TryProcessReleaseReply()
    {
        try
        {
            ProcessReply();
        }
        catch (HanaException exception) when (exception is not HanaConnectionException and not HanaProtocolException && !IsBroken)
        {
        }
    }
}
