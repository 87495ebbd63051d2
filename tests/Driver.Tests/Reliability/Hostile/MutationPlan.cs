namespace Driver.Tests.Reliability;

/// <summary>
/// Which reply of a session is mutated, how, and the seed for the mutation's own random choices. A session is
/// replayed exactly from these three values (plus the case's flavor, pooling and compression).
/// </summary>
public sealed record MutationPlan(int ReplyIndex, MutationClass Class, int Seed)
{
    public override string ToString() => $"{Class}@{ReplyIndex}#{Seed}";
}
