namespace Driver.Tests.Reliability;

/// <summary>Flavor, pooling and compression of a hostile session.</summary>
public sealed record HostileConfig(bool Async, bool Pooling, bool Compress)
{
    public HostileScenario Scenario => Async ? HostileScenario.Async : HostileScenario.Sync;

    public static IEnumerable<HostileConfig> All =>
        from async in new[] { false, true }
        from pooling in new[] { false, true }
        from compress in new[] { false, true }
        select new HostileConfig(async, pooling, compress);

    public override string ToString() => $"{(Async ? "Async" : "Sync")}/{(Pooling ? "pooled" : "unpooled")}/{(Compress ? "lz4" : "plain")}";
}
