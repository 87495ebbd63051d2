namespace Driver.Core.Api;

/// <summary>A public operation as a sequence of <see cref="Call"/>s that sets its <see cref="Result"/> (see Call).</summary>
internal sealed class Plan<T>(Func<Plan<T>, IEnumerable<Call>> calls)
{
    public T Result { get; set; } = default!;

    /// <summary>Runs the operation blocking.</summary>
    public T Run()
    {
        Call.RunAll(calls(this));
        return Result;
    }

#if ASYNC
    /// <summary>Runs the operation awaiting.</summary>
    public Task<T> RunAsync(CancellationToken cancellationToken) => Call.RunAllAsync(this, calls(this), cancellationToken);
#endif
}
