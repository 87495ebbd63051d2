namespace Driver.Tests.Reliability;

/// <summary>
/// The short deterministic hostile-server matrix (issue 13): every mutation class x the replies to CONNECT, the
/// SELECT, a FETCHNEXT, the PREPARE, the INSERT's EXECUTE and the last one x both flavors x pooled or not x
/// compression on or off.
/// Each session must end correct or with a documented exception, within the deadline, without reusing a faulted
/// session out of step and without allocating absurdly more than it received. The long random run is
/// tests/Driver.Fuzz (docs/reliability-hostile.md).
/// </summary>
public sealed class HostileServerTests : IAsyncLifetime
{
    /// <summary>Sessions at a time: most of a stalled session's time is waiting for its timeout.</summary>
    private const int Parallelism = 12;

    private HostileHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await HostileHarness.StartAsync();
        // several sessions at once: Driver.Async's process-wide allocation count would be the sum of them
        _harness.ExactAsyncAllocations = false;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    public static TheoryData<MutationClass> Classes => new(Enum.GetValues<MutationClass>());

    [Theory]
    [MemberData(nameof(Classes))]
    public async Task EverySessionEndsCorrectOrWithADocumentedExceptionAndNoFaultedSessionIsReused(MutationClass mutation)
    {
        var cases = new List<(HostileConfig Config, MutationPlan Plan)>();
        var configIndex = 0;
        foreach (var config in HostileConfig.All)
        {
            configIndex++;
            var replies = await _harness.DryRunAsync(config);
            var slot = 0;
            foreach (var index in Targets(replies))
            {
                cases.Add((config, new MutationPlan(index, mutation, (int)mutation * 1000 + slot++ * 10 + configIndex)));
            }
        }
        var results = new List<CaseResult>();
        using var gate = new SemaphoreSlim(Parallelism);
        await Task.WhenAll(cases.Select(async item =>
        {
            await gate.WaitAsync();
            try
            {
                var result = await _harness.RunAsync(item.Config, item.Plan);
                lock (results)
                {
                    results.Add(result);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        var bad = results.Where(result => result.IsBad).Select(result => result.ToString()).ToList();
        Assert.True(bad.Count == 0, $"{bad.Count} of {results.Count} sessions broke the promise:{Environment.NewLine}{string.Join(Environment.NewLine, bad)}");
        // a matrix whose mutations never took effect proves nothing
        Assert.True(results.Count(result => result.Effective) >= results.Count / 2, $"only {results.Count(result => result.Effective)} of {results.Count} mutations took effect");
    }

    /// <summary>
    /// The replies to CONNECT, the SELECT, a FETCHNEXT in the middle, the PREPARE, the INSERT's EXECUTE and the
    /// session's last reply (DISCONNECT without pooling, the last release or reset with it).
    /// </summary>
    private static IEnumerable<int> Targets(IReadOnlyList<ProxiedReply> replies)
    {
        int First(byte type) => replies.First(reply => reply.RequestType == type).Index;
        var fetches = replies.Where(reply => reply.RequestType == 71).ToList();
        yield return First(66);
        yield return First(2);
        yield return fetches[fetches.Count / 2].Index;
        yield return First(3);
        yield return First(13);
        yield return replies[^1].Index;
    }
}
