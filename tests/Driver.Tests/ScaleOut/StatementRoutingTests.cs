using System.Data;
using System.Data.Common;
using System.Diagnostics;
using Driver.Tests.PublicApi;
using Driver.TestServer;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.ScaleOut;

/// <summary>
/// Location-aware statement routing (docs/scale-out.md, "Statement routing") over a 3-node test server, one body for
/// both flavors: with Distribution=Statement a prepared statement on a table placed on node 2 executes on node 2 (its
/// rows fetched there), with Distribution=Off on the node the connection opened on; inside a transaction nothing moves
/// and commit and rollback are right; a stopped node falls back to the anchor session; the data source's policy is
/// asked with the statement's text and TABLELOCATION volumes and obeyed; the span names the node the statement ran on.
/// </summary>
public sealed class StatementRoutingTests : IAsyncLifetime
{
    private Server _server = null!;

    public async Task InitializeAsync()
    {
        _server = await Server.StartAsync(new TestServerOptions { Nodes = 3 });
        _server.PlaceTable("T2", 2);
        _server.PlaceTable("T3", 3);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string Node1 => $"{_server.Node(1).Host}:{_server.Node(1).Port}";

    private string Text(string distribution) =>
        $"Server={Node1};UserName=SYSTEM;Password={Server.DefaultPassword};Pooling=false;distribution={distribution}";

    /// <summary>A table of the shared engine under a name the test owns (T2_x is placed by its own PlaceTable).</summary>
    private async Task<string> NewTable(Flavor flavor, int node)
    {
        var table = $"T{node}_{Guid.NewGuid():N}".Substring(0, 12).ToUpperInvariant();
        _server.PlaceTable(table, node);
        var connection = flavor.Create(Text("Off"));
        await flavor.Open(connection);
        await Execute(flavor, connection, $"CREATE TABLE {table} (ID INTEGER, NAME NVARCHAR(20))");
        await flavor.Close(connection);
        return table;
    }

    private static async Task<int> Execute(Flavor flavor, DbConnection connection, string sql, params object[] values)
    {
        using var command = Command(connection, sql, values);
        return await flavor.ExecuteNonQuery(command);
    }

    private static DbCommand Command(DbConnection connection, string sql, params object[] values)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var value in values)
        {
            var parameter = command.CreateParameter();
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static void SetFetchSize(DbCommand command, int rows)
    {
        if (command is global::Driver.Sync.HanaCommand sync)
        {
            sync.FetchSize = rows;
        }
        else
        {
            ((global::Driver.Async.HanaCommand)command).FetchSize = rows;
        }
    }

    private static async Task<List<int>> Ids(Flavor flavor, DbCommand command)
    {
        var ids = new List<int>();
        var reader = await flavor.ExecuteReader(command);
        while (await flavor.Read(reader))
        {
            ids.Add(reader.GetInt32(0));
        }
        await flavor.CloseReader(reader);
        return ids;
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task APreparedStatementOnATableOfNode2RunsOnNode2(string name)
    {
        var flavor = Flavor.Get(name);
        var table = await NewTable(flavor, 2);
        var connection = flavor.Create(Text("Statement"));
        await flavor.Open(connection);
        // a batch of 25 rows, then a query read 5 rows per FETCH: every fetch goes to the session that owns the cursor
        using (var insert = Command(connection, $"INSERT INTO {table} VALUES (?, ?)", 0, "x"))
        {
            Assert.Equal(25, await flavor.ExecuteBatch(insert, Enumerable.Range(1, 25).Select(i => new object?[] { i, $"n{i}" }).ToList()));
            Assert.Equal(1, await flavor.ExecuteNonQuery(insert));
        }
        using (var query = Command(connection, $"SELECT ID FROM {table} WHERE ID > ? ORDER BY ID", 0))
        {
            SetFetchSize(query, 5);
            Assert.Equal(Enumerable.Range(1, 25).ToList(), await Ids(flavor, query));
            // the second run reuses the statement prepared on node 2 and its session
            Assert.Equal(Enumerable.Range(1, 25).ToList(), await Ids(flavor, query));
        }
        Assert.Equal([2, 2], _server.NodesThatExecuted($"INSERT INTO {table}"));
        Assert.Equal([2, 2], _server.NodesThatExecuted($"SELECT ID FROM {table}"));
        // no parameters: EXECUTEDIRECT, never prepared, so never routed
        using (var count = Command(connection, $"SELECT COUNT(*) AS ROUTING_DIRECT FROM {table}"))
        {
            Assert.Equal(26, Convert.ToInt32(await flavor.ExecuteScalar(count)));
        }
        Assert.Equal([1], _server.NodesThatExecuted("ROUTING_DIRECT"));
        // a statement on a table of the anchor's own node stays where it is
        var local = await NewTable(flavor, 1);
        Assert.Equal(1, await Execute(flavor, connection, $"INSERT INTO {local} VALUES (?, ?)", 1, "a"));
        Assert.Equal([1], _server.NodesThatExecuted($"INSERT INTO {local}"));
        Assert.Equal(ConnectionState.Open, connection.State);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ALobIsWrittenAndReadOnTheRoutedSession(string name)
    {
        var flavor = Flavor.Get(name);
        var table = $"T2L_{Guid.NewGuid():N}".Substring(0, 12).ToUpperInvariant();
        _server.PlaceTable(table, 2);
        var setup = flavor.Create(Text("Off"));
        await flavor.Open(setup);
        await Execute(flavor, setup, $"CREATE TABLE {table} (ID INTEGER, DOC NCLOB)");
        await flavor.Close(setup);
        var connection = flavor.Create(Text("Statement"));
        await flavor.Open(connection);
        // big enough for WRITELOB pieces on the way in and READLOB on the way out, both on node 2's session
        var text = string.Concat(Enumerable.Range(0, 40_000).Select(i => (char)('a' + i % 26)));
        Assert.Equal(1, await Execute(flavor, connection, $"INSERT INTO {table} VALUES (?, ?)", 1, text));
        using (var query = Command(connection, $"SELECT DOC FROM {table} WHERE ID = ?", 1))
        {
            var reader = await flavor.ExecuteReader(query);
            Assert.True(await flavor.Read(reader));
            Assert.Equal(text, await flavor.ReadText(reader, 0));
            await flavor.CloseReader(reader);
        }
        Assert.Equal([2], _server.NodesThatExecuted($"INSERT INTO {table}"));
        Assert.Equal([2], _server.NodesThatExecuted($"SELECT DOC FROM {table}"));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task OneSecondarySessionPerNodeIsKeptAndClosedWithTheConnection(string name)
    {
        var flavor = Flavor.Get(name);
        var onNode2 = await NewTable(flavor, 2);
        var onNode3 = await NewTable(flavor, 3);
        await WaitForSessions(0);
        // the CREATE TABLEs ran on node 1
        _server.ClearExecutions();
        foreach (var pooled in new[] { false, true })
        {
            var connection = flavor.Create(Text("Statement").Replace("Pooling=false", $"Pooling={pooled}"));
            await flavor.Open(connection);
            for (var i = 0; i < 2; i++)
            {
                Assert.Equal(1, await Execute(flavor, connection, $"INSERT INTO {onNode2} VALUES (?, ?)", i, "a"));
                Assert.Equal(1, await Execute(flavor, connection, $"INSERT INTO {onNode3} VALUES (?, ?)", i, "a"));
            }
            // the anchor and one session each on nodes 2 and 3, the second round on the same sessions
            Assert.Equal(3, _server.ConnectionCount);
            var sessions = _server.Executions.Where(e => e.Sql.Contains(onNode2, StringComparison.Ordinal)).Select(e => (e.Node, e.ConnectionId)).Distinct().ToList();
            Assert.Equal(2, Assert.Single(sessions).Node);
            await flavor.Close(connection);
            // the secondary sessions end with the connection; a pooled anchor stays in its pool
            await WaitForSessions(pooled ? 1 : 0);
            _server.ClearExecutions();
        }
    }

    private async Task WaitForSessions(int count)
    {
        var deadline = Stopwatch.StartNew();
        while (_server.ConnectionCount != count && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }
        Assert.Equal(count, _server.ConnectionCount);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task CancelReachesTheRoutedSession(string name)
    {
        var flavor = Flavor.Get(name);
        var table = await NewTable(flavor, 2);
        var connection = flavor.Create(Text("Statement"));
        await flavor.Open(connection);
        Assert.Equal(1, await Execute(flavor, connection, $"INSERT INTO {table} VALUES (?, ?)", 1, "a"));
        using var command = Command(connection,
            $"SELECT SUM(A.GENERATED_PERIOD_START * B.GENERATED_PERIOD_START) FROM {table} T, SERIES_GENERATE_INTEGER(1, 0, 200000) A, SERIES_GENERATE_INTEGER(1, 0, 200000) B WHERE T.ID = ?", 1);
        command.CommandTimeout = 0;
        var running = Task.Run(() => flavor.ExecuteScalar(command));
        // Cancel does nothing until the statement runs: repeat it until the call ends
        var deadline = Stopwatch.StartNew();
        while (!running.IsCompleted && deadline.Elapsed < TimeSpan.FromMinutes(1))
        {
            command.Cancel();
            await Task.WhenAny(running, Task.Delay(250));
        }
        var error = await Assert.ThrowsAnyAsync<Exception>(() => running);
        Assert.IsType(flavor.HanaExceptionType, error);
        Assert.Equal(139, ((DbException)error).ErrorCode);
        Assert.Equal([2], _server.NodesThatExecuted($"SELECT SUM(A.GENERATED_PERIOD_START * B.GENERATED_PERIOD_START) FROM {table}"));
        // both sessions stay usable
        Assert.Equal(1, await Execute(flavor, connection, $"INSERT INTO {table} VALUES (?, ?)", 2, "b"));
        Assert.Equal(ConnectionState.Open, connection.State);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task WithDistributionOffTheStatementRunsOnTheAnchorNode(string name)
    {
        var flavor = Flavor.Get(name);
        var table = await NewTable(flavor, 2);
        foreach (var text in new[] { Text("Off"), Text("Connection"), $"Server={Node1};UserName=SYSTEM;Password={Server.DefaultPassword};Pooling=false" })
        {
            var connection = flavor.Create(text);
            await flavor.Open(connection);
            Assert.Equal(1, await Execute(flavor, connection, $"INSERT INTO {table} VALUES (?, ?)", 1, "a"));
            await flavor.Close(connection);
        }
        Assert.Equal([1, 1, 1], _server.NodesThatExecuted($"INSERT INTO {table}"));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task InsideATransactionNothingMovesAndCommitAndRollbackHold(string name)
    {
        var flavor = Flavor.Get(name);
        var table = await NewTable(flavor, 2);
        var connection = flavor.Create(Text("Statement"));
        await flavor.Open(connection);
        using var insert = Command(connection, $"INSERT INTO {table} VALUES (?, ?)", 1, "rolled back");
        // routed first (autocommit), so the command holds a statement prepared on node 2
        insert.Parameters[0].Value = 0;
        Assert.Equal(1, await flavor.ExecuteNonQuery(insert));
        var rollback = await flavor.BeginTransaction(connection);
        insert.Transaction = rollback;
        insert.Parameters[0].Value = 1;
        Assert.Equal(1, await flavor.ExecuteNonQuery(insert));
        await flavor.Rollback(rollback);
        var commit = await flavor.BeginTransaction(connection);
        insert.Transaction = commit;
        insert.Parameters[0].Value = 2;
        insert.Parameters[1].Value = "committed";
        Assert.Equal(1, await flavor.ExecuteNonQuery(insert));
        await flavor.Commit(commit);
        // autocommit again: the statement moves back to node 2
        insert.Transaction = null;
        insert.Parameters[0].Value = 3;
        Assert.Equal(1, await flavor.ExecuteNonQuery(insert));
        Assert.Equal([2, 1, 1, 2], _server.NodesThatExecuted($"INSERT INTO {table}"));
        await flavor.Close(connection);

        var check = flavor.Create(Text("Off"));
        await flavor.Open(check);
        using var query = Command(check, $"SELECT ID FROM {table} ORDER BY ID");
        Assert.Equal([0, 2, 3], await Ids(flavor, query));
        await flavor.Close(check);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AStoppedNodeFallsBackToTheAnchorSession(string name)
    {
        var flavor = Flavor.Get(name);
        var table = await NewTable(flavor, 2);
        var connection = flavor.Create(Text("Statement"));
        await flavor.Open(connection);
        using var insert = Command(connection, $"INSERT INTO {table} VALUES (?, ?)", 1, "a");
        Assert.Equal(1, await flavor.ExecuteNonQuery(insert));
        await _server.StopNodeAsync(2);
        var stopwatch = Stopwatch.StartNew();
        // the session to node 2 died with it: the next call fails with the documented HanaConnectionException, or
        // (had the driver seen the socket close first) runs on the anchor; the connection itself stays open
        try
        {
            await flavor.ExecuteNonQuery(insert);
        }
        catch (Exception exception)
        {
            Assert.IsType(flavor.ConnectionExceptionType, exception);
        }
        Assert.Equal(ConnectionState.Open, connection.State);
        // then: node 2 refuses the new session, and the statement runs on the anchor
        Assert.Equal(1, await flavor.ExecuteNonQuery(insert));
        Assert.Equal(1, await flavor.ExecuteNonQuery(insert));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"the fallback took {stopwatch.Elapsed}");
        var nodes = _server.NodesThatExecuted($"INSERT INTO {table}");
        Assert.Equal(2, nodes[0]);
        Assert.Equal([1, 1], nodes.Skip(nodes.Count - 2));
        await flavor.Close(connection);

        // a new connection, node 2 already down: straight to the anchor, no exception
        var fresh = flavor.Create(Text("Statement"));
        await flavor.Open(fresh);
        Assert.Equal(1, await Execute(flavor, fresh, $"INSERT INTO {table} VALUES (?, ?)", 9, "fresh"));
        Assert.Equal(1, _server.NodesThatExecuted($"INSERT INTO {table}")[^1]);
        await flavor.Close(fresh);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ADataSourceMarksTheNodeItCouldNotReachDown(string name)
    {
        var flavor = Flavor.Get(name);
        var table = await NewTable(flavor, 2);
        var text = Text("Statement");
        Func<bool?> node2Up;
        int landed;
        if (flavor.IsAsync)
        {
            await using var dataSource = global::Driver.Async.HanaDataSource.CreateBuilder(text).Build();
            await using var connection = await dataSource.OpenConnectionAsync();
            await _server.StopNodeAsync(2);
            await using var command = new global::Driver.Async.HanaCommand($"INSERT INTO {table} VALUES (?, ?)", connection);
            command.Parameters.Add(new global::Driver.Async.HanaParameter { Value = 1 });
            command.Parameters.Add(new global::Driver.Async.HanaParameter { Value = "a" });
            landed = await command.ExecuteNonQueryAsync();
            node2Up = () => dataSource.Topology.Nodes.FirstOrDefault(node => node.Port == _server.Node(2).Port)?.IsUp;
            Assert.False(node2Up());
        }
        else
        {
            using var dataSource = global::Driver.Sync.HanaDataSource.CreateBuilder(text).Build();
            using var connection = dataSource.OpenConnection();
            await _server.StopNodeAsync(2);
            using var command = new global::Driver.Sync.HanaCommand($"INSERT INTO {table} VALUES (?, ?)", connection);
            command.Parameters.Add(new global::Driver.Sync.HanaParameter { Value = 1 });
            command.Parameters.Add(new global::Driver.Sync.HanaParameter { Value = "a" });
            landed = command.ExecuteNonQuery();
            node2Up = () => dataSource.Topology.Nodes.FirstOrDefault(node => node.Port == _server.Node(2).Port)?.IsUp;
            Assert.False(node2Up());
        }
        Assert.Equal(1, landed);
        Assert.Equal([1], _server.NodesThatExecuted($"INSERT INTO {table}"));
    }

    private sealed record Asked(int Attempt, string? Text, List<int> Volumes, List<int> CandidatePorts);

    /// <summary>Records what it is asked about a statement; sends it to node 3 whatever TABLELOCATION says.</summary>
    private sealed class ToNode3Sync(int port) : global::Driver.Sync.IHanaHostSelectionPolicy
    {
        public List<Asked> Calls { get; } = [];

        public global::Driver.Sync.HanaNode? Node(global::Driver.Sync.HanaQueryInfo query, int attempt)
        {
            Calls.Add(new Asked(attempt, query.CommandText, query.TableVolumes.ToList(), query.Candidates.Select(c => c.Port).ToList()));
            return attempt == 0 ? query.Candidates.FirstOrDefault(c => c.Port == port) : null;
        }
    }

    private sealed class ToNode3Async(int port) : global::Driver.Async.IHanaHostSelectionPolicy
    {
        public List<Asked> Calls { get; } = [];

        public global::Driver.Async.HanaNode? Node(global::Driver.Async.HanaQueryInfo query, int attempt)
        {
            Calls.Add(new Asked(attempt, query.CommandText, query.TableVolumes.ToList(), query.Candidates.Select(c => c.Port).ToList()));
            return attempt == 0 ? query.Candidates.FirstOrDefault(c => c.Port == port) : null;
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task TheDataSourcesPolicyIsAskedWithTheStatementAndObeyed(string name)
    {
        var flavor = Flavor.Get(name);
        var table = await NewTable(flavor, 2);
        var sql = $"INSERT INTO {table} VALUES (?, ?)";
        // Pooling=false: the policy also orders the open (its calls there have no text); a pooled data source's
        // statements are routed by the policy just the same
        var text = Text("All");
        List<Asked> calls;
        if (flavor.IsAsync)
        {
            var policy = new ToNode3Async(_server.Node(3).Port);
            await using var dataSource = global::Driver.Async.HanaDataSource.CreateBuilder(text).UseHostSelectionPolicy(policy).Build();
            await using var connection = await dataSource.OpenConnectionAsync();
            using (var anchor = Command(connection, "SELECT 1 AS POLICY_ANCHOR FROM DUMMY"))
            {
                Assert.Equal(1, Convert.ToInt32(await flavor.ExecuteScalar(anchor)));
            }
            Assert.Equal(1, await Execute(flavor, connection, sql, 1, "a"));
            calls = policy.Calls;
        }
        else
        {
            var policy = new ToNode3Sync(_server.Node(3).Port);
            using var dataSource = global::Driver.Sync.HanaDataSource.CreateBuilder(text).UseHostSelectionPolicy(policy).Build();
            using var connection = dataSource.OpenConnection();
            using (var anchor = Command(connection, "SELECT 1 AS POLICY_ANCHOR FROM DUMMY"))
            {
                Assert.Equal(1, Convert.ToInt32(await flavor.ExecuteScalar(anchor)));
            }
            Assert.Equal(1, await Execute(flavor, connection, sql, 1, "a"));
            calls = policy.Calls;
        }
        // the open: no topology yet, the one Server endpoint, node 3 not among the candidates: it lands on node 1
        Assert.Equal([1], _server.NodesThatExecuted("POLICY_ANCHOR"));
        var statement = Assert.Single(calls, call => call.Text is not null);
        Assert.Equal(0, statement.Attempt);
        Assert.Equal(sql, statement.Text);
        Assert.Equal([_server.Node(2).VolumeId], statement.Volumes);
        // the anchor's node first, then the others in the topology's order
        Assert.Equal([_server.Node(1).Port, _server.Node(2).Port, _server.Node(3).Port], statement.CandidatePorts);
        Assert.Equal([3], _server.NodesThatExecuted(sql));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task TheSpanNamesTheNodeTheStatementRanOn(string name)
    {
        var flavor = Flavor.Get(name);
        var table = await NewTable(flavor, 2);
        var ports = _server.Nodes.Select(node => node.Port).ToHashSet();
        var spans = new List<(string? Operation, string? Host, int? Port)>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == (flavor.IsAsync ? global::Driver.Async.HanaTelemetry.ActivitySourceName : global::Driver.Sync.HanaTelemetry.ActivitySourceName),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                // other tests' spans on other servers are left out by their ports
                if (activity.GetTagItem("server.port") is int port && ports.Contains(port))
                {
                    lock (spans)
                    {
                        spans.Add((activity.GetTagItem("db.operation.name") as string, activity.GetTagItem("server.address") as string, port));
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var connection = flavor.Create(Text("Statement"));
        await flavor.Open(connection);
        using var insert = Command(connection, $"INSERT INTO {table} VALUES (?, ?)", 1, "a");
        // the first run decides (prepared on the anchor, then routed), the second reuses the routed statement
        Assert.Equal(1, await flavor.ExecuteNonQuery(insert));
        Assert.Equal(1, await flavor.ExecuteNonQuery(insert));
        await flavor.Close(connection);
        List<(string? Operation, string? Host, int? Port)> inserts;
        lock (spans)
        {
            inserts = spans.Where(span => span.Operation == "INSERT").ToList();
        }
        Assert.Equal(2, inserts.Count);
        Assert.All(inserts, span => Assert.Equal((_server.Node(2).Host, _server.Node(2).Port), (span.Host, span.Port)));
        Assert.Equal([2, 2], _server.NodesThatExecuted($"INSERT INTO {table}"));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public void TheDistributionKeyTakesSapsSpellingsAndRefusesOthers(string name)
    {
        if (name == "Sync")
        {
            Assert.Equal(global::Driver.Sync.HanaDistribution.Off, new global::Driver.Sync.HanaConnectionStringBuilder("Server=h:1").Distribution);
            Assert.Equal(global::Driver.Sync.HanaDistribution.Statement, new global::Driver.Sync.HanaConnectionStringBuilder("DISTRIBUTION=statement").Distribution);
            Assert.Equal(global::Driver.Sync.HanaDistribution.All, new global::Driver.Sync.HanaConnectionStringBuilder("Distribution=3").Distribution);
            var builder = new global::Driver.Sync.HanaConnectionStringBuilder { Distribution = global::Driver.Sync.HanaDistribution.Connection };
            Assert.Equal("distribution=Connection", builder.ConnectionString);
            var refused = Assert.Throws<ArgumentException>(() => new global::Driver.Sync.HanaConnectionStringBuilder("distribution=sometimes"));
            Assert.Contains("Off, Connection, Statement or All", refused.Message);
        }
        else
        {
            Assert.Equal(global::Driver.Async.HanaDistribution.Off, new global::Driver.Async.HanaConnectionStringBuilder("Server=h:1").Distribution);
            Assert.Equal(global::Driver.Async.HanaDistribution.Statement, new global::Driver.Async.HanaConnectionStringBuilder("DISTRIBUTION=statement").Distribution);
            Assert.Equal(global::Driver.Async.HanaDistribution.All, new global::Driver.Async.HanaConnectionStringBuilder("Distribution=3").Distribution);
            var builder = new global::Driver.Async.HanaConnectionStringBuilder { Distribution = global::Driver.Async.HanaDistribution.Connection };
            Assert.Equal("distribution=Connection", builder.ConnectionString);
            var refused = Assert.Throws<ArgumentException>(() => new global::Driver.Async.HanaConnectionStringBuilder("distribution=4"));
            Assert.Contains("Off, Connection, Statement or All", refused.Message);
        }
    }
}
