using Driver.Core.Api;
using Driver.Pooling;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

/// <summary>
/// Opens and resets pooled sessions for one connection string. The reset a returned session gets: an open
/// transaction is rolled back (§9.4), the releases queued by disposed statements and cursors go out, and the
/// schema is set back (SET SCHEMA to the connection string's CurrentSchema, else the user's own schema) when a
/// DDL reply showed it may have changed; the isolation level is set back to READ COMMITTED when a transaction changed
/// it, and the client info (CLIENTINFO, §6.8) a renter set goes back to the connection string's values (sent with the
/// next statement, no round trip of its own). A session that still has live statements or
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

    /// <summary>The Server endpoints, then the nodes the data source's topology lists (docs/scale-out.md, "Pooled sessions").</summary>
    public IEnumerable<string> Endpoints => HostOrder.Candidates(_settings.Endpoints, _settings.Topology?.Current ?? HanaTopology.Empty).Select(node => EndpointName(node.Host, node.Port));

    public ConnectionSettings Settings => _settings;

    /// <summary>
    /// The pool's order for a new session when the data source has a host-selection policy (SessionPoolOptions.EndpointOrder):
    /// the policy's order over the Server endpoints and the topology's nodes (HostOrder); the pool keeps the names it has.
    /// </summary>
    public IReadOnlyList<string> Order(IReadOnlyList<string> up) =>
        HostOrder.Ordered(_settings.HostSelection!, _settings.Endpoints, _settings.Topology?.Current ?? HanaTopology.Empty).Select(e => EndpointName(e.Host, e.Port)).ToList();

    private (string Host, int Port) EndpointOf(string endpoint)
    {
        foreach (var node in HostOrder.Candidates(_settings.Endpoints, _settings.Topology?.Current ?? HanaTopology.Empty))
        {
            if (string.Equals(EndpointName(node.Host, node.Port), endpoint, StringComparison.OrdinalIgnoreCase))
            {
                return (node.Host, node.Port);
            }
        }
        throw new ArgumentException($"{endpoint} is not an endpoint of this connection string or a node of its topology.", nameof(endpoint));
    }

    private const string ResetIsolationSql = "SET TRANSACTION ISOLATION LEVEL " + ConnectionCore.DefaultIsolationLevel;

    /// <summary>§ SET SCHEMA takes an identifier: quoted, with embedded quotes doubled.</summary>
    public static string SetSchemaSql(string schema) => "SET SCHEMA " + SqlIdentifier.Quote(schema);

    private string ResetSchema => _settings.CurrentSchema is { Length: > 0 } schema ? schema : _settings.UserName;

    private string ResetTimeoutReason => $"The pool's reset (bounded by the Connect Timeout of {_settings.ConnectTimeout.TotalSeconds:0.###} s)";

    /// <summary>Only a session nothing else refers to any more can be reset and shared.</summary>
    private static bool CanReset(PooledSession session) => !session.Core.IsBroken && session.Core.ReferenceCount == 1 && !session.Core.IsBusy;

    /// <summary>
    /// False: the session cannot be shared; true: nothing to send, reset done here (the usual return); null: the
    /// reset's round trips are needed (the Reset workflow).
    /// </summary>
    private bool? QuickReset(PooledSession session) =>
        !CanReset(session) ? false
        : Reset.NothingToSend(this, session) ? !session.Core.IsBroken
        : null;

    private static bool NeedsRollback(PooledSession session) => session.NeedsRollback || session.Core.TransactionWritten;

    // the pool chose the node (by the host-selection policy when there is one): the open goes there, and its retry
    // policy may try it again (RetrySameNode); RetryNextNode hands back to the pool, which tries its next endpoint
    private SessionOpening Opening(string endpoint) => new(_settings, [EndpointOf(endpoint)], ordered: true);

    PooledSession ISessionFactory<PooledSession>.CreateSync(string endpoint, CancellationToken cancellationToken)
    {
        AsyncOnly.Refuse("CreateSync", "CreateAsync");
        return new PooledSession(ConnectionCore.RunAcrossSessions(Opening(endpoint)));
    }

    bool ISessionFactory<PooledSession>.TryResetSync(PooledSession session)
    {
        AsyncOnly.Refuse("TryResetSync", "TryResetAsync");
        if (QuickReset(session) is { } done)
        {
            return done;
        }
        // the reset is connection management: bounded by the Connect Timeout, and a stalled reply ends the session
        using var deadline = session.Core.EnterHardDeadline(_settings.ConnectTimeout, ResetTimeoutReason);
        return session.Core.Run(new Reset(this, session));
    }

