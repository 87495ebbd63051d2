namespace Driver.Pooling;

/// <summary>
/// What a driver flavor supplies to the pool: opening a session on an endpoint and resetting one that comes back.
/// Both kinds of method exist so that the pool's synchronous path never blocks on a task and its asynchronous
/// path never blocks a thread; a flavor implements the pair it can do for real and may throw
/// <see cref="NotSupportedException"/> from the other.
/// </summary>
public interface ISessionFactory<TSession>
    where TSession : class, IPooledSession
{
    /// <summary>Opens a session whose handshake and authentication have completed, or throws.</summary>
    TSession CreateSync(string endpoint, CancellationToken cancellationToken);

    /// <summary>Opens a session whose handshake and authentication have completed, or throws.</summary>
    ValueTask<TSession> CreateAsync(string endpoint, CancellationToken cancellationToken);

    /// <summary>
    /// Brings a returned session back to its initial state (open transaction rolled back, statements and cursors
    /// released, schema, client info and isolation level restored). False (or an exception) discards the session.
    /// </summary>
    bool TryResetSync(TSession session);

    /// <inheritdoc cref="TryResetSync"/>
    ValueTask<bool> TryResetAsync(TSession session, CancellationToken cancellationToken);
}
