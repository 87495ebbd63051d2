using Driver.Core.Net;
using Driver.Core.Protocol;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

// What bounds a round trip, and what the message says when that bound is hit (docs/reliability.md, "Timeouts").
// Statements run under the Command Timeout: when it expires the server is asked to cancel, and the reply is
// drained within the Cancel Grace Period, so the connection stays usable. Connection management (opening, the
// pool's reset, the side connection that carries a cancel) runs under a hard deadline instead: nothing to cancel
// on the server, so when it expires the connection is broken and closed.
internal sealed partial class ConnectionCore : ITimeoutReason
{
    private long _hardDeadline;
    // what the sync transport's deadline says if it expires (ITimeoutReason), kept rather than formatted per request
    private TimeSpan _reasonTimeout;
    private MessageType _reasonType;
    private bool _reasonIsRelease;

    /// <summary>The Command Timeout plus the grace bounds the round trip of a <paramref name="type"/> request.</summary>
    private ITimeoutReason GraceReason(TimeSpan timeout, MessageType type)
    {
        _reasonTimeout = timeout;
        _reasonType = type;
        _reasonIsRelease = false;
        return this;
    }

    /// <summary>The release messages that go out before a request are bounded by its Command Timeout.</summary>
    private ITimeoutReason ReleaseReason(TimeSpan commandTimeout)
    {
        _reasonTimeout = commandTimeout;
        _reasonIsRelease = true;
        return this;
    }

    string ITimeoutReason.Describe() => _reasonIsRelease ? ReleaseTimeoutMessage(_reasonTimeout) : GraceMessage(_reasonTimeout, _reasonType);
    private string? _hardDeadlineReason;
    // the caller's token of the hard deadline running: its token ended by the caller is a cancel, otherwise a timeout
    private CancellationToken _hardDeadlineCaller;

    /// <summary>A hard deadline is running (open, reset, cancel side connection).</summary>
    private bool UnderHardDeadline => _hardDeadline != Deadline.None;

    /// <summary>
    /// Runs what follows under a hard deadline of <paramref name="budget"/> (or the one already running, if earlier)
    /// until the scope is disposed. Async: the scope's token ends at the deadline (or with <paramref name="cancellationToken"/>);
    /// pass it to every round trip of the workflow.
    /// </summary>
    public HardDeadlineScope EnterHardDeadline(TimeSpan budget, string reason, CancellationToken cancellationToken = default)
    {
        var deadline = Deadline.After(budget);
        var scope = new HardDeadlineScope(this, _hardDeadline, _hardDeadlineReason, _hardDeadlineCaller, deadline, cancellationToken);
        if (_hardDeadline == Deadline.None || deadline < _hardDeadline)
        {
            _hardDeadline = deadline;
            _hardDeadlineReason = reason;
        }
        _hardDeadlineCaller = cancellationToken;
        return scope;
    }

    private void RestoreHardDeadline(long deadline, string? reason, CancellationToken caller)
    {
        _hardDeadline = deadline;
        _hardDeadlineReason = reason;
        _hardDeadlineCaller = caller;
    }

    /// <summary>The hard deadline's token ended because time ran out, not because the caller cancelled.</summary>
    private bool HardDeadlineExpired => !_hardDeadlineCaller.IsCancellationRequested;

    /// <summary>What the request under way does, for timeout messages (§4.2 message types).</summary>
    private static string Stage(MessageType type) => type switch
    {
        MessageType.Authenticate or MessageType.Connect => "sign-in",
        MessageType.FetchNext => "fetch",
        MessageType.ReadLob or MessageType.WriteLob => "LOB transfer",
        MessageType.CloseResultSet or MessageType.DropStatementId => "release",
        MessageType.Commit => "commit",
        MessageType.Rollback => "rollback",
        MessageType.Disconnect => "disconnect",
        _ => "statement",
    };

    private string HardDeadlineMessage(MessageType type) => $"{_hardDeadlineReason} expired during the {Stage(type)}";

    private string CommandTimeoutMessage(TimeSpan timeout, MessageType type) =>
        $"Command Timeout of {timeout.TotalSeconds:0.###} s expired during the {Stage(type)}";

    private string GraceMessage(TimeSpan timeout, MessageType type) =>
        $"{CommandTimeoutMessage(timeout, type)} and the server did not answer within the Cancel Grace Period of {_settings.CancelGracePeriod.TotalSeconds:0.###} s";

    /// <summary>
    /// Requests that may change data: when the connection breaks after one of them may have reached the server,
    /// nobody can say whether it took effect (docs/reliability.md, "Unknown outcomes").
    /// </summary>
    private static bool MayWrite(MessageType type) =>
        type is MessageType.Execute or MessageType.ExecuteDirect or MessageType.Commit or MessageType.WriteLob;

    /// <summary>The exception a broken round trip throws: for a write that may have reached the server, marked so.</summary>
    private HanaException OutcomeOf(MessageType type, HanaConnectionException broken) =>
        NoteBroken(broken) && MayWrite(type) && !broken.OutcomeUnknown
            ? new HanaConnectionException(
                $"{broken.Message} The {(type == MessageType.Commit ? "COMMIT" : "request")} may have reached the server: whether it took effect is unknown (OutcomeUnknown).",
                broken.InnerException ?? broken, outcomeUnknown: true)
            : broken;

    /// <summary>Ends a <see cref="EnterHardDeadline"/>: the earlier deadline (if any) applies again.</summary>
    internal sealed class HardDeadlineScope : IDisposable
    {
        private readonly ConnectionCore _core;
        private readonly long _previous;
        private readonly string? _previousReason;
        private readonly CancellationToken _previousCaller;
#if ASYNC
        private readonly CancellationTokenSource _source;
#endif

        public HardDeadlineScope(ConnectionCore core, long previous, string? previousReason, CancellationToken previousCaller, long deadline,
            CancellationToken cancellationToken)
        {
            _core = core;
            _previous = previous;
            _previousReason = previousReason;
            _previousCaller = previousCaller;
#if ASYNC
            _source = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : new CancellationTokenSource();
            var effective = Deadline.Earlier(previous, deadline);
            if (effective != Deadline.None)
            {
                _source.CancelAfter(Deadline.Remaining(effective));
            }
#else
            _ = deadline;
            _ = cancellationToken;
#endif
        }

#if ASYNC
        /// <summary>Cancelled at the deadline or with the caller's token.</summary>
        public CancellationToken Token => _source.Token;
#endif

        public void Dispose()
        {
            _core.RestoreHardDeadline(_previous, _previousReason, _previousCaller);
#if ASYNC
            _source.Dispose();
#endif
        }
    }
}