#if SYNC
    // the pool's own maintenance (refilling to Min Pool Size) runs on a timer and asks for the async pair: the
    // blocking open runs on a thread of its own, so it cannot starve the thread pool
    ValueTask<PooledSession> ISessionFactory<PooledSession>.CreateAsync(string endpoint, CancellationToken cancellationToken) =>
        new(Task.Factory.StartNew(() => ((ISessionFactory<PooledSession>)this).CreateSync(endpoint, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default));

    ValueTask<bool> ISessionFactory<PooledSession>.TryResetAsync(PooledSession session, CancellationToken cancellationToken) =>
        new(((ISessionFactory<PooledSession>)this).TryResetSync(session));
#else
    async ValueTask<PooledSession> ISessionFactory<PooledSession>.CreateAsync(string endpoint, CancellationToken cancellationToken) =>
        new(await ConnectionCore.RunAcrossSessionsAsync(Opening(endpoint), cancellationToken).ConfigureAwait(false));

    async ValueTask<bool> ISessionFactory<PooledSession>.TryResetAsync(PooledSession session, CancellationToken cancellationToken)
    {
        if (QuickReset(session) is { } done)
        {
            return done;
        }
        return await session.Core.RunWithinAsync(new Reset(this, session), _settings.ConnectTimeout, ResetTimeoutReason, cancellationToken).ConfigureAwait(false);
    }
#endif

    /// <summary>The reset, written once: ROLLBACK or the queued releases, then schema and isolation level back.</summary>
    private sealed class Reset : Workflow<bool>
    {
        private readonly PooledSessionFactory _factory;
        private readonly PooledSession _session;

        public Reset(PooledSessionFactory factory, PooledSession session)
            : base(TimeSpan.Zero)
        {
            _factory = factory;
            _session = session;
        }

        /// <summary>
        /// The usual return (no transaction, nothing queued, schema, isolation level and client info as they were):
        /// finished here, with no workflow, deadline or round trip.
        /// </summary>
        public static bool NothingToSend(PooledSessionFactory factory, PooledSession session)
        {
            var connection = session.Core;
            if (NeedsRollback(session) || connection.PendingReleaseCount > 0 || connection.SessionStateChanged
                || connection.IsolationLevel != ConnectionCore.DefaultIsolationLevel)
            {
                return false;
            }
            connection.ResetClientInfo(factory._settings.ClientInfo);
            session.IdleSince = PooledSession.Now;
            return true;
        }

        public override IEnumerable<Step> Steps(ConnectionCore connection)
        {
            if (NeedsRollback(_session))
            {
                // the queued releases go out first, then the ROLLBACK (§9.4)
                yield return Step.Send(connection.NewRequest(Protocol.MessageType.Rollback));
            }
            else if (connection.PendingReleaseCount > 0)
            {
                yield return Step.Flush;
            }
            if (connection.SessionStateChanged)
            {
                foreach (var step in Statement(connection, SetSchemaSql(_factory.ResetSchema)))
                {
                    yield return step;
                }
                connection.SessionStateChanged = false;
            }
            if (connection.IsolationLevel != ConnectionCore.DefaultIsolationLevel)
            {
                foreach (var step in Statement(connection, ResetIsolationSql))
                {
                    yield return step;
                }
                connection.IsolationLevel = ConnectionCore.DefaultIsolationLevel;
            }
            if (connection.PendingReleaseCount > 0)
            {
                // the schema's SET SCHEMA (a DDL reply) emptied the statement cache: its drops go now, not with the next renter's request
                yield return Step.Flush;
            }
            connection.ResetClientInfo(_factory._settings.ClientInfo);
            _session.NeedsRollback = false;
            _session.IdleSince = PooledSession.Now;
            Result = !connection.IsBroken;
        }

        private IEnumerable<Step> Statement(ConnectionCore connection, string sql)
        {
            var statement = new DirectExecution(sql, autoCommit: true, _factory._settings.FetchSize, TimeSpan.Zero);
            foreach (var step in Include(statement, connection))
            {
                yield return step;
            }
            statement.Result.ResultSet?.Dispose();
        }
    }
}
