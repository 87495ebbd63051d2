using System.Runtime.CompilerServices;
using Driver.Core.Api;
using Driver.Core.Protocol;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

// The pump: one short loop per flavor that drives any workflow (Workflow.cs): it sends each request the workflow
// yields with the round-trip pair, reads the caller's data it asks for, and on failure sends the workflow's
// clean-up request before the exception goes on. Everything a workflow decides is written once, below this.
internal sealed partial class ConnectionCore
{
#if SYNC
    public TResult Run<TResult>(Workflow<TResult> workflow)
    {
        try
        {
            if (workflow.SingleRequest(this) is { } single)
            {
                workflow.Reply = RoundTripSync(single, workflow.Timeout);
                workflow.SingleReplied(this);
            }
            else
            {
                RunSteps(workflow);
            }
        }
        catch (Exception exception)
        {
            if (workflow.AfterFailure(this, exception) is { } cleanup)
            {
                try
                {
                    RoundTripSync(cleanup, workflow.Timeout);
                }
                catch (HanaException)
                {
                    // the original failure is what the caller needs to see
                }
            }
            var thrown = workflow.Failed(exception);
            if (ReferenceEquals(thrown, exception))
            {
                throw;
            }
            throw thrown;
        }
        workflow.Succeeded();
        return workflow.Result;
    }

    private void RunSteps(Workflow workflow)
    {
        foreach (var step in workflow.Steps(this))
        {
            if (step.Request is { } request)
            {
                workflow.Reply = RoundTripSync(request, workflow.Timeout);
            }
            else if (step.Fill is { } source)
            {
                source.FillSync();
            }
            else if (step.FlushReleases)
            {
                FlushPendingReleasesSync(workflow.Timeout);
            }
        }
    }

    /// <summary>Sends the queued CLOSERESULTSET / DROPSTATEMENTID / ROLLBACK requests now.</summary>
    private void FlushPendingReleasesSync(TimeSpan timeout)
    {
        ThrowIfUnusable();
        EnterBusy();
        try
        {
            FlushReleasesSync(timeout);
        }
        finally
        {
            ExitBusy();
        }
    }
#endif

#if ASYNC
    /// <summary>
    /// Driver.Async never blocks. A member written once for both flavors refuses before it touches anything
    /// (AsyncOnly.Refuse, compiled only into this flavor); this guard keeps a path that did not from blocking.
    /// </summary>
    public TResult Run<TResult>(Workflow<TResult> workflow, [CallerMemberName] string member = "") =>
        throw AsyncOnly.Member(member, member + "Async");

#if NET6_0_OR_GREATER
    // pooled: the box of a workflow that completes asynchronously is reused, not allocated per execution
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    public async ValueTask<TResult> RunAsync<TResult>(Workflow<TResult> workflow, CancellationToken cancellationToken)
    {
        try
        {
            if (workflow.SingleRequest(this) is { } single)
            {
                workflow.Reply = await RoundTripAsync(single, workflow.Timeout, cancellationToken).ConfigureAwait(false);
                workflow.SingleReplied(this);
            }
            else
            {
                foreach (var step in workflow.Steps(this))
                {
                    if (step.Request is { } request)
                    {
                        workflow.Reply = await RoundTripAsync(request, workflow.Timeout, cancellationToken).ConfigureAwait(false);
                    }
                    else if (step.Fill is { } source)
                    {
                        await source.FillAsync(cancellationToken).ConfigureAwait(false);
                    }
                    else if (step.FlushReleases)
                    {
                        await FlushPendingReleasesAsync(workflow.Timeout, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (Exception exception)
        {
            if (workflow.AfterFailure(this, exception) is { } cleanup)
            {
                try
                {
                    // not the caller's token: a cancelled workflow must still be cleaned up
                    await RoundTripAsync(cleanup, workflow.Timeout, CancellationToken.None).ConfigureAwait(false);
                }
                catch (HanaException)
                {
                    // the original failure is what the caller needs to see
                }
            }
            var thrown = workflow.Failed(exception);
            if (ReferenceEquals(thrown, exception))
            {
                throw;
            }
            throw thrown;
        }
        workflow.Succeeded();
        return workflow.Result;
    }

    /// <summary>Sends the queued CLOSERESULTSET / DROPSTATEMENTID / ROLLBACK requests now.</summary>
    private async ValueTask FlushPendingReleasesAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await WaitForPrefetchAsync().ConfigureAwait(false);
        ThrowIfUnusable();
        EnterBusy();
        try
        {
            await FlushReleasesAsync(timeout, cancellationToken, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ExitBusy();
        }
    }
#endif
}
