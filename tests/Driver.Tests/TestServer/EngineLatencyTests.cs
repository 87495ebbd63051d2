using System.Diagnostics;
using Driver.TestServer.Engine;
using Xunit.Abstractions;

namespace Driver.Tests.TestServer;

/// <summary>Per-statement latency with DuckDB threads = 1 and 2 (printed, not asserted: the machine is shared).</summary>
public sealed class EngineLatencyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void PreparedStatementLatency(int threads)
    {
        using var engine = new HanaEngine(threads);
        using var session = engine.OpenSession("SYSTEM");
        session.ExecuteDirect("CREATE COLUMN TABLE L (ID INTEGER PRIMARY KEY, V NVARCHAR(20))", true);
        using (var insert = session.Prepare("INSERT INTO L VALUES (?, ?)"))
        {
            session.Execute(insert, Enumerable.Range(0, 100_000).Select(i => new object?[] { i, "v" + i }).ToList(), true);
        }

        using var dummy = session.Prepare("SELECT 1 FROM DUMMY");
        using var lookup = session.Prepare("SELECT V FROM L WHERE ID = ?");
        using var update = session.Prepare("UPDATE L SET V = ? WHERE ID = ?");
        var dummyUs = Measure(() => Drain(session.Execute(dummy, Array.Empty<object?[]>(), true)));
        var lookupUs = Measure(() => Assert.Single(Drain(session.ExecuteRow(lookup, [4242], true))));
        var updateUs = Measure(() => Assert.Equal([1], session.ExecuteRow(update, ["x", 4242], true).RowsAffected));
        output.WriteLine($"threads={threads}: SELECT 1 FROM DUMMY {dummyUs:F0} µs, PK lookup on 100k rows {lookupUs:F0} µs, UPDATE by PK (auto-commit) {updateUs:F0} µs");
    }

    private static List<object?[]> Drain(EngineResult result)
    {
        using var cursor = result.Cursor!;
        return cursor.FetchRows();
    }

    private static double Measure(Action action)
    {
        for (var i = 0; i < 50; i++)
        {
            action();
        }

        const int n = 500;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            action();
        }

        return watch.Elapsed.TotalMicroseconds / n;
    }
}
