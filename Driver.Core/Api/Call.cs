using Driver.Core.Session;

#if ASYNC
using Driver.Async;
#else
using Driver.Sync;
#endif

namespace Driver.Core.Api;

/// <summary>
/// One blocking-or-awaited call of a public operation made of many (a bulk copy, a DataSet update, an awaited fill):
/// the operation is written once, flavor-free, as a sequence of calls (<see cref="Plan{T}"/>) that reads each call's
/// outcome after yielding it; each flavor only runs the calls (<see cref="RunAll"/>, <c>RunAllAsync</c>). A call
/// that runs a workflow drives the connection's pump, so the rule "a workflow exists once" holds one level up.
/// </summary>
internal abstract class Call
{
    /// <summary>A server error is part of the plan (a failing row): it lands in <see cref="Failure"/> and the plan goes on.</summary>
    public bool MayFail { get; init; }

    /// <summary>The server error of a <see cref="MayFail"/> call; null when it succeeded.</summary>
    public HanaException? Failure { get; private set; }

    /// <summary>Runs the call blocking (Driver.Async's members refuse before a plan of theirs gets here).</summary>
    public abstract void Run();

#if ASYNC
    /// <summary>Runs the call awaiting.</summary>
    public abstract ValueTask RunAsync(CancellationToken cancellationToken);
#endif

    /// <summary>Whether <paramref name="failure"/> goes to the plan rather than the caller (never a broken connection).</summary>
    private bool Keeps(HanaException failure)
    {
        if (!MayFail || failure is HanaConnectionException)
        {
            return false;
        }
        Failure = failure;
        return true;
    }

    /// <summary>Runs the calls in order, blocking; disposing the sequence runs its cleanup (finally blocks).</summary>
    public static void RunAll(IEnumerable<Call> calls)
    {
        foreach (var call in calls)
        {
            try
            {
                call.Run();
            }
            catch (HanaException failure) when (call.Keeps(failure))
            {
            }
        }
    }

#if ASYNC
    /// <summary>Runs the calls of <paramref name="plan"/> in order, awaiting; returns its result.</summary>
    public static async Task<T> RunAllAsync<T>(Plan<T> plan, IEnumerable<Call> calls, CancellationToken cancellationToken)
    {
        foreach (var call in calls)
        {
            try
            {
                await call.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (HanaException failure) when (call.Keeps(failure)) { }
        }
        return plan.Result;
    }
#endif
}
