using Driver.Soak;

namespace Driver.Tests.Reliability;

/// <summary>
/// The soak of tests/Driver.Soak, briefly: sync threads on Driver.Sync and async tasks on Driver.Async through
/// their pools, every kind of call, random faults from the test server several times a second. The 30-minute
/// run and its curves are in docs/reliability-soak.md.
/// </summary>
public class SoakSmokeTests
{
    [Fact]
    public async Task ABriefSoakUnderRandomFaultsHasNoHangNoRawExceptionNoWrongResultAndLeavesNothingOnTheServer()
    {
        var options = new SoakOptions
        {
            Duration = TimeSpan.FromSeconds(15),
            SyncThreads = 3,
            AsyncTasks = 3,
            Seed = 1313,
            FaultRate = 4,
            SampleInterval = TimeSpan.FromSeconds(1),
        };
        var result = await SoakEngine.RunAsync(options);
        var summary = SoakReport.Summary(result, nameof(SoakSmokeTests));

        // the soak did work, in both flavors, and the faults struck
        Assert.True(result.Counters.Total(global::Driver.Soak.Outcome.Success) > 100, summary);
        Assert.True(result.Faults.Planned > 20, summary);
        Assert.True(result.Counters.Total(global::Driver.Soak.Outcome.Documented) > 0, summary);
        Assert.Contains(result.Counters.DocumentedKinds.Keys, kind => kind.StartsWith("sync ", StringComparison.Ordinal));
        Assert.Contains(result.Counters.DocumentedKinds.Keys, kind => kind.StartsWith("async ", StringComparison.Ordinal));

        Assert.True(result.Hangs == 0, summary);
        Assert.True(result.RawExceptions == 0, summary);
        Assert.True(result.WrongResults == 0, summary);
        Assert.True(result.AbandonedWorkers == 0, summary);
        // once both pools are cleared, no session, prepared statement or result set of the soak is left
        Assert.True(result.NoLeftovers, summary);
    }
}
