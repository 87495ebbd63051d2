using Driver.Core.Session;
using Driver.Core.Telemetry;
using Driver.Pooling;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// Open written once for both flavors: rent from the pool, or open a session over the Server endpoints in order
// (SessionOpening), with its telemetry span; Open and OpenAsync run it on the flavor's pump.
public sealed partial class HanaConnection
{
    /// <param name="disposeOnFailure">A data source's OpenConnection: the caller never sees a connection that did not open.</param>
    internal SessionsWorkflow<bool> BeginOpening(bool disposeOnFailure = false)
    {
        BeginOpen();
        return new Opening(this, disposeOnFailure);
    }

    private sealed class Opening : SessionsWorkflow<bool>
    {
        private readonly HanaConnection _connection;
        private readonly DbOperation? _operation;
        private readonly bool _disposeOnFailure;
        // read where Open was called: with TransactionScopeAsyncFlowOption.Enabled it flows into OpenAsync
        private readonly System.Transactions.Transaction? _ambient;

        public Opening(HanaConnection connection, bool disposeOnFailure)
        {
            _connection = connection;
            _disposeOnFailure = disposeOnFailure;
            _ambient = connection.AmbientToJoin();
            _operation = ConnectionTelemetry.StartOpen(connection, connection._builder.Server);
        }

        protected override IEnumerable<Step> Steps()
        {
            // the transaction's own session, closed inside the scope, is taken up again rather than another
            if (_ambient is not null && _connection.TryResumeEnlistment(_ambient))
            {
                Result = true;
                yield break;
            }
            if (_connection._builder.Pooling)
            {
                // a session idle for long is checked first (HanaConnection.Recovery.cs); one that fails it is discarded
                // and the pool asked again, at most 3 times checked
                for (var checkedSessions = 0; ; checkedSessions++)
                {
                    var rent = new PoolRent(_connection.Pool);
                    yield return Step.Read(rent);
                    if (checkedSessions < 3 && LivenessCheckFor(rent.Lease.Session, _connection._builder.ConnectionIdlePingTime) is { } check)
                    {
                        yield return Step.RunOn(rent.Lease.Session.Core, check, mayFail: true);
                        if (StepFailure is not null)
                        {
                            rent.Lease.Dispose();
                            continue;
                        }
                    }
                    _connection.OpenedFromPool(rent.Lease);
                    break;
                }
            }
            else
            {
                var settings = _connection.BuildSettings();
                var opening = new SessionOpening(settings, settings.Endpoints);
                foreach (var step in Include(opening, null!))
                {
                    yield return step;
                }
                _connection.Opened(opening.Result);
            }
            if (_ambient is not null)
            {
                yield return Step.Read(new EnlistmentStart(_connection, _ambient));
            }
            Result = true;
        }

        public override Exception Failed(Exception exception)
        {
            // a session that opened but could not join the transaction is not handed to the caller
            if (_connection._core is not null && !_connection.IsEnlisted)
            {
                _connection.Close();
            }
            ConnectionTelemetry.OpenFailed(_operation, _connection, _connection._builder.Server, exception);
            if (_disposeOnFailure)
            {
                _connection.Dispose();
            }
            return base.Failed(exception);
        }

        public override void Succeeded() => ConnectionTelemetry.Opened(_operation, _connection, _connection._core!, _connection._builder.Pooling);
    }

    /// <summary>Waiting for a pooled session (the pool opens one when it may) is I/O: the flavor's pair, run by the pump.</summary>
    private sealed class PoolRent : IFillable
    {
        private readonly SessionPool<PooledSession> _pool;

        public PoolRent(SessionPool<PooledSession> pool)
        {
            _pool = pool;
        }

        public SessionLease<PooledSession> Lease { get; private set; }

#if SYNC
        public void FillSync() => Lease = _pool.Rent();
#else
        public async ValueTask FillAsync(CancellationToken cancellationToken) => Lease = await _pool.RentAsync(cancellationToken).ConfigureAwait(false);
#endif
    }
}
