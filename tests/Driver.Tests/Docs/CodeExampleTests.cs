using Driver.Tests.Support;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.Docs;

/// <summary>docs/code-examples.md quotes <c>CodeExamples.cs</c> region by region, and every example runs.</summary>
public class CodeExampleTests
{
    private static readonly QuotedExamples Doc = new("CodeExamples.cs", "code-examples.md");

    public static TheoryData<string> Regions() => Doc.Regions();

    [Theory]
    [MemberData(nameof(Regions))]
    public void TheMarkdownQuotesEachRegionVerbatim(string region) => Doc.AssertQuoted(region);

    [Fact]
    public void EverySyncExampleHasItsAsyncTwin()
    {
        var regions = Doc.RegionNames().ToList();
        Assert.NotEmpty(regions);
        foreach (var region in regions.Where(r => r.StartsWith("sync-", StringComparison.Ordinal)))
        {
            Assert.Contains("async-" + region.Substring(5), regions);
        }
    }

    [Fact]
    public async Task TheExamplesRun()
    {
        await using var server = await Server.StartAsync();
        Assert.Equal(45, CodeExamples.SyncQuery(server.ConnectionString));
        Assert.Equal(45, await CodeExamples.AsyncQuery(server.ConnectionString));

        var blob = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();
        var text = string.Concat(Enumerable.Repeat("Grüße, 世界! ", 30_000));
        // over a chunk, so the streaming examples really go through WRITELOB
        var largeBlob = Enumerable.Range(0, 2_500_000).Select(i => (byte)(i * 31)).ToArray();
        var largeText = string.Concat(Enumerable.Repeat("Grüße, 😀 世界! ", 100_000));
        using (var connection = new global::Driver.Sync.HanaConnection(server.ConnectionString + ";CurrentSchema=S1"))
        {
            using (var setup = new global::Driver.Sync.HanaConnection(server.ConnectionString))
            {
                setup.Open();
                using var schema = new global::Driver.Sync.HanaCommand("CREATE SCHEMA S1", setup);
                schema.ExecuteNonQuery();
                using var schema2 = new global::Driver.Sync.HanaCommand("CREATE SCHEMA S2", setup);
                schema2.ExecuteNonQuery();
            }
            connection.Open();
            Assert.Equal(103, CodeExamples.SyncPreparedAndBatch(connection));
            Assert.Equal(10 + 5, CodeExamples.SyncDbBatch(connection));
            CodeExamples.SyncTransaction(connection);
            Assert.Equal(103L, Convert.ToInt64(new global::Driver.Sync.HanaCommand("SELECT COUNT(*) FROM ITEMS", connection).ExecuteScalar()));
            var (syncBlob, syncText) = CodeExamples.SyncLob(connection, blob, text);
            Assert.Equal(blob, syncBlob);
            Assert.Equal(text, syncText);
            using var syncCopy = new MemoryStream();
            Assert.Equal(largeText, CodeExamples.SyncStreamLob(connection, new MemoryStream(largeBlob), new StringReader(largeText), syncCopy));
            Assert.Equal(largeBlob, syncCopy.ToArray());
            Assert.Equal(Enumerable.Range(0, 5).Select(i => new CodeExamples.Item(i, $"item {i}")), CodeExamples.SyncMapping(connection));
            Assert.Equal(3, CodeExamples.SyncDapper(connection));
            using var name = new global::Driver.Sync.HanaCommand("SELECT NAME FROM ITEMS WHERE ID = 2", connection);
            Assert.Equal("ITEM 2", name.ExecuteScalar());
            using var codes = new global::Driver.Sync.HanaCommand("CREATE TABLE CODES (ID INTEGER PRIMARY KEY)", connection);
            codes.ExecuteNonQuery();
            Assert.Equal([1, 1, -3, 1], CodeExamples.SyncBatchFailure(connection));
            using var codeCount = new global::Driver.Sync.HanaCommand("SELECT COUNT(*) FROM CODES", connection);
            Assert.Equal(3L, Convert.ToInt64(codeCount.ExecuteScalar()));
        }
        await using (var connection = new global::Driver.Async.HanaConnection(server.ConnectionString + ";CurrentSchema=S2"))
        {
            await connection.OpenAsync();
            Assert.Equal(103, await CodeExamples.AsyncPreparedAndBatch(connection));
            Assert.Equal(10 + 5, await CodeExamples.AsyncDbBatch(connection));
            await CodeExamples.AsyncTransaction(connection);
            await using var count = new global::Driver.Async.HanaCommand("SELECT COUNT(*) FROM ITEMS", connection);
            Assert.Equal(103L, Convert.ToInt64(await count.ExecuteScalarAsync()));
            var (asyncBlob, asyncText) = await CodeExamples.AsyncLob(connection, blob, text);
            Assert.Equal(blob, asyncBlob);
            Assert.Equal(text, asyncText);
            using var asyncCopy = new MemoryStream();
            Assert.Equal(largeText, await CodeExamples.AsyncStreamLob(connection, new MemoryStream(largeBlob), new StringReader(largeText), asyncCopy));
            Assert.Equal(largeBlob, asyncCopy.ToArray());
            Assert.Equal(Enumerable.Range(0, 5).Select(i => new CodeExamples.Item(i, $"item {i}")), await CodeExamples.AsyncMapping(connection));
            Assert.Equal(3, await CodeExamples.AsyncDapper(connection));
            await using var name = new global::Driver.Async.HanaCommand("SELECT NAME FROM ITEMS WHERE ID = 2", connection);
            Assert.Equal("ITEM 2", await name.ExecuteScalarAsync());
            await using var codes = new global::Driver.Async.HanaCommand("CREATE TABLE CODES (ID INTEGER PRIMARY KEY)", connection);
            await codes.ExecuteNonQueryAsync();
            Assert.Equal([1, 1, -3, 1], await CodeExamples.AsyncBatchFailure(connection));
            await using var codeCount = new global::Driver.Async.HanaCommand("SELECT COUNT(*) FROM CODES", connection);
            Assert.Equal(3L, Convert.ToInt64(await codeCount.ExecuteScalarAsync()));
        }

        Assert.Equal("X", CodeExamples.SyncDependencyInjection(server.ConnectionString));
        Assert.Equal("X", await CodeExamples.AsyncDependencyInjection(server.ConnectionString));
        var syncSpans = new ExportedSpans();
        Assert.Equal("X", CodeExamples.SyncTelemetry(server.ConnectionString, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, syncSpans));
        AssertQuerySpan(syncSpans, server.Port);
        var asyncSpans = new ExportedSpans();
        Assert.Equal("X", await CodeExamples.AsyncTelemetry(server.ConnectionString, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, asyncSpans));
        AssertQuerySpan(asyncSpans, server.Port);
        Assert.True(CodeExamples.SyncPooling(server.ConnectionString) > 0);
        Assert.True(await CodeExamples.AsyncPooling(server.ConnectionString) > 0);
        using (var connection = new global::Driver.Sync.HanaConnection(server.ConnectionString + ";Compress=true;Pooling=false"))
        {
            connection.Open();
            var statistics = CodeExamples.SyncStatistics(connection);
            Assert.Equal(1, statistics.RoundTrips);
            Assert.True(statistics.BytesReceived < statistics.BytesReceivedUncompressed);
        }
        await using (var connection = new global::Driver.Async.HanaConnection(server.ConnectionString + ";Compress=true;Pooling=false"))
        {
            await connection.OpenAsync();
            var statistics = await CodeExamples.AsyncStatistics(connection);
            Assert.Equal(1, statistics.RoundTrips);
            Assert.True(statistics.BytesReceived < statistics.BytesReceivedUncompressed);
        }
    }

