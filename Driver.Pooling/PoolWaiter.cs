namespace Driver.Pooling;

/// <summary>
/// A caller queued for a session. Sync and async waiters share one FIFO queue; a sync waiter blocks on an event,
/// an async one awaits a task, so neither kind blocks on the other's primitive.
/// The state moves once, from Waiting to Granted (by the pool) or Canceled (by the waiter on timeout or
/// cancellation) or Disposed (the pool closed); a compare-exchange decides who wins.
/// </summary>
internal sealed class PoolWaiter<TSession>
    where TSession : class, IPooledSession
{
    public const int Waiting = 0;
    public const int Granted = 1;
    public const int Canceled = 2;
    public const int PoolDisposed = 3;

    private int _state;

    public PoolWaiter(bool isAsync)
    {
        if (isAsync)
        {
            // continuations must not run inside the pool's lock, where the grant happens
            Completion = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        else
        {
            Signal = new ManualResetEventSlim(false);
        }
        Node = new LinkedListNode<PoolWaiter<TSession>>(this);
    }

    public LinkedListNode<PoolWaiter<TSession>> Node { get; }
    public ManualResetEventSlim? Signal { get; }
    public TaskCompletionSource<bool>? Completion { get; }
    public int State => Volatile.Read(ref _state);

    /// <summary>
    /// An idle session handed over, or null: permission to open a new one (a slot came free).
    /// Written before the state moves to Granted, so a waiter that loses the race to cancel sees it.
    /// </summary>
    public PoolEntry<TSession>? Entry { get; private set; }

    public long EnqueuedAt { get; set; }

    public bool TryGrant(PoolEntry<TSession>? entry)
    {
        Entry = entry;
        if (Interlocked.CompareExchange(ref _state, Granted, Waiting) != Waiting)
        {
            Entry = null;
            return false;
        }
        Wake(true);
        return true;
    }

    public bool TryCancel()
    {
        if (Interlocked.CompareExchange(ref _state, Canceled, Waiting) != Waiting)
        {
            return false;
        }
        Wake(false);
        return true;
    }

    public bool TryFailDisposed()
    {
        if (Interlocked.CompareExchange(ref _state, PoolDisposed, Waiting) != Waiting)
        {
            return false;
        }
        Wake(false);
        return true;
    }

    private void Wake(bool granted)
    {
        Signal?.Set();
        Completion?.TrySetResult(granted);
    }
}
