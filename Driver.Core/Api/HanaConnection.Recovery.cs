using Driver.Core.Session;
using Driver.Pooling;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// Session recovery, written once for both flavors (docs/scale-out.md, "Statement retries" and "Session recovery"): a
// statement retry reopens the connection's session (StatementRetry decides, the pump runs Reopen), and a pooled
// session idle for longer than Connection Idle Ping Time is checked with a round trip before it is handed out.
public sealed partial class HanaConnection
{
    /// <summary>
    /// Whether a statement that broke <paramref name="failed"/> may be repeated on a new session: the connection still
    /// holds that session and runs no transaction (explicit, System.Transactions). Never a silent reconnect inside one:
    /// the server rolled it back with the session.
    /// </summary>
    internal bool MayReconnect(ConnectionCore failed) => ReferenceEquals(_core, failed) && AutoCommit;

    /// <summary>A workflow that replaces the connection's broken session <paramref name="failed"/> by a new one and returns it.</summary>
    internal SessionsWorkflow<ConnectionCore> Reopening(ConnectionCore failed, bool sameNode) => new Reopen(this, failed, sameNode);

    /// <summary>
    /// Pooled: the broken session goes back (the pool discards it) and a session is rented: the pool picks the node
    /// (its policy, the dead node marked down). Not pooled: a new session through the open workflow (SessionOpening),
    /// on the failed node first (RetrySameNode) or last (RetryNextNode), the other candidates in the host-selection
    /// policy's order. The connection stays Open throughout; when no session can be had, it keeps the broken one.
    /// </summary>
    private sealed class Reopen : SessionsWorkflow<ConnectionCore>
    {
        private readonly HanaConnection _connection;
        private readonly ConnectionCore _failed;
        private readonly bool _sameNode;

        public Reopen(HanaConnection connection, ConnectionCore failed, bool sameNode)
        {
            _connection = connection;
            _failed = failed;
            _sameNode = sameNode;
        }

        protected override IEnumerable<Step> Steps()
        {
            var connection = _connection;
            if (connection._builder.Pooling)
            {
                // broken: the pool closes it rather than resetting it (no I/O here)
                var lease = connection._lease;
                connection._lease = default;
                lease.Dispose();
                var rent = new PoolRent(connection.Pool);
                yield return Step.Read(rent);
                connection._lease = rent.Lease;
                connection._core = rent.Lease.Session.Core;
            }
            else
            {
                var settings = _failed.Settings;
                var topology = settings.Topology?.Current ?? HanaTopology.Empty;
                var order = settings.HostSelection is { } policy
                    ? HostOrder.Ordered(policy, settings.Endpoints, topology)
                    : HostOrder.Candidates(settings.Endpoints, topology).Where(node => node.IsUp).Concat(HostOrder.Candidates(settings.Endpoints, topology).Where(node => !node.IsUp))
                        .Select(node => (node.Host, node.Port)).ToList();
                var others = order.Where(e => e.Port != _failed.Port || !string.Equals(e.Host, _failed.Host, StringComparison.OrdinalIgnoreCase)).ToList();
                var endpoints = _sameNode ? [(_failed.Host, _failed.Port), .. others] : others.Count > 0 ? others : [(_failed.Host, _failed.Port)];
                var opening = new SessionOpening(settings, endpoints, ordered: true);
                foreach (var step in Include(opening, null!))
                {
                    yield return step;
                }
                connection._core = opening.Result;
                _failed.CloseWithoutAwaiting();
            }
            Result = connection._core!;
        }
    }

    /// <summary>
    /// The liveness check of a pooled session that sat idle longer than <paramref name="pingAfterSeconds"/> (0: never):
    /// a round trip (SELECT 1 FROM DUMMY WHERE 1=0, §14 of docs/protocol.md), or null when none is due.
    /// </summary>
    private static LivenessCheck? LivenessCheckFor(PooledSession session, int pingAfterSeconds) =>
        pingAfterSeconds > 0 && PooledSession.Now - session.IdleSince >= pingAfterSeconds * 1000L ? new LivenessCheck() : null;

    /// <summary>One cheap round trip; a dead session fails it (and breaks), which sends the rent on to another session.</summary>
    private sealed class LivenessCheck : Workflow<bool>
    {
        public LivenessCheck()
            : base(TimeSpan.Zero)
        {
        }

        public override IEnumerable<Step> Steps(ConnectionCore connection)
        {
            var ping = new DirectExecution("SELECT 1 FROM DUMMY WHERE 1 = 0", autoCommit: true, 1, TimeSpan.Zero);
            foreach (var step in Include(ping, connection))
            {
                yield return step;
            }
            ping.Result.ResultSet?.Dispose();
            Result = true;
        }
    }
}
