#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>The built-in <see cref="IHanaRetryPolicy"/> policies (docs/scale-out.md).</summary>
public static class HanaRetry
{
    /// <summary>
    /// The policy used when none is set: a failed connect goes on to the next node; so does a broken connection when
    /// the request cannot have reached the server or the operation is safe to repeat (an open always is); anything
    /// that may have reached the server and is not safe to repeat, and every error the server answered with, is not
    /// retried. Never the same node again.
    /// </summary>
    public static IHanaRetryPolicy Default { get; } = new DefaultPolicy();

    /// <summary>Never retries: the first failure ends the operation (with several Server endpoints, only the first is tried).</summary>
    public static IHanaRetryPolicy Never { get; } = new NeverPolicy();

    private sealed class DefaultPolicy : IHanaRetryPolicy, IHanaRetryDecider
    {
        // stateless: one instance serves every operation
        public IHanaRetryDecider NewDecider() => this;

        public HanaRetryDecision Decide(HanaRetryInfo info) => info.Failure switch
        {
            HanaRetryFailure.Connect => HanaRetryDecision.RetryNextNode,
            HanaRetryFailure.ServerError => HanaRetryDecision.DontRetry,
            _ => !info.MayHaveReachedServer || info.IsSafeToRepeat ? HanaRetryDecision.RetryNextNode : HanaRetryDecision.DontRetry,
        };
    }

    private sealed class NeverPolicy : IHanaRetryPolicy, IHanaRetryDecider
    {
        public IHanaRetryDecider NewDecider() => this;

        public HanaRetryDecision Decide(HanaRetryInfo info) => HanaRetryDecision.DontRetry;
    }
}
