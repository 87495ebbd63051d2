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
        _transport.ApplySyncTimeout(_settings.CommandTimeout);
        _transport.SendSync(outgoing.Buffer, outgoing.Length);
        _transport.ReceiveSync(_reply);
        try
        {
            return ProcessReply();
        }
        finally
        {
            AfterRoundTrip();
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
    public async ValueTask<ParsedMessage> RoundTripAsync(CancellationToken cancellationToken)
    {
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

    private async ValueTask<ParsedMessage> SendAndReceiveAsync(CancellationToken cancellationToken)
    {
        if (PendingReleaseCount > 0)
        {
            await FlushReleasesAsync(cancellationToken).ConfigureAwait(false);
        }
        var outgoing = PrepareSend(_builder, _request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_settings.CommandTimeout > TimeSpan.Zero)
        {
            timeout.CancelAfter(_settings.CommandTimeout);
        }
        await _transport.SendAsync(outgoing.Buffer, outgoing.Length, timeout.Token).ConfigureAwait(false);
        await _transport.ReceiveAsync(_reply, timeout.Token).ConfigureAwait(false);
        try
        {
            return ProcessReply();
        }
        finally
        {
            AfterRoundTrip();
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
