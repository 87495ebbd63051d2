using System.Diagnostics;
using Driver.TestServer.Engine;
using Xunit.Abstractions;

namespace Driver.Tests.TestServer;

public sealed class EngineCursorTests(ITestOutputHelper output) : EngineTestBase
{
    [Fact]
    public void PagesThroughAResultInFetchSizedSteps()
    {
        using var cursor = Session.ExecuteDirect("SELECT GENERATED_PERIOD_START AS N FROM SERIES_GENERATE_INTEGER(1, 0, 100000)", true).Cursor!;
        var sink = new SumSink();
        var pages = 0;
        while (!cursor.IsExhausted)
        {
            var n = cursor.Fetch(1000, sink);
            Assert.Equal(1000, n);
            pages++;
        }

        Assert.Equal(100, pages);
        Assert.Equal(100000L, cursor.RowsFetched);
        Assert.Equal(100000L * 99999 / 2, sink.Sum);
        Assert.Equal(0, cursor.Fetch(1000, sink));
    }

    [Fact]
    public void SinkCanRefuseARowWhichIsThenDeliveredAgain()
    {
        using var cursor = Session.ExecuteDirect("SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 5000)", true).Cursor!;
        var seen = new List<long>();
        var budget = new BudgetSink(seen, 3);
        Assert.Equal(3, cursor.Fetch(100, budget));
        budget.Budget = 2500;
        Assert.Equal(2500, cursor.Fetch(100000, budget));
        budget.Budget = int.MaxValue;
        Assert.Equal(2497, cursor.Fetch(100000, budget));
        Assert.True(cursor.IsExhausted);
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => (long)i), seen);
    }

    [Fact]
    public void EmptyResultIsExhaustedAtOnce()
    {
        using var cursor = Session.ExecuteDirect("SELECT * FROM DUMMY WHERE 1 = 0", true).Cursor!;
        Assert.True(cursor.IsExhausted);
        Assert.Single(cursor.Columns);
    }

    [Fact]
    public void OpenCursorSurvivesOtherStatementsOnTheSameSession()
    {
        Exec("CREATE TABLE OTHER_WORK (A INTEGER)");
        using var first = Session.ExecuteDirect("SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 20000)", true).Cursor!;
        var a = first.FetchRows(3000);
        Exec("INSERT INTO OTHER_WORK VALUES (1)"); // would kill a streaming DuckDB result
        using var second = Session.ExecuteDirect("SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 10000)", true).Cursor!;
        var b = second.FetchRows(10);
        var rest = first.FetchRows();
        Assert.Equal(20000, a.Count + rest.Count);
        Assert.Equal(19999, (int)rest[^1][0]!);
        Assert.Equal(9999 + 1, b.Count + second.FetchRows().Count);
    }

    [Fact]
    public void TypedGettersReadWithoutBoxing()
    {
        Exec("CREATE TABLE G (I INTEGER, B BIGINT, D DECIMAL(38,10), S NVARCHAR(50), BIN VARBINARY(10), TS TIMESTAMP, DT DATE, T TIME, F DECIMAL)");
        Exec("INSERT INTO G VALUES (1, 2, 1234567890123456789012345678.0123456789, 'long string with more than 12 bytes', X'0A0B', '2024-05-06 07:08:09.1234567', '2024-05-06', '07:08:09', 1.5)");
        Exec("INSERT INTO G VALUES (NULL, NULL, NULL, 'short', NULL, NULL, NULL, NULL, NULL)");
        using var cursor = Session.ExecuteDirect("SELECT * FROM G ORDER BY I NULLS LAST", true).Cursor!;
        var sink = new CheckingSink();
        Assert.Equal(2, cursor.Fetch(10, sink));
        Assert.Equal(2, sink.Rows);
    }

    [Fact]
    public void SeriesFetchRate()
    {
        const int rows = 1_000_000;
        for (var run = 0; run < 2; run++)
        {
            var watch = Stopwatch.StartNew();
            using var cursor = Session.ExecuteDirect($"SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, {rows})", true).Cursor!;
            var sink = new SumSink();
            var total = 0;
            while (!cursor.IsExhausted)
            {
                total += cursor.Fetch(1000, sink);
            }

            watch.Stop();
            Assert.Equal(rows, total);
            Assert.Equal((long)rows * (rows - 1) / 2, sink.Sum);
            output.WriteLine($"run {run}: {rows} rows in {watch.Elapsed.TotalMilliseconds:F0} ms = {rows / watch.Elapsed.TotalSeconds / 1e6:F1} M rows/s (typed getter GetInt64, fetch size 1000)");
        }
    }

    private sealed class SumSink : IEngineRowSink
    {
        public long Sum { get; private set; }

        public bool OnRow(EngineCursor row)
        {
            Sum += row.GetInt64(0);
            return true;
        }
    }

    private sealed class BudgetSink(List<long> seen, int budget) : IEngineRowSink
    {
        public int Budget { get; set; } = budget;

        public bool OnRow(EngineCursor row)
        {
            if (Budget == 0)
            {
                return false;
            }

            Budget--;
            seen.Add(row.GetInt64(0));
            return true;
        }
    }

    private sealed class CheckingSink : IEngineRowSink
    {
        public int Rows { get; private set; }

        public bool OnRow(EngineCursor row)
        {
            if (Rows++ == 0)
            {
                Assert.Equal(1, row.GetInt32(0));
                Assert.Equal(2L, row.GetInt64(1));
                var unscaled = row.GetDecimalUnscaled(2, out var scale);
                Assert.Equal(10, scale);
                Assert.Equal(Int128.Parse("12345678901234567890123456780123456789"), unscaled);
                Assert.Equal("1234567890123456789012345678.0123456789", row.GetHanaDecimal(2).ToString());
                Assert.Equal("long string with more than 12 bytes"u8.ToArray(), row.GetUtf8(3).ToArray());
                Assert.Equal(new byte[] { 10, 11 }, row.GetBytes(4).ToArray());
                Assert.Equal(new DateTime(2024, 5, 6, 7, 8, 9).AddTicks(1234567), row.GetDateTime(5));
                Assert.Equal(new DateTime(2024, 5, 6), row.GetDateTime(6));
                Assert.Equal(new TimeSpan(7, 8, 9), row.GetTime(7));
                Assert.Equal(15, row.GetDecimalUnscaled(8, out var floatingScale));
                Assert.Equal(1, floatingScale); // floating DECIMAL: trailing zeros of the storage scale removed
                Assert.False(row.IsNull(0));
            }
            else
            {
                Assert.True(row.IsNull(0));
                Assert.True(row.IsNull(2));
                Assert.False(row.IsNull(3));
                Assert.Equal("short", row.GetString(3));
                Assert.True(row.IsNull(8));
            }

            return true;
        }
    }
}
