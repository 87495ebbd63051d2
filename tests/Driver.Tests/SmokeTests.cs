namespace Driver.Tests;

public class SmokeTests
{
    [Fact]
    public void SyncAndAsyncHaveDistinctExceptionTypes()
    {
        Assert.NotEqual(typeof(Driver.Sync.HanaException), typeof(Driver.Async.HanaException));
    }
}
