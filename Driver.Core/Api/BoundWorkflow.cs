using Driver.Core.Session;

namespace Driver.Core.Api;

/// <summary>
/// A workflow a public member made for the connection it checked (a command's execution, a batch, a COMMIT): it
/// knows its <see cref="Core"/>, so the member runs it in one call, <see cref="Run"/> in Driver.Sync or
/// <c>RunAsync</c> in Driver.Async, and the flavored part of the member is its signature alone.
/// </summary>
internal abstract class BoundWorkflow<TResult> : Workflow<TResult>
{
    protected BoundWorkflow(TimeSpan timeout)
        : base(timeout)
    {
    }

    public ConnectionCore Core { get; protected set; } = null!;

    /// <summary>Runs on the blocking pump (Driver.Async's refuses: its members call <see cref="AsyncOnly.Refuse"/> before they get here).</summary>
    public TResult Run() => Core.Run(this);

#if ASYNC
    public ValueTask<TResult> RunAsync(CancellationToken cancellationToken) => Core.RunAsync(this, cancellationToken);
#endif
}
