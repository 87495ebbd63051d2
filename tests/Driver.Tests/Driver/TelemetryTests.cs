using System.Data.Common;
using System.Diagnostics;
using Driver.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// The driver's spans and metrics as an OpenTelemetry application receives them (in-memory exporters). Listeners
/// are process-global and test classes run in parallel, so everything is filtered by this test's server port.
/// </summary>
public class TelemetryTests : DriverTestBase
{
    private const string Schema = "TELE";

    private static string SourceName(Flavor flavor) =>
        flavor.IsAsync ? global::Driver.Async.HanaTelemetry.ActivitySourceName : global::Driver.Sync.HanaTelemetry.ActivitySourceName;

    private static string MeterName(Flavor flavor) =>
        flavor.IsAsync ? global::Driver.Async.HanaTelemetry.MeterName : global::Driver.Sync.HanaTelemetry.MeterName;

    /// <summary>A closed connection of a data source, with or without statement text in traces.</summary>
    private DbConnection Connection(Flavor flavor, bool statementText)
    {
        var connectionString = $"{ConnectionString};CurrentSchema={Schema}";
        return flavor.IsAsync
            ? new global::Driver.Async.HanaDataSourceBuilder(connectionString).EnableStatementTextInTraces(statementText).Build().CreateConnection()
            : new global::Driver.Sync.HanaDataSourceBuilder(connectionString).EnableStatementTextInTraces(statementText).Build().CreateConnection();
    }

    private async Task CreateSchema()
    {
        using var setup = new global::Driver.Sync.HanaConnection(ConnectionString);
        setup.Open();
        using var command = new global::Driver.Sync.HanaCommand($"CREATE SCHEMA {Schema}", setup);
        command.ExecuteNonQuery();
        await Task.CompletedTask;
    }

