using Driver.Core.Protocol;

namespace Driver.Core.Session;

/// <summary>
/// A multi-round-trip workflow written once, flavor-free: <see cref="Steps"/> is a sequence that says "send this,
/// then decide from the reply" (an iterator: the reply to the request just yielded is <see cref="Reply"/> when it
/// resumes). One short pump per flavor drives it (ConnectionCore.Run / RunAsync in ConnectionCore.Pump.cs); no
/// workflow touches the transport or knows which flavor runs it. A workflow may run another inside it
/// (<see cref="Include"/>); a failure then reaches the inner one's hooks first.
/// </summary>
internal abstract class Workflow
{
    private Workflow? _included;

    protected Workflow(TimeSpan timeout)
    {
        Timeout = timeout;
    }

    /// <summary>The Command Timeout of each round trip (0: none; a hard deadline running takes precedence).</summary>
    public TimeSpan Timeout { get; protected set; }

    /// <summary>The reply to the request the sequence yielded last.</summary>
    public ParsedMessage Reply { get; internal set; } = null!;

    /// <summary>How the step just yielded failed, when it was one that <see cref="Step.MayFail"/>; null when it succeeded.</summary>
    public Exception? StepFailure { get; internal set; }

    public abstract IEnumerable<Step> Steps(ConnectionCore connection);

    /// <summary>
    /// The hot path's shortcut: a workflow that this time needs exactly one request (a point select on a prepared
    /// statement, EXECUTEDIRECT, one page) returns it here, and the pump sends it and calls
    /// <see cref="SingleReplied"/> instead of running <see cref="Steps"/>: no iterator is allocated. Null: run the steps.
    /// </summary>
    public virtual Request? SingleRequest(ConnectionCore connection) => null;

    /// <summary>Reads <see cref="Reply"/>, the reply to <see cref="SingleRequest"/>'s request.</summary>
    public virtual void SingleReplied(ConnectionCore connection)
    {
    }

    /// <summary>Runs <paramref name="inner"/>'s steps as part of this workflow's (a workflow within a workflow).</summary>
    protected IEnumerable<Step> Include(Workflow inner, ConnectionCore connection)
    {
        _included = inner;
        inner.Timeout = Timeout;
        foreach (var step in inner.Steps(connection))
        {
            yield return step;
            inner.Reply = Reply;
            inner.StepFailure = StepFailure;
        }
        // left set when the inner one fails: its hooks then run
        _included = null;
        inner.Succeeded();
    }

    /// <summary>
    /// After a failure: a request to send before the exception goes to the caller (a ROLLBACK after a failed
    /// upload), best effort, or null.
    /// </summary>
    public virtual Request? AfterFailure(ConnectionCore connection, Exception exception) => _included?.AfterFailure(connection, exception);

    /// <summary>Sees every failure (telemetry, cleanup) and returns the exception the caller gets (usually the same).</summary>
    public virtual Exception Failed(Exception exception) => _included?.Failed(exception) ?? exception;

    /// <summary>The sequence ended without an exception.</summary>
    public virtual void Succeeded()
    {
    }

    /// <summary>
    /// After a failure on <paramref name="session"/> (before <see cref="Failed"/>): a workflow that opens the session the
    /// run is repeated on (a statement retry, docs/scale-out.md, "Statement retries"), or null: the failure stands.
    /// The pump runs it; when it opens a session, <see cref="Retrying"/> rebinds this workflow and the run starts over.
    /// </summary>
    public virtual SessionsWorkflow<ConnectionCore>? RetryAfter(ConnectionCore session, Exception exception) => null;

    /// <summary>The run starts over on <paramref name="session"/> (see <see cref="RetryAfter"/>).</summary>
    public virtual void Retrying(ConnectionCore session)
    {
    }
}
