using Driver.Pooling;

namespace Driver.Tests.Pooling;

internal static class PoolTestSupport
{
    public static SessionPoolOptions Options(int max = 10, int min = 0, FakeClock? clock = null, params string[] endpoints)
    {
        var options = new SessionPoolOptions
        {
            Name = "test-" + Guid.NewGuid().ToString("N")[..8],
            MaxPoolSize = max,
            MinPoolSize = min,
            Endpoints = endpoints.Length == 0 ? ["a:1"] : endpoints,
            ConnectionTimeout = TimeSpan.FromSeconds(30),
            StartTimer = false,
        };
        if (clock is not null)
        {
            options.Clock = () => clock.Now;
        }
        return options;
    }

    /// <summary>Waits until a condition holds (a queue formed, a background task got somewhere); fails after a generous bound.</summary>
    public static void Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting until {what}");
            }
            Thread.Sleep(1);
        }
    }
}
