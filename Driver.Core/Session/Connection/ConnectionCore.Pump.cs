using System.Runtime.CompilerServices;
using Driver.Core.Api;
using Driver.Core.Protocol;
using Driver.Pooling;
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
    public TResult Run<TResult>(Workflow<TResult> workflow) => Drive(this, workflow);

    /// <summary>Runs a workflow whose steps open the sessions they need (endpoint failover, pooled sessions).</summary>
    public static TResult RunAcrossSessions<TResult>(SessionsWorkflow<TResult> workflow) => Drive(null, workflow);

    private static TResult Drive<TResult>(ConnectionCore? session, Workflow<TResult> workflow)
    {
        // a statement retry (Workflow.RetryAfter) starts the run over on the session it opened; bounded by its decider
        while (true)
        {
            try
            {
                if (session is not null && workflow.SingleRequest(session) is { } single)
                {
                    workflow.Reply = session.RoundTripSync(single, workflow.Timeout);
                    workflow.SingleReplied(session);
                }
                else
                {
                    // a SessionsWorkflow ignores the session it is given: its steps name their own
                    foreach (var step in workflow.Steps(session!))
                    {
                        workflow.StepFailure = null;
                        try
                        {
                            Do(session, workflow, step);
                        }
                        catch (Exception exception) when (step.MayFail)
                        {
                            workflow.StepFailure = exception;
                        }
                    }
                }
            }
            catch (Exception exception)
            {
                if (session is not null && workflow.AfterFailure(session, exception) is { } cleanup)
                {
                    try
                    {
                        session.RoundTripSync(cleanup, workflow.Timeout);
                    }
                    catch (HanaException)
                    {
                        // the original failure is what the caller needs to see
                    }
                }
                if (session is not null && workflow.RetryAfter(session, exception) is { } reopen && Reopen(reopen) is { } next)
                {
                    session = next;
                    workflow.Retrying(next);
                    continue;
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
    }

    /// <summary>The retry's new session, or null when it could not be opened (the statement's own failure then stands).</summary>
    private static ConnectionCore? Reopen(SessionsWorkflow<ConnectionCore> reopen)
    {
        try
        {
            return Drive(null, reopen);
        }
        catch (Exception exception) when (exception is HanaException or PoolExhaustedException or OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }
    }

    private static void Do(ConnectionCore? session, Workflow workflow, Step step)
    {
        if (step.Request is { } request)
        {
            workflow.Reply = session!.RoundTripSync(request, workflow.Timeout);
        }
        else if (step.Fill is { } source)
        {
            source.FillSync();
        }
        else if (step.FlushReleases)
        {
            session!.FlushPendingReleasesSync(workflow.Timeout);
        }
        else if (step.Opens is { } opening)
        {
            opening.OpenSync(step.SetSchema);
        }
        else if (step.Closes is { } closing)
        {
            closing.CloseSync();
        }
        else if (step.Runs is { } inner)
        {
            step.On!.Run(inner);
        }
    }

    /// <summary>Runs <paramref name="workflow"/> with every round trip of it within <paramref name="limit"/> (a hard deadline: the connection breaks when it passes).</summary>
    public TResult RunWithin<TResult>(Workflow<TResult> workflow, TimeSpan limit, string reason)
    {
        using var scope = EnterHardDeadline(limit, reason);
        return Run(workflow);
    }

    /// <summary>Sends the queued CLOSERESULTSET / DROPSTATEMENTID / ROLLBACK requests now.</summary>
    private void FlushPendingReleasesSync(TimeSpan timeout)
    {
        DrainAheadSync();
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

    public ValueTask<TResult> RunAsync<TResult>(Workflow<TResult> workflow, CancellationToken cancellationToken) => DriveAsync(this, workflow, cancellationToken);

    /// <summary>Driver.Async never blocks: see <see cref="Run"/>.</summary>
    public static TResult RunAcrossSessions<TResult>(SessionsWorkflow<TResult> workflow, [CallerMemberName] string member = "") =>
        throw AsyncOnly.Member(member, member + "Async");

    /// <summary>Runs a workflow whose steps open the sessions they need (endpoint failover, pooled sessions).</summary>
    public static ValueTask<TResult> RunAcrossSessionsAsync<TResult>(SessionsWorkflow<TResult> workflow, CancellationToken cancellationToken) =>
        DriveAsync(null, workflow, cancellationToken);

#if NET6_0_OR_GREATER
    // pooled: the box of a workflow that completes asynchronously is reused, not allocated per execution
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    private static async ValueTask<TResult> DriveAsync<TResult>(ConnectionCore? session, Workflow<TResult> workflow, CancellationToken cancellationToken)
    {
        // a statement retry (Workflow.RetryAfter) starts the run over on the session it opened; bounded by its decider
        while (true)
        {
            try
            {
                if (session is not null && workflow.SingleRequest(session) is { } single)
                {
                    workflow.Reply = await session.RoundTripAsync(single, workflow.Timeout, cancellationToken).ConfigureAwait(false);
                    workflow.SingleReplied(session);
                }
                else
                {
                    // a SessionsWorkflow ignores the session it is given: its steps name their own
                    foreach (var step in workflow.Steps(session!))
                    {
                        workflow.StepFailure = null;
                        try
                        {
                            await DoAsync(session, workflow, step, cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception exception) when (step.MayFail)
                        {
                            workflow.StepFailure = exception;
                        }
                    }
                }
            }
            catch (Exception exception)
            {
                if (session is not null && workflow.AfterFailure(session, exception) is { } cleanup)
                {
                    try
                    {
                        // not the caller's token: a cancelled workflow must still be cleaned up
                        await session.RoundTripAsync(cleanup, workflow.Timeout, CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (HanaException)
                    {
                        // the original failure is what the caller needs to see
                    }
                }
                if (session is not null && !cancellationToken.IsCancellationRequested && workflow.RetryAfter(session, exception) is { } reopen
                    && await ReopenAsync(reopen, cancellationToken).ConfigureAwait(false) is { } next)
                {
                    session = next;
                    workflow.Retrying(next);
                    continue;
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
    }

    /// <summary>The retry's new session, or null when it could not be opened (the statement's own failure then stands).</summary>
    private static async ValueTask<ConnectionCore?> ReopenAsync(SessionsWorkflow<ConnectionCore> reopen, CancellationToken cancellationToken)
    {
        try
        {
            return await DriveAsync(null, reopen, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HanaException or PoolExhaustedException or OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }
    }

    private static async ValueTask DoAsync(ConnectionCore? session, Workflow workflow, Step step, CancellationToken cancellationToken)
    {
        if (step.Request is { } request)
        {
            workflow.Reply = await session!.RoundTripAsync(request, workflow.Timeout, cancellationToken).ConfigureAwait(false);
        }
        else if (step.Fill is { } source)
        {
            await source.FillAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (step.FlushReleases)
        {
            await session!.FlushPendingReleasesAsync(workflow.Timeout, cancellationToken).ConfigureAwait(false);
        }
        else if (step.Opens is { } opening)
        {
            await opening.OpenAsync(cancellationToken, step.SetSchema).ConfigureAwait(false);
        }
        else if (step.Closes is { } closing)
        {
            await closing.CloseAsync().ConfigureAwait(false);
        }
        else if (step.Runs is { } inner)
        {
            await step.On!.RunAsync(inner, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="workflow"/> with every round trip of it within <paramref name="limit"/> (a hard deadline: the connection breaks when it passes).</summary>
    public async ValueTask<TResult> RunWithinAsync<TResult>(Workflow<TResult> workflow, TimeSpan limit, string reason, CancellationToken cancellationToken)
    {
        using var scope = EnterHardDeadline(limit, reason, cancellationToken);
        return await RunAsync(workflow, scope.Token).ConfigureAwait(false);
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
