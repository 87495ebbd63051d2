namespace Driver.Core.Session;

/// <summary>
/// A workflow that is not bound to one session: its steps open the sessions they need (<see cref="Step.Open"/>), for
/// endpoint failover and pooled sessions. Run by <c>ConnectionCore.RunAcrossSessions</c> / <c>RunAcrossSessionsAsync</c>
/// (ConnectionCore.Pump.cs), the same pump as a single session's workflow; it sends no request itself.
/// </summary>
internal abstract class SessionsWorkflow<TResult> : Workflow<TResult>
{
    protected SessionsWorkflow()
        : base(TimeSpan.Zero)
    {
    }

    public sealed override IEnumerable<Step> Steps(ConnectionCore connection) => Steps();

    protected abstract IEnumerable<Step> Steps();
}