    [Fact]
    public async Task TheProcedureExamplesRun()
    {
        await using var server = await Server.StartAsync();
        using (var setup = new global::Driver.Sync.HanaConnection(server.ConnectionString))
        {
            setup.Open();
            foreach (var sql in new[]
            {
                "CREATE TABLE ORDERS (ID INTEGER PRIMARY KEY, AMOUNT DECIMAL(10,2))",
                "INSERT INTO ORDERS VALUES (1, 10.50), (2, 99.99), (3, 150.00)",
                CodeExamples.OrderReport,
            })
            {
                using var command = new global::Driver.Sync.HanaCommand(sql, setup);
                command.ExecuteNonQuery();
            }
        }
        using (var connection = new global::Driver.Sync.HanaConnection(server.ConnectionString))
        {
            connection.Open();
            var (total, tag, bigIds, count) = CodeExamples.SyncProcedure(connection);
            Assert.Equal((260.49m, "report checked", 3L), (total, tag, count));
            Assert.Equal([2, 3], bigIds);
        }
        await using (var connection = new global::Driver.Async.HanaConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            var (total, tag, bigIds, count) = await CodeExamples.AsyncProcedure(connection);
            Assert.Equal((260.49m, "report checked", 3L), (total, tag, count));
            Assert.Equal([2, 3], bigIds);
        }
    }

    /// <summary>The telemetry example's spans (other tests' spans, of other servers, are in the collection too).</summary>
    private static void AssertQuerySpan(ExportedSpans spans, int port)
    {
        var mine = spans.Of(port);
        Assert.Contains(mine, span => span.DisplayName == "OPEN");
        var select = Assert.Single(mine, span => span.DisplayName == "SELECT");
        Assert.Equal("SELECT * FROM DUMMY", select.GetTagItem("db.query.text"));
    }
}
