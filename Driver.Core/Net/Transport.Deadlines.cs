namespace Driver.Core.Net;

// The sync flavor's bounds on blocking sends and reads: socket timeouts narrowed to what remains of a deadline.
// The async flavor bounds its awaits with the cancellation token each operation takes instead.
internal sealed partial class Transport
{
#if SYNC
    /// <summary>Sets the socket's read/write timeout (the sync flavor's Command Timeout; never Task.Wait).</summary>
    public void ApplySyncTimeout(TimeSpan timeout)
    {
        if (_socket is null)
        {
            return;
        }
        var milliseconds = timeout <= TimeSpan.Zero ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalMilliseconds));
        // every round trip asks for its timeout, almost always the same one: two setsockopt calls saved per request
        if (milliseconds == _appliedTimeout)
        {
            return;
        }
        _socket.ReceiveTimeout = milliseconds;
        _socket.SendTimeout = milliseconds;
        _appliedTimeout = milliseconds;
    }

    private int _appliedTimeout = -1;
    // the deadline for blocking sends and reads (SetDeadline); its reason names what timed out
    private long _deadline;
    private string? _deadlineReason;
    /// <summary>
    /// Bounds every following blocking send and read by one <see cref="Deadline"/> timestamp (0: none): each read
    /// gets at most the time that remains, so a reply that trickles in cannot stretch the wait. An expired deadline
    /// breaks the transport with <paramref name="reason"/> as the message.
    /// </summary>
    public void SetDeadline(long deadline, string? reason)
    {
        _deadline = deadline;
        _deadlineReason = reason;
        _lazyReason = null;
    }

    /// <summary>As <see cref="SetDeadline(long, string?)"/>, the message built by <paramref name="reason"/> only if the deadline expires.</summary>
    public void SetDeadline(long deadline, ITimeoutReason reason)
    {
        _deadline = deadline;
        _deadlineReason = null;
        _lazyReason = reason;
    }

    private ITimeoutReason? _lazyReason;

    public void ClearDeadline() => SetDeadline(0, (string?)null);

    /// <summary>Narrows the socket timeout to what remains of the deadline; setsockopt only when it shrank by 50 ms or more.</summary>
    private void ApplyDeadline()
    {
        if (_deadline == 0)
        {
            return;
        }
        var remaining = Deadline.Remaining(_deadline);
        if (remaining <= TimeSpan.Zero)
        {
            throw new TimeoutException(DeadlineReason);
        }
        var milliseconds = (int)Math.Min(int.MaxValue, Math.Ceiling(remaining.TotalMilliseconds));
        // both ways: a timeout left longer than what remains would overshoot, a shorter one would end a read early
        if (_appliedTimeout <= 0 || Math.Abs(_appliedTimeout - milliseconds) > 50)
        {
            _socket!.ReceiveTimeout = milliseconds;
            _socket.SendTimeout = milliseconds;
            _appliedTimeout = milliseconds;
        }
    }
#endif

#if SYNC
    private string? DeadlineReason => _deadlineReason ?? _lazyReason?.Describe();
#else
    // the async flavor's deadlines are tokens; their TimeoutExceptions carry the reason
    private string? DeadlineReason => null;
#endif
}
