using System.Runtime.CompilerServices;
using Driver.Core.Net;
using Driver.Core.Protocol;

namespace Driver.Core.Session;

// The round-trip pairs: each method exists once per flavor, side by side, and differs from its twin only in
// the transport call it makes. Everything before and after the I/O is the shared code in ConnectionCore.cs.
internal sealed partial class ConnectionCore
{
#if SYNC
    /// <summary>Connects, does the hello, AUTHENTICATE and CONNECT (§1.3, §8).</summary>
    public void OpenSync()
    {
        _transport.ConnectSync();
        BuildAuthenticate();
        ApplyAuthenticateReply(SendAndReceiveSync());
        BuildConnect();
        ApplyConnectReply(SendAndReceiveSync());
    }

    /// <summary>Sends the request built since <see cref="BeginRequest"/> and returns the parsed reply.</summary>
    public ParsedMessage RoundTripSync()
    {
        EnterBusy();
        try
        {
            return SendAndReceiveSync();
        }
        finally
        {
            ExitBusy();
        }
    }

    private ParsedMessage SendAndReceiveSync()
    {
        // releases queued by Dispose go out first, as their own messages: one request per message (§1.3)
        if (PendingReleaseCount > 0)
        {
            FlushReleasesSync();
        }
        var outgoing = PrepareSend(_builder, _request);
        var timeout = CommandTimeout;
        // the socket timeout is the backstop for a reply that stops half-way; the Command Timeout proper is
        // watched before the reply starts, so an expired one can be cancelled on the server and drained
        _transport.ApplySyncTimeout(timeout > TimeSpan.Zero ? timeout + _settings.CancelGracePeriod : TimeSpan.Zero);
        _transport.SendSync(outgoing.Buffer, outgoing.Length);
        var timedOut = false;
        if (timeout > TimeSpan.Zero && !_transport.WaitForDataSync(timeout))
        {
            timedOut = true;
            CancelOnServerSync();
            if (!_transport.WaitForDataSync(_settings.CancelGracePeriod))
            {
                throw _transport.Break($"Command Timeout of {timeout.TotalSeconds:0.###} s expired and the server did not answer the cancel", new TimeoutException());
            }
        }
        _transport.ReceiveSync(_reply);
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

    /// <summary>
    /// DbCommand.Cancel / DbBatch.Cancel from another thread: cancels the statement running on this session, if any
    /// (blocks for the side connection's round trip, as the Sync flavor does).
    /// </summary>
    public void CancelRunningStatement()
    {
        if (IsBusy)
        {
            CancelOnServerSync();
        }
    }

    /// <summary>
    /// Asks the server to cancel this session's statement over a side connection (best effort; safe from another
    /// thread: it touches nothing of this session but its settings and connection id).
    /// </summary>
    public void CancelOnServerSync()
    {
        try
        {
            using var side = CreateSideConnection();
            side.OpenSync();
            StatementRunner.ExecuteDirectSync(side, CancelStatement, autoCommit: true, fetchSize: 1);
            side.CloseSync();
        }
        catch (HanaException)
        {
            // the grace period decides: a reply still arrives, or the connection is given up
        }
    }

    private void FlushReleasesSync()
    {
        while (TryDequeueRelease(out var release))
        {
            var outgoing = BuildRelease(release);
            _transport.SendSync(outgoing.Buffer, outgoing.Length);
            _transport.ReceiveSync(_reply);
            TryProcessReleaseReply();
        }
    }

    /// <summary>Sends DISCONNECT (best effort) and closes; used when the last reference goes.</summary>
    public void CloseSync()
    {
        if (Volatile.Read(ref _references) <= 0)
        {
            return;
        }
        try
        {
            if (IsOpen && Interlocked.Exchange(ref _busy, 1) == 0)
            {
                BuildDisconnect();
                var outgoing = PrepareSend(_builder, _request);
                _transport.ApplySyncTimeout(TimeSpan.FromSeconds(5));
                _transport.SendSync(outgoing.Buffer, outgoing.Length);
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
#endif

#if ASYNC
    /// <summary>Connects, does the hello, AUTHENTICATE and CONNECT (§1.3, §8) without blocking a thread.</summary>
    public async ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        await _transport.ConnectAsync(cancellationToken).ConfigureAwait(false);
        BuildAuthenticate();
        ApplyAuthenticateReply(await SendAndReceiveAsync(cancellationToken).ConfigureAwait(false));
        BuildConnect();
        ApplyConnectReply(await SendAndReceiveAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Sends the request built since <see cref="BeginRequest"/> and returns the parsed reply.</summary>
#if NET6_0_OR_GREATER
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    public async ValueTask<ParsedMessage> RoundTripAsync(CancellationToken cancellationToken)
    {
        await WaitForPrefetchAsync().ConfigureAwait(false);
        EnterBusy();
        try
        {
            return await SendAndReceiveAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ExitBusy();
        }
    }

    private ValueTask<ParsedMessage> SendAndReceiveAsync(CancellationToken cancellationToken) =>
        SendAndReceiveAsync(_builder, _request, _reply, _inflated, _parsed, flushReleases: true, cancellationToken);

#if NET6_0_OR_GREATER
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    private async ValueTask<ParsedMessage> SendAndReceiveAsync(MessageBuilder builder, PacketWriter request, MessageBuffer replyBuffer,
        MessageBuffer inflated, ParsedMessage parsed, bool flushReleases, CancellationToken cancellationToken)
    {
        // a token cancelled before anything is written stops here: nothing went out, so the connection stays in
        // step and usable (a send cancelled halfway would leave a partial message and break it)
        cancellationToken.ThrowIfCancellationRequested();
        if (flushReleases && PendingReleaseCount > 0)
        {
            await FlushReleasesAsync(cancellationToken).ConfigureAwait(false);
        }
        var outgoing = PrepareSend(builder, request);
        var commandTimeout = CommandTimeout;
        var timeout = RentTimeout(commandTimeout, cancellationToken, out var link);
        var token = timeout?.Token ?? cancellationToken;
        try
        {
            await _transport.SendAsync(outgoing.Buffer, outgoing.Length, token).ConfigureAwait(false);
            var cancelled = false;
            try
            {
                await _transport.ReceiveAsync(replyBuffer, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // cancel on the server, then drain the reply so the connection stays in step
                cancelled = true;
                await CancelOnServerAsync().ConfigureAwait(false);
                using var grace = new CancellationTokenSource(_settings.CancelGracePeriod);
                try
                {
                    await _transport.ReceiveAsync(replyBuffer, grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException exception)
                {
                    throw _transport.Break("The server did not answer the cancel in time", exception);
                }
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
    /// DbCommand.Cancel / DbBatch.Cancel from another thread: cancels the statement running on this session, if any,
    /// without blocking (the side connection's request goes out in the background). A reader's background
    /// prefetch of its next page is left alone: it is bounded by FetchSize and no statement of the caller, and a
    /// cancel sent now would reach the server after that page and strike the caller's next statement (Dapper calls
    /// Cancel before disposing every reader it leaves unfinished).
    /// </summary>
    public void CancelRunningStatement()
    {
        if (IsBusy && !IsPrefetching)
        {
            _ = Task.Run(async () => await CancelOnServerAsync().ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Asks the server to cancel this session's statement over a side connection (best effort; safe from another
    /// thread: it touches nothing of this session but its settings and connection id).
    /// </summary>
    public async ValueTask CancelOnServerAsync()
    {
        try
        {
            using var side = CreateSideConnection();
            using var limit = new CancellationTokenSource(_settings.CancelGracePeriod);
            await side.OpenAsync(limit.Token).ConfigureAwait(false);
            await StatementRunner.ExecuteDirectAsync(side, CancelStatement, autoCommit: true, fetchSize: 1, limit.Token).ConfigureAwait(false);
            await side.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HanaException or OperationCanceledException)
        {
            // the grace period decides: a reply still arrives, or the connection is given up
        }
    }

    private async ValueTask FlushReleasesAsync(CancellationToken cancellationToken)
    {
        while (TryDequeueRelease(out var release))
        {
            var outgoing = BuildRelease(release);
            await _transport.SendAsync(outgoing.Buffer, outgoing.Length, cancellationToken).ConfigureAwait(false);
            await _transport.ReceiveAsync(_reply, cancellationToken).ConfigureAwait(false);
            TryProcessReleaseReply();
        }
    }

    /// <summary>Sends DISCONNECT (best effort) and closes; used when the last reference goes.</summary>
    public async ValueTask CloseAsync()
    {
        if (Volatile.Read(ref _references) <= 0)
        {
            return;
        }
        await WaitForPrefetchAsync().ConfigureAwait(false);
        try
        {
            if (IsOpen && Interlocked.Exchange(ref _busy, 1) == 0)
            {
                BuildDisconnect();
                var outgoing = PrepareSend(_builder, _request);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _transport.SendAsync(outgoing.Buffer, outgoing.Length, timeout.Token).ConfigureAwait(false);
                await _transport.ReceiveAsync(_reply, timeout.Token).ConfigureAwait(false);
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
#endif

    /// <summary>HANA's "current operation cancelled by request".</summary>
    private const int CancelledCode = 139;

    private string CancelStatement => $"ALTER SYSTEM CANCEL SESSION '{ConnectionId}'";

    /// <summary>A connection to the same endpoint with the same credentials, for the cancel request.</summary>
    private ConnectionCore CreateSideConnection() => new(_settings, _host, _port);

    private static HanaException CommandTimeoutExpired(TimeSpan timeout, HanaException cancelled) =>
        new($"Command Timeout of {timeout.TotalSeconds:0.###} s expired; the statement was cancelled on the server and the connection remains usable.",
            cancelled.Code, cancelled.SqlState, cancelled.Position, cancelled.Level, cancelled);

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
