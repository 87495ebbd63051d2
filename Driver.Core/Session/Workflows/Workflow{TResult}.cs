namespace Driver.Core.Session;

/// <summary>A <see cref="Workflow"/> with an outcome, which its sequence sets before it ends.</summary>
internal abstract class Workflow<TResult> : Workflow
{
    protected Workflow(TimeSpan timeout)
        : base(timeout)
    {
    }

    public TResult Result { get; protected set; } = default!;
}
