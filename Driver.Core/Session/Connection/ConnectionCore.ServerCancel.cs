using System.Runtime.ExceptionServices;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

// The cancel on the server, written once (docs/reliability.md): a side connection to the same endpoint signs in,
// sends ALTER SYSTEM CANCEL SESSION for this session's connection id if the request to cancel still runs, and
// disconnects; best effort, within the Cancel Grace Period. DbCommand.Cancel and the round trip's Command Timeout
// run it (ConnectionCore.Cancel.cs, ConnectionCore.Io.cs).
internal sealed partial class ConnectionCore
{
    /// <summary>Runs on the side connection; its result is why the cancel did not go out (for the timeout's message), or an empty string.</summary>
    private sealed class ServerCancel : Workflow<string>
    {
        private readonly ConnectionCore _target;
        private readonly long _requestId;

        public ServerCancel(ConnectionCore target, long requestId)
            : base(TimeSpan.Zero)
        {
            _target = target;
            _requestId = requestId;
        }

        public override IEnumerable<Step> Steps(ConnectionCore side)
        {
            Result = string.Empty;
            yield return Step.Open(side, setSchema: false, mayFail: true);
            if (StepFailure is null && _target.IsRunning(_requestId))
            {
                var cancel = new DirectExecution(_target.CancelStatement, autoCommit: true, fetchSize: 1, TimeSpan.Zero);
                yield return Step.TrySend(cancel.SingleRequest(side)!);
                if (StepFailure is null)
                {
                    cancel.Reply = Reply;
                    cancel.SingleReplied(side);
                }
            }
            if (StepFailure is { } failure)
            {
                if (failure is not (HanaException or OperationCanceledException))
                {
                    ExceptionDispatchInfo.Capture(failure).Throw();
                }
                // the grace period decides: a reply still arrives, or the connection is given up (and says why)
                Result = CancelFailed(failure);
                yield break;
            }
            yield return Step.Close(side);
        }
    }
}
