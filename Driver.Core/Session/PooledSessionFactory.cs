using Driver.Pooling;

namespace Driver.Core.Session;

/// <summary>
/// Opens and resets pooled sessions for one connection string. The reset a returned session gets: an open
/// transaction is rolled back (§9.4), the releases queued by disposed statements and cursors go out, and the
/// schema is set back (SET SCHEMA to the connection string's CurrentSchema, else the user's own schema) when a
/// DDL reply showed it may have changed. Isolation level and client info need nothing: the driver only runs
/// READ COMMITTED (the session default) and sends no CLIENTINFO. A session that still has live statements or
/// result sets (a command or reader not disposed), or whose reset fails, is discarded rather than reused, so
/// nothing of one user's session can leak into the next.
/// </summary>
internal sealed class PooledSessionFactory : ISessionFactory<PooledSession>
{
    private readonly ConnectionSettings _settings;

    public PooledSessionFactory(ConnectionSettings settings)
    {
        _settings = settings;
    }

    public static string EndpointName(string host, int port) => $"{host}:{port}";

    public IEnumerable<string> Endpoints => _settings.Endpoints.Select(e => EndpointName(e.Host, e.Port));

    private ConnectionCore NewCore(string endpoint)
    {
        foreach (var (host, port) in _settings.Endpoints)
        {
            if (string.Equals(EndpointName(host, port), endpoint, StringComparison.OrdinalIgnoreCase))
            {
                return new ConnectionCore(_settings, host, port);
            }
        }
        throw new ArgumentException($"{endpoint} is not an endpoint of this connection string.", nameof(endpoint));
    }

    private const string ResetIsolationSql = "SET TRANSACTION ISOLATION LEVEL " + ConnectionCore.DefaultIsolationLevel;

    /// <summary>§ SET SCHEMA takes an identifier: quoted, with embedded quotes doubled.</summary>
    public static string SetSchemaSql(string schema) => $"SET SCHEMA \"{schema.Replace("\"", "\"\"")}\"";

    private string ResetSchema => _settings.CurrentSchema is { Length: > 0 } schema ? schema : _settings.UserName;

    private string ResetTimeoutReason => $"The pool's reset (bounded by the Connect Timeout of {_settings.ConnectTimeout.TotalSeconds:0.###} s)";

    /// <summary>Only a session nothing else refers to any more can be reset and shared.</summary>
    private static bool CanReset(PooledSession session) => !session.Core.IsBroken && session.Core.ReferenceCount == 1 && !session.Core.IsBusy;

    private static bool NeedsRollback(PooledSession session) => session.NeedsRollback || session.Core.TransactionWritten;

#if SYNC
    public PooledSession CreateSync(string endpoint, CancellationToken cancellationToken)
    {
        var core = NewCore(endpoint);
        try
        {
            core.OpenSync();
            return new PooledSession(core);
        }
        catch
        {
            core.Dispose();
            throw;
        }
    }

    // the pool's own maintenance (refilling to Min Pool Size) runs on a timer and asks for the async pair: the
    // blocking open runs on a thread of its own, so it cannot starve the thread pool
    ValueTask<PooledSession> ISessionFactory<PooledSession>.CreateAsync(string endpoint, CancellationToken cancellationToken) =>
        new(Task.Factory.StartNew(() => CreateSync(endpoint, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default));

    public bool TryResetSync(PooledSession session)
    {
        if (!CanReset(session))
        {
            return false;
        }
        var core = session.Core;
        // the reset is connection management: bounded by the Connect Timeout, and a stalled reply ends the session
        using var deadline = core.EnterHardDeadline(_settings.ConnectTimeout, ResetTimeoutReason);
        if (NeedsRollback(session))
        {
            // the queued releases go out first, then the ROLLBACK (§9.4)
            StatementRunner.RollbackSync(core);
        }
        else if (core.PendingReleaseCount > 0)
        {
            core.FlushPendingReleasesSync();
        }
        if (core.SessionStateChanged)
        {
            StatementRunner.ExecuteDirectSync(core, SetSchemaSql(ResetSchema), autoCommit: true, _settings.FetchSize).ResultSet?.Dispose();
            core.SessionStateChanged = false;
        }
        if (core.IsolationLevel != ConnectionCore.DefaultIsolationLevel)
        {
            StatementRunner.ExecuteDirectSync(core, ResetIsolationSql, autoCommit: true, _settings.FetchSize).ResultSet?.Dispose();
            core.IsolationLevel = ConnectionCore.DefaultIsolationLevel;
        }
        session.NeedsRollback = false;
        return !core.IsBroken;
    }

    ValueTask<bool> ISessionFactory<PooledSession>.TryResetAsync(PooledSession session, CancellationToken cancellationToken) => new(TryResetSync(session));
#endif

#if ASYNC
    PooledSession ISessionFactory<PooledSession>.CreateSync(string endpoint, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Driver.Async opens pooled sessions asynchronously only.");

    public async ValueTask<PooledSession> CreateAsync(string endpoint, CancellationToken cancellationToken)
    {
        var core = NewCore(endpoint);
        try
        {
            await core.OpenAsync(cancellationToken).ConfigureAwait(false);
            return new PooledSession(core);
        }
        catch
        {
            core.Dispose();
            throw;
        }
    }

    bool ISessionFactory<PooledSession>.TryResetSync(PooledSession session) =>
        throw new NotSupportedException("Driver.Async returns pooled sessions asynchronously only.");

    public async ValueTask<bool> TryResetAsync(PooledSession session, CancellationToken cancellationToken)
    {
        if (!CanReset(session))
        {
            return false;
        }
        var core = session.Core;
        // the reset is connection management: bounded by the Connect Timeout, and a stalled reply ends the session
        using var deadline = core.EnterHardDeadline(_settings.ConnectTimeout, ResetTimeoutReason, cancellationToken);
        if (NeedsRollback(session))
        {
            await StatementRunner.RollbackAsync(core, deadline.Token).ConfigureAwait(false);
        }
        else if (core.PendingReleaseCount > 0)
        {
            await core.FlushPendingReleasesAsync(deadline.Token).ConfigureAwait(false);
        }
        if (core.SessionStateChanged)
        {
            var result = await StatementRunner.ExecuteDirectAsync(core, SetSchemaSql(ResetSchema), autoCommit: true, _settings.FetchSize, deadline.Token).ConfigureAwait(false);
            result.ResultSet?.Dispose();
            core.SessionStateChanged = false;
        }
        if (core.IsolationLevel != ConnectionCore.DefaultIsolationLevel)
        {
            var result = await StatementRunner.ExecuteDirectAsync(core, ResetIsolationSql, autoCommit: true, _settings.FetchSize, deadline.Token).ConfigureAwait(false);
            result.ResultSet?.Dispose();
            core.IsolationLevel = ConnectionCore.DefaultIsolationLevel;
        }
        session.NeedsRollback = false;
        return !core.IsBroken;
    }
#endif
}
