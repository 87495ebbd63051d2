namespace Driver.Core.Session;

/// <summary>What a session is doing; Broken is the transport's, on top of any of these (docs/architecture.md, "Session state").</summary>
internal enum SessionState
{
    /// <summary>Hello, sign-in and schema are under way.</summary>
    Connecting,
    /// <summary>Open, no request on the wire.</summary>
    Idle,
    /// <summary>A request of the caller is on the wire (a cancel then has something to stop).</summary>
    Executing,
    /// <summary>Driver.Async: a reader's background FETCHNEXT owns the wire (no statement of the caller).</summary>
    Prefetching,
    /// <summary>DISCONNECT is under way, or done.</summary>
    Closing,
}

// One state under one lock, with the id of the request running. A cancel names the request it is for: it does
// nothing once that request has ended, and while a cancel is in flight no new request starts, so the server can only
// receive it during that request or while the session is idle (where it strikes nothing): a cancel racing with
// completion never strikes the next statement (the race MySqlConnector closes by holding its session lock, ANCHORS A1).
internal sealed partial class ConnectionCore
{
    private readonly object _stateLock = new();
    private volatile SessionState _state = SessionState.Connecting;
    private long _requestId;
    private int _cancelsInFlight;
    private volatile object? _owner;

    /// <summary>
    /// The command whose requests run on this session from now on (set when a command starts executing; its reader's
    /// fetches stay its own). DbCommand.Cancel cancels only its own command's request.
    /// </summary>
    public object? Owner
    {
        get => _owner;
        set => _owner = value;
    }

    /// <summary>True while a request is on the wire (a cancel then has something to stop).</summary>
    public bool IsBusy => _state is SessionState.Executing or SessionState.Prefetching;

    /// <summary>Marks the start of a request; returns its id. Throws when another one is on the wire.</summary>
    private long EnterBusy(SessionState doing = SessionState.Executing)
    {
        lock (_stateLock)
        {
            if (_state is SessionState.Executing or SessionState.Prefetching)
            {
                throw new InvalidOperationException("Another operation is already in progress on this connection; HANA serves one request at a time per session.");
            }
            if (_state == SessionState.Closing)
            {
                throw new ObjectDisposedException(nameof(ConnectionCore), "The connection is closed.");
            }
            if (_state == SessionState.Connecting)
            {
                // the sign-in workflow's round trips: the session serves callers only once it is open
                return ++_requestId;
            }
            _state = doing;
            return ++_requestId;
        }
    }

    private void ExitBusy()
    {
        lock (_stateLock)
        {
            if (_state is SessionState.Executing or SessionState.Prefetching)
            {
                _state = SessionState.Idle;
            }
        }
    }

    /// <summary>The open is done: the session serves requests from now on.</summary>
    private void Opened()
    {
        lock (_stateLock)
        {
            if (_state == SessionState.Connecting)
            {
                _state = SessionState.Idle;
            }
        }
    }

    /// <summary>Moves to Closing unless a request is on the wire (DISCONNECT never interleaves with one).</summary>
    private bool TryBeginClosing()
    {
        lock (_stateLock)
        {
            if (_state is SessionState.Executing or SessionState.Prefetching or SessionState.Closing)
            {
                return false;
            }
            _state = SessionState.Closing;
            return true;
        }
    }

    /// <summary>
    /// The id of the caller's statement running now, counted as a cancel in flight until <see cref="EndCancel"/>;
    /// 0 when there is none (idle, a background prefetch, closing, or a request of another command than
    /// <paramref name="owner"/>): then there is nothing to cancel.
    /// </summary>
    private long BeginCancel(object? owner)
    {
        lock (_stateLock)
        {
            if (_state != SessionState.Executing || IsBroken || (owner is not null && !ReferenceEquals(owner, _owner)))
            {
                return 0;
            }
            _cancelsInFlight++;
            return _requestId;
        }
    }

    private void EndCancel()
    {
        lock (_stateLock)
        {
            _cancelsInFlight--;
#if SYNC
            Monitor.PulseAll(_stateLock);
#endif
        }
    }

    /// <summary>Whether request <paramref name="requestId"/> is still the one running (a cancel for it still makes sense).</summary>
    private bool IsRunning(long requestId)
    {
        lock (_stateLock)
        {
            // a prefetch counts here: its own timeout or token cancels it (an external Cancel never begins for one)
            return _requestId == requestId && _state is SessionState.Executing or SessionState.Prefetching && !IsBroken;
        }
    }
}
