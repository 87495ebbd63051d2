using System.Diagnostics;

namespace Driver.Pooling;

/// <summary>
/// The pool's record of one physical session, allocated once when the session is opened and reused for every
/// rental, so renting and returning allocate nothing.
/// </summary>
internal sealed class PoolEntry<TSession>
    where TSession : class, IPooledSession
{
    public PoolEntry(TSession session, EndpointState<TSession> endpoint, int endpointGeneration, int poolGeneration, long createdAt)
    {
        Session = session;
        Endpoint = endpoint;
        EndpointGeneration = endpointGeneration;
        PoolGeneration = poolGeneration;
        CreatedAt = createdAt;
    }

    public TSession Session { get; }
    public EndpointState<TSession> Endpoint { get; }

    /// <summary>The endpoint's generation when the session was opened: a later one means the endpoint went down or away.</summary>
    public int EndpointGeneration { get; }

    /// <summary>The pool's generation when the session was opened: a later one means the pool was cleared.</summary>
    public int PoolGeneration { get; }

    public long CreatedAt { get; }

    /// <summary>Index in the pool's slot table (every live session has one).</summary>
    public int Slot { get; set; } = -1;

    /// <summary>The id of the lease that holds the session; 0 while it is idle. Returning swaps it to 0 once.</summary>
    public int ActiveLease;

    private int _leaseCounter;

    /// <summary>When leak tracking is on: when and where the session was rented last.</summary>
    public long RentedAt { get; set; }
    public StackTrace? RentedFrom { get; set; }

    /// <summary>Called by the renter, who owns the entry at that moment.</summary>
    public int NextLeaseId()
    {
        var id = ++_leaseCounter;
        if (id == 0)
        {
            id = _leaseCounter = 1;
        }
        Volatile.Write(ref ActiveLease, id);
        return id;
    }
}