    private IEnumerable<Dictionary<string, object?>> DurationPoints(IEnumerable<MetricSnapshot> metrics)
    {
        foreach (var metric in metrics.Where(m => m.Name == "db.client.operation.duration"))
        {
            Assert.Equal("s", metric.Unit);
            Assert.Equal(MetricType.Histogram, metric.MetricType);
            foreach (var point in metric.MetricPoints)
            {
                var tags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    tags[tag.Key] = tag.Value;
                }
                if (Equals(tags.GetValueOrDefault("server.port"), Server.Port))
                {
                    tags["count"] = point.GetHistogramCount();
                    yield return tags;
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task CommandsAndOpensAreClientSpansWithTheDatabaseConventions(string name)
    {
        var flavor = Flavor.Get(name);
        await CreateSchema();
        var spans = new ExportedSpans();
        var metrics = new List<MetricSnapshot>();
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(SourceName(flavor)).AddInMemoryExporter(spans).Build())
        using (var metering = Sdk.CreateMeterProviderBuilder().AddMeter(MeterName(flavor), global::Driver.Sync.HanaTelemetry.PoolMeterName).AddInMemoryExporter(metrics).Build())
        {
            var connection = Connection(flavor, statementText: false);
            await flavor.Open(connection);
            Assert.Equal(1L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM DUMMY")));
            var error = await Assert.ThrowsAsync(flavor.HanaExceptionType, () => flavor.Execute(connection, "SELECT * FROM NO_SUCH_TABLE"));
            var code = flavor.ErrorCode(error)!.Value;
            await flavor.Execute(connection, "CREATE TABLE T (ID INTEGER)");
            using (var insert = flavor.Command(connection, "INSERT INTO T VALUES (?)", 0))
            {
                await flavor.Prepare(insert);
                Assert.Equal(3, await flavor.ExecuteBatch(insert, [[1], [2], [3]]));
            }
            await flavor.Close(connection);

            var withText = Connection(flavor, statementText: true);
            await flavor.Open(withText);
            const string counted = "SELECT COUNT(*) FROM T WHERE ID > ?";
            Assert.Equal(2L, Convert.ToInt64(await flavor.Scalar(withText, counted, 1)));
            await flavor.Close(withText);

            tracing.ForceFlush();
            metering.ForceFlush();
            var mine = spans.Of(Server.Port);

            // every span: CLIENT, the system and the server, the namespace of CurrentSchema
            Assert.NotEmpty(mine);
            foreach (var span in mine)
            {
                Assert.Equal(ActivityKind.Client, span.Kind);
                Assert.Equal(SourceName(flavor), span.Source.Name);
                Assert.Equal("sap.hana", span.GetTagItem("db.system.name"));
                Assert.Equal(Server.Host, span.GetTagItem("server.address"));
                Assert.Equal(Schema, span.GetTagItem("db.namespace"));
            }

            var opens = mine.Where(span => span.DisplayName == $"OPEN {Schema}").ToList();
            Assert.Equal(2, opens.Count);
            Assert.All(opens, open => Assert.Equal("OPEN", open.GetTagItem("db.operation.name")));

            var select = Assert.Single(mine, span => span.DisplayName == $"SELECT {Schema}" && span.Status == ActivityStatusCode.Unset && span.GetTagItem("db.query.text") is null);
            Assert.Equal("SELECT", select.GetTagItem("db.operation.name"));
            Assert.Null(select.GetTagItem("error.type"));

            var failed = Assert.Single(mine, span => span.Status == ActivityStatusCode.Error);
            Assert.Equal($"SELECT {Schema}", failed.DisplayName);
            Assert.Equal(code.ToString(), failed.GetTagItem("error.type"));
            Assert.Equal(code.ToString(), failed.GetTagItem("db.response.status_code"));
            // without statement text the server's message (which may quote the statement) stays out too
            Assert.Null(failed.StatusDescription);
            Assert.Null(failed.GetTagItem("db.query.text"));

            var prepare = Assert.Single(mine, span => span.DisplayName == $"PREPARE {Schema}");
            Assert.Equal("PREPARE", prepare.GetTagItem("db.operation.name"));
            var batch = Assert.Single(mine, span => span.DisplayName == $"BATCH INSERT {Schema}");
            Assert.Equal("BATCH INSERT", batch.GetTagItem("db.operation.name"));
            Assert.Equal(3, batch.GetTagItem("db.operation.batch.size"));
            Assert.Single(mine, span => span.DisplayName == $"CREATE {Schema}");

            // only the data source that enabled it puts the statement text in
            var withQueryText = Assert.Single(mine, span => span.GetTagItem("db.query.text") is not null);
            Assert.Equal(counted, withQueryText.GetTagItem("db.query.text"));
            Assert.Equal($"SELECT {Schema}", withQueryText.DisplayName);

            // the duration histogram: same low-cardinality attributes, never the text
            var points = DurationPoints(metrics).ToList();
            Assert.NotEmpty(points);
            Assert.All(points, point =>
            {
                Assert.Equal("sap.hana", point["db.system.name"]);
                Assert.Equal(Server.Host, point["server.address"]);
                Assert.Equal(Schema, point["db.namespace"]);
                Assert.False(point.ContainsKey("db.query.text"));
            });
            var selects = Assert.Single(points, point => Equals(point.GetValueOrDefault("db.operation.name"), "SELECT") && !point.ContainsKey("error.type"));
            Assert.Equal(2L, selects["count"]);
            var errors = Assert.Single(points, point => point.ContainsKey("error.type"));
            Assert.Equal(code.ToString(), errors["error.type"]);
            Assert.Equal(code.ToString(), errors["db.response.status_code"]);
            Assert.Equal(1L, errors["count"]);
            Assert.Contains(points, point => Equals(point.GetValueOrDefault("db.operation.name"), "BATCH INSERT"));

            // the pool's meter (not duplicated by the driver's): this server's pool is visible
            var poolCounts = metrics.Where(m => m.Name == "db.client.connection.count")
                .SelectMany(m => m.MetricPoints)
                .Where(point => PoolName(point)?.Contains($":{Server.Port}") == true)
                .ToList();
            Assert.NotEmpty(poolCounts);
            Assert.True(poolCounts.Sum(point => point.GetSumLong()) >= 1);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ADbBatchOfOneStatementIsOneBatchSpanAndAMixedBatchOneSpanPerCommand(string name)
    {
        var flavor = Flavor.Get(name);
        await CreateSchema();
        var spans = new ExportedSpans();
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(SourceName(flavor)).AddInMemoryExporter(spans).Build())
        {
            var connection = Connection(flavor, statementText: false);
            await flavor.Open(connection);
            await flavor.Execute(connection, "CREATE TABLE B (ID INTEGER)");
            using (var same = connection.CreateBatch())
            {
                for (var i = 0; i < 4; i++)
                {
                    var command = same.CreateBatchCommand();
                    command.CommandText = "INSERT INTO B VALUES (?)";
                    var parameter = command.CreateParameter();
                    parameter.Value = i;
                    command.Parameters.Add(parameter);
                    same.BatchCommands.Add(command);
                }
                Assert.Equal(4, await flavor.ExecuteBatchNonQuery(same));
            }
            using (var mixed = connection.CreateBatch())
            {
                foreach (var sql in new[] { "UPDATE B SET ID = ID + 10 WHERE ID < 2", "DELETE FROM B WHERE ID = 3" })
                {
                    var command = mixed.CreateBatchCommand();
                    command.CommandText = sql;
                    mixed.BatchCommands.Add(command);
                }
                Assert.Equal(3, await flavor.ExecuteBatchNonQuery(mixed));
            }
            await flavor.Close(connection);
            tracing.ForceFlush();
        }
        var mine = spans.Of(Server.Port);
        var batch = Assert.Single(mine, span => span.DisplayName == $"BATCH INSERT {Schema}");
        Assert.Equal(4, batch.GetTagItem("db.operation.batch.size"));
        Assert.DoesNotContain(mine, span => span.DisplayName == $"INSERT {Schema}");
        Assert.Single(mine, span => span.DisplayName == $"UPDATE {Schema}");
        Assert.Single(mine, span => span.DisplayName == $"DELETE {Schema}");
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task CommitAndRollbackAreSpansToo(string name)
    {
        var flavor = Flavor.Get(name);
        await CreateSchema();
        var spans = new ExportedSpans();
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(SourceName(flavor)).AddInMemoryExporter(spans).Build())
        {
            var connection = Connection(flavor, statementText: true);
            await flavor.Open(connection);
            await flavor.Execute(connection, "CREATE TABLE TX (ID INTEGER)");
            var committed = await flavor.BeginTransaction(connection);
            await flavor.Execute(connection, "INSERT INTO TX VALUES (1)");
            await flavor.Commit(committed);
            var rolledBack = await flavor.BeginTransaction(connection);
            await flavor.Execute(connection, "INSERT INTO TX VALUES (2)");
            await flavor.Rollback(rolledBack);
            Assert.Equal(1L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM TX")));
            await flavor.Close(connection);
            tracing.ForceFlush();
        }
        var mine = spans.Of(Server.Port);
        var commit = Assert.Single(mine, span => span.DisplayName == $"COMMIT {Schema}");
        Assert.Equal("COMMIT", commit.GetTagItem("db.operation.name"));
        Assert.Equal(ActivityStatusCode.Unset, commit.Status);
        var rollback = Assert.Single(mine, span => span.DisplayName == $"ROLLBACK {Schema}");
        Assert.Equal("ROLLBACK", rollback.GetTagItem("db.query.text"));
        // the commit follows the insert it commits
        var insert = Assert.Single(mine, span => (string?)span.GetTagItem("db.query.text") == "INSERT INTO TX VALUES (1)");
        Assert.True(commit.StartTimeUtc >= insert.StartTimeUtc);
    }

    private static string? PoolName(MetricPoint point)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == "db.client.connection.pool.name")
            {
                return tag.Value as string;
            }
        }
        return null;
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AFailedOpenIsAnErrorSpanWithTheServersCode(string name)
    {
        var flavor = Flavor.Get(name);
        var spans = new ExportedSpans();
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(SourceName(flavor)).AddInMemoryExporter(spans).Build())
        {
            var error = await Assert.ThrowsAsync(flavor.HanaExceptionType,
                () => flavor.Open(ConnectionString.Replace(DefaultPassword, "wrong-password") + ";Pooling=false"));
            tracing.ForceFlush();
            var open = Assert.Single(spans.Of(Server.Port));
            Assert.Equal("OPEN", open.DisplayName);
            Assert.Equal(ActivityStatusCode.Error, open.Status);
            Assert.Equal(flavor.ErrorCode(error).ToString(), open.GetTagItem("error.type"));
            Assert.Equal(flavor.ErrorCode(error).ToString(), open.GetTagItem("db.response.status_code"));
            Assert.DoesNotContain("wrong-password", open.StatusDescription ?? string.Empty);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AListenerThatThrowsFailsNoStatement(string name)
    {
        var flavor = Flavor.Get(name);
        var throwOnStart = false;
        var thrown = 0;
        void Fault(Activity activity, bool starting)
        {
            // only this test's spans: the listener is process-global
            if (Equals(activity.GetTagItem("server.port"), Server.Port) && starting == throwOnStart)
            {
                Interlocked.Increment(ref thrown);
                throw new InvalidOperationException("a broken listener");
            }
        }
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SourceName(flavor),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity => Fault(activity, starting: true),
            ActivityStopped = activity => Fault(activity, starting: false),
        };
        ActivitySource.AddActivityListener(listener);

        foreach (var onStart in new[] { false, true })
        {
            throwOnStart = onStart;
            var connection = await flavor.Open($"{ConnectionString};Pooling=false");
            var table = onStart ? "T_START" : "T_STOP";
            await flavor.Execute(connection, $"CREATE TABLE {table} (ID INTEGER)");
            Assert.Equal(1, await flavor.Execute(connection, $"INSERT INTO {table} VALUES (?)", 7));
            var rows = await flavor.Query(connection, $"SELECT ID FROM {table}");
            Assert.Equal(7, Convert.ToInt32(Assert.Single(rows)[0]));
            await flavor.Close(connection);
            // the broken listener's span does not stay the current activity
            Assert.Null(Activity.Current);
        }
        Assert.True(thrown >= 8, $"the listener threw {thrown} times");
    }

    [Fact]
    public void TheOperationNameIsTheStatementsFirstKeyword()
    {
        Assert.Equal("SELECT", global::Driver.Core.Telemetry.OperationNames.Of("  -- comment\n /* block */ (select 1 from dummy)"));
        Assert.Equal("INSERT", global::Driver.Core.Telemetry.OperationNames.Of("insert into t values (?)"));
        Assert.Equal("CALL", global::Driver.Core.Telemetry.OperationNames.Of("CALL P(?)"));
        Assert.Null(global::Driver.Core.Telemetry.OperationNames.Of("SELECTED"));
        Assert.Null(global::Driver.Core.Telemetry.OperationNames.Of("FROBNICATE t"));
        Assert.Null(global::Driver.Core.Telemetry.OperationNames.Of("/* unterminated"));
        Assert.Equal("BATCH UPSERT", global::Driver.Core.Telemetry.OperationNames.OfBatch("UPSERT T VALUES (?)", 2));
        Assert.Equal("UPSERT", global::Driver.Core.Telemetry.OperationNames.OfBatch("UPSERT T VALUES (?)", 1));
    }
}
