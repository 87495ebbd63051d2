using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Driver.Pooling;

// Opening sessions and the endpoints they go to: the round-robin rotation, an endpoint that failed left out for the
// retry delay, topology updates (SetEndpoints) and reports from outside (ReportEndpointDown / Up).
public sealed partial class SessionPool<TSession>
    where TSession : class, IPooledSession
{
    // ------------------------------------------------------------------ opening sessions

    /// <summary>Opens a session in a slot the caller holds; on failure the slot is released and the error thrown.</summary>
    private PoolEntry<TSession> OpenSync(CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (var endpoint in CandidateEndpoints())
        {
            var endpointGeneration = Volatile.Read(ref endpoint.Generation);
            var poolGeneration = Volatile.Read(ref _generation);
            var started = Stopwatch.GetTimestamp();
            TSession session;
            try
            {
                session = _factory.CreateSync(endpoint.Name, cancellationToken);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                last = ex;
                EndpointFailed(endpoint);
                continue;
            }
            catch
            {
                ReleaseSlot();
                throw;
            }
            return Register(session, endpoint, endpointGeneration, poolGeneration, started);
        }
        ReleaseSlot();
        ExceptionDispatchInfo.Capture(last!).Throw();
        throw last!;
    }

    /// <inheritdoc cref="OpenSync"/>
    private async ValueTask<PoolEntry<TSession>> OpenAsync(CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (var endpoint in CandidateEndpoints())
        {
            var endpointGeneration = Volatile.Read(ref endpoint.Generation);
            var poolGeneration = Volatile.Read(ref _generation);
            var started = Stopwatch.GetTimestamp();
            TSession session;
            try
            {
                session = await _factory.CreateAsync(endpoint.Name, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                last = ex;
                EndpointFailed(endpoint);
                continue;
            }
            catch
            {
                ReleaseSlot();
                throw;
            }
            return Register(session, endpoint, endpointGeneration, poolGeneration, started);
        }
        ReleaseSlot();
        ExceptionDispatchInfo.Capture(last!).Throw();
        throw last!;
    }

    /// <summary>
    /// The endpoints to try for a new session: those up, round-robin from the next in turn (or in the order
    /// <see cref="SessionPoolOptions.EndpointOrder"/> gives them), then those down as a last resort (a single endpoint
    /// is always tried; a recovered one comes back this way).
    /// </summary>
    private EndpointState<TSession>[] CandidateEndpoints()
    {
        EndpointState<TSession>[] result;
        int up;
        lock (_lock)
        {
            var endpoints = _endpoints;
            var now = _clock();
            result = new EndpointState<TSession>[endpoints.Length];
            up = 0;
            var count = 0;
            var start = (int)((uint)_nextEndpoint++ % (uint)endpoints.Length);
            for (var pass = 0; pass < 2; pass++)
            {
                for (var i = 0; i < endpoints.Length; i++)
                {
                    var endpoint = endpoints[(start + i) % endpoints.Length];
                    if (endpoint.IsUp(now) == (pass == 0))
                    {
                        result[count++] = endpoint;
                    }
                }
                if (pass == 0)
                {
                    up = count;
                }
            }
        }
        if (_endpointOrder is { } order && up > 1)
        {
            Reorder(result, up, order);
        }
        return result;
    }

    /// <summary>Puts the first <paramref name="up"/> endpoints in the order the selector returns (outside the lock: it may call user code).</summary>
    private static void Reorder(EndpointState<TSession>[] endpoints, int up, Func<IReadOnlyList<string>, IReadOnlyList<string>> order)
    {
        var names = new string[up];
        for (var i = 0; i < up; i++)
        {
            names[i] = endpoints[i].Name;
        }
        var chosen = order(names) ?? [];
        var ordered = new List<EndpointState<TSession>>(up);
        foreach (var name in chosen)
        {
            for (var i = 0; i < up; i++)
            {
                if (string.Equals(endpoints[i].Name, name, StringComparison.OrdinalIgnoreCase) && !ordered.Contains(endpoints[i]))
                {
                    ordered.Add(endpoints[i]);
                    break;
                }
            }
        }
        for (var i = 0; i < up; i++)
        {
            if (!ordered.Contains(endpoints[i]))
            {
                ordered.Add(endpoints[i]);
            }
        }
        ordered.CopyTo(endpoints, 0);
    }

    private PoolEntry<TSession> Register(TSession session, EndpointState<TSession> endpoint, int endpointGeneration, int poolGeneration, long started)
    {
        lock (_lock)
        {
            var entry = new PoolEntry<TSession>(session, endpoint, endpointGeneration, poolGeneration, _clock());
            entry.Slot = Array.IndexOf(_slots, null);
            _slots[entry.Slot] = entry; // a free slot exists: the caller holds one of the _total reservations
            endpoint.Open++;
            if (endpointGeneration == endpoint.Generation)
            {
                endpoint.DownUntil = long.MinValue; // it answers again
            }
            _created++;
            PoolMetrics.RecordCreated(_name, started);
            return entry;
        }
    }

    // ------------------------------------------------------------------ endpoints

    /// <summary>
    /// Replaces the endpoint list (a topology update). Removed endpoints leave the rotation: their idle sessions
    /// are closed now, their sessions in use finish their work and are closed when they come back.
    /// </summary>
    public void SetEndpoints(IEnumerable<string> endpoints)
    {
        var names = endpoints.Where(e => !string.IsNullOrWhiteSpace(e)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (names.Length == 0)
        {
            throw new ArgumentException("A session pool needs at least one endpoint.", nameof(endpoints));
        }
        var doomed = new List<PoolEntry<TSession>>();
        lock (_lock)
        {
            var current = _endpoints;
            var next = names.Select(n => current.FirstOrDefault(e => string.Equals(e.Name, n, StringComparison.OrdinalIgnoreCase)) ?? new EndpointState<TSession>(n, _maxPoolSize)).ToArray();
            foreach (var endpoint in current.Except(next))
            {
                endpoint.Removed = true;
                Volatile.Write(ref endpoint.Generation, endpoint.Generation + 1);
                DrainIdleLocked(endpoint, doomed);
            }
            Volatile.Write(ref _endpoints, next);
        }
        foreach (var entry in doomed)
        {
            Destroy(entry, keepSlot: false);
        }
    }

    /// <summary>
    /// An endpoint is down (a failover, or a health check outside the pool): its idle sessions are closed, its
    /// sessions in use are closed when they come back, and no new session goes there for the retry delay.
    /// The pool does the same by itself when opening a session on an endpoint fails.
    /// </summary>
    public void ReportEndpointDown(string endpoint)
    {
        if (FindEndpoint(endpoint) is { } state)
        {
            EndpointFailed(state);
        }
    }

    /// <summary>An endpoint is back: it rejoins the rotation now rather than after the retry delay.</summary>
    public void ReportEndpointUp(string endpoint)
    {
        lock (_lock)
        {
            if (FindEndpoint(endpoint) is { } state)
            {
                state.DownUntil = long.MinValue;
            }
        }
    }

    private EndpointState<TSession>? FindEndpoint(string name) =>
        Volatile.Read(ref _endpoints).FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    private void EndpointFailed(EndpointState<TSession> endpoint)
    {
        var doomed = new List<PoolEntry<TSession>>();
        lock (_lock)
        {
            endpoint.DownUntil = _clock() + _endpointRetryDelayMs;
            Volatile.Write(ref endpoint.Generation, endpoint.Generation + 1);
            DrainIdleLocked(endpoint, doomed);
        }
        foreach (var entry in doomed)
        {
            Destroy(entry, keepSlot: false);
        }
    }

    /// <summary>Sessions that exist to one endpoint (idle or in use).</summary>
    public int CountSessions(string endpoint)
    {
        lock (_lock)
        {
            return FindEndpoint(endpoint)?.Open ?? 0;
        }
    }
}
