using Driver.Core.Protocol;

namespace Driver.Core.Session;

/// <summary>
/// A workflow of at most one request (EXECUTEDIRECT, PREPARE, COMMIT / ROLLBACK, a page, a LOB chunk): run alone it
/// takes the pump's one-request shortcut and allocates no iterator; included in another workflow its steps are the
/// same request and reply.
/// </summary>
internal abstract class OneRequestWorkflow<TResult> : Workflow<TResult>
{
    protected OneRequestWorkflow(TimeSpan timeout)
        : base(timeout)
    {
    }

    /// <summary>The request, or null when nothing needs to be sent (the result is then already set).</summary>
    public abstract override Request? SingleRequest(ConnectionCore connection);

    /// <summary>Reads the reply to the request (in <see cref="Workflow.Reply"/>) into the result.</summary>
    public abstract override void SingleReplied(ConnectionCore connection);

    public sealed override IEnumerable<Step> Steps(ConnectionCore connection)
    {
        if (SingleRequest(connection) is { } request)
        {
            yield return Step.Send(request);
            SingleReplied(connection);
        }
    }
}
