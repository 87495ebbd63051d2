namespace Driver.Tests.Reliability;

/// <summary>The verdict on one hostile session, with what is needed to replay and to explain it.</summary>
public sealed record CaseResult(
    HostileConfig Config,
    MutationPlan Plan,
    Outcome Outcome,
    bool Effective,
    string? Mutation,
    string? Detail,
    bool Reused,
    string? ReuseDetail,
    bool AllocationSuspect,
    long AllocatedBytes,
    long BytesDelivered,
    TimeSpan Elapsed,
    string? RepliedTo,
    bool LateDetected = false)
{
    /// <summary>A case the suite does not accept: raw, hang, silent wrong, a faulted session reused, or an absurd allocation.</summary>
    public bool IsBad => Outcome is Outcome.Raw or Outcome.Hang or Outcome.SilentWrong || Reused || AllocationSuspect;

    public override string ToString() =>
        $"{Config} {Plan} [{RepliedTo}] -> {Outcome}{(Reused ? " REUSED" : "")}{(LateDetected ? " LATE-DETECTED" : "")}{(AllocationSuspect ? " ALLOC" : "")} in {Elapsed.TotalSeconds:0.0} s; " +
        $"{Mutation}; {Detail}{(ReuseDetail is null ? "" : "; reuse: " + ReuseDetail)}; allocated {AllocatedBytes:N0} B for {BytesDelivered:N0} B received";
}
