namespace Driver.Tests.Pooling;

/// <summary>Tests that touch process-wide pool state; xunit runs this collection by itself.</summary>
[CollectionDefinition(nameof(ClearAllPoolsCollection), DisableParallelization = true)]
public sealed class ClearAllPoolsCollection
{
}
