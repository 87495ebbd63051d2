namespace Driver.Core.Session;

/// <summary>
/// Runs a workflow on another session as one step of the workflow that yields it (<see cref="Step.Read"/>): a
/// statement routed to a secondary session (StatementRouter) is prepared and executed there by its own pump, with
/// that session's timeouts and clean-up, while the routing decision stays in the outer workflow. The flavored part is
/// this pair alone.
/// </summary>
internal sealed class RunOnSession<TResult> : IFillable
{
    private readonly ConnectionCore _session;
    private readonly Workflow<TResult> _workflow;

    public RunOnSession(ConnectionCore session, Workflow<TResult> workflow)
    {
        _session = session;
        _workflow = workflow;
    }

    public TResult Result { get; private set; } = default!;

#if SYNC
    public void FillSync() => Result = _session.Run(_workflow);
#else
    public async ValueTask FillAsync(CancellationToken cancellationToken) => Result = await _session.RunAsync(_workflow, cancellationToken).ConfigureAwait(false);
#endif
}
