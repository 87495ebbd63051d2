using System.Collections.Concurrent;
using System.Diagnostics;
using Driver.TestServer;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.ScaleOut;

/// <summary>
/// The failover-under-load workload (issue 15, docs/scale-out.md "Failover under load"): a test server with
/// <see cref="FailoverUnderLoadOptions.Nodes"/> nodes; Driver.Async workers (tasks) and Driver.Sync threads, each
/// through a pooled data source on <c>Server=n1,n2,n3</c>, run transactions (open, begin, insert 1..N rows tagged
/// worker / transaction / row one EXECUTE each, commit) with a read of their own committed transactions after each;
/// the master node is stopped mid-run. Every call's outcome is recorded; afterwards the table is read from a
/// surviving node and the outcomes are checked against it (<see cref="FailoverUnderLoadResult.Violations"/>).
/// Only the public API of the drivers is used: the behaviour checked is what the drivers do today (the pool walks
/// <c>Server</c>'s endpoints; an idle pooled session whose socket the server closed is not handed out; a broken
/// session is not given back), whatever the pooled-session policies later change about where sessions open.
/// </summary>
internal static class FailoverUnderLoad
{
    private const string Table = "FAILOVER_ROWS";
    private const string Insert = "INSERT INTO " + Table + " (WORKER, TXN, K, N) VALUES (?, ?, ?, ?)";
    private const string CountOwn = "SELECT COUNT(DISTINCT TXN) FROM " + Table + " WHERE WORKER = ?";

    /// <summary>Runs the workload once against a new test server and checks the outcome.</summary>
    public static async Task<FailoverUnderLoadResult> RunAsync(FailoverUnderLoadOptions options)
    {
        await using var server = await Server.StartAsync(new TestServerOptions { Nodes = options.Nodes });
        var endpoints = string.Join(",", server.Nodes.Select(n => $"{n.Host}:{n.Port}"));
        var maxPool = Math.Max(options.AsyncWorkers, options.SyncThreads) + 10;
        var pooled = $"Server={endpoints};UserName=SYSTEM;Password={Server.DefaultPassword};Max Pool Size={maxPool}";
        using (var setup = new global::Driver.Sync.HanaConnection($"Server={endpoints};UserName=SYSTEM;Password={Server.DefaultPassword};Pooling=false"))
        {
            setup.Open();
            using var create = new global::Driver.Sync.HanaCommand($"CREATE TABLE {Table} (WORKER INTEGER, TXN INTEGER, K INTEGER, N INTEGER)", setup);
            create.ExecuteNonQuery();
        }

        var run = new Run(options);
        var master = server.Master ?? throw new InvalidOperationException("The test server has no master node.");
        run.StoppedEndpoint = $"{master.Host}:{master.Port}";
        foreach (var node in server.Nodes)
        {
            run.NodeOfEndpoint[$"{node.Host}:{node.Port}"] = node.Number;
        }
        run.StoppedNode = master.Number;

        using var syncSource = new global::Driver.Sync.HanaDataSource(pooled);
        await using var asyncSource = new global::Driver.Async.HanaDataSource(pooled);
        var asyncWorkers = Enumerable.Range(0, options.AsyncWorkers).Select(i => Task.Run(() => AsyncWorker(run, asyncSource, i))).ToList();
        var syncThreads = Enumerable.Range(0, options.SyncThreads).Select(i =>
        {
            var thread = new Thread(() => SyncWorker(run, syncSource, options.AsyncWorkers + i)) { IsBackground = true, Name = $"failover sync {i}" };
            thread.Start();
            return thread;
        }).ToList();

        // the run's time counts from both flavors' first commit (bounded)
        while (!run.BothCommitted && run.Clock.Elapsed < options.WarmUpLimit)
        {
            await Task.Delay(20);
        }
        run.WarmAt = run.Clock.ElapsedTicks;
        Volatile.Write(ref run.EndAt, run.WarmAt + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency));

        // the master stops mid-run: its listener and every session on it go (TestServer.StopNodeAsync)
        await Task.Delay(options.StopMasterAfter);
        var poolsAtStop = await PoolStatistics(syncSource, asyncSource);
        Volatile.Write(ref run.StopStarted, run.Clock.ElapsedTicks);
        await server.StopNodeAsync(master.Number);
        Volatile.Write(ref run.StopReturned, run.Clock.ElapsedTicks);

        // bounded: every call has its own bound (Connect Timeout 15 s, Command Timeout 30 s), so a worker ends within
        // a minute of the run's end unless something hangs, which the result then reports
        var allDone = Task.WhenAll(asyncWorkers.Append(Task.Run(() => syncThreads.ForEach(t => t.Join()))));
        var finished = await Task.WhenAny(allDone, Task.Delay(TimeSpan.FromSeconds(60 + Math.Max(0, run.Ticks(run.EndAt - run.Clock.ElapsedTicks).TotalSeconds)))) == allDone;
        if (!finished)
        {
            run.Violation($"workers still running 60 s after the end of the run (a hang): {asyncWorkers.Count(t => !t.IsCompleted)} async, {syncThreads.Count(t => t.IsAlive)} sync");
        }
        else
        {
            await allDone;
        }

        var poolsAtEnd = await PoolStatistics(syncSource, asyncSource);

        // the table as the surviving master has it
        var present = new Dictionary<(int Worker, int Txn), List<int>>();
        var survivor = server.Master ?? throw new InvalidOperationException("No node is left.");
        using (var check = new global::Driver.Sync.HanaConnection($"Server={survivor.Host}:{survivor.Port};UserName=SYSTEM;Password={Server.DefaultPassword};Pooling=false"))
        {
            check.Open();
            using var select = new global::Driver.Sync.HanaCommand($"SELECT WORKER, TXN, K, N FROM {Table}", check);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var key = (reader.GetInt32(0), reader.GetInt32(1));
                if (!present.TryGetValue(key, out var rows))
                {
                    present[key] = rows = [];
                }
                rows.Add(reader.GetInt32(2));
            }
        }
        var result = run.Result(present, finished);
        result.Flavor("Sync").SessionsCreatedAfterStop = poolsAtEnd.Sync.Created - poolsAtStop.Sync.Created;
        result.Flavor("Sync").SessionsDestroyedAfterStop = poolsAtEnd.Sync.Destroyed - poolsAtStop.Sync.Destroyed;
        result.Flavor("Async").SessionsCreatedAfterStop = poolsAtEnd.Async.Created - poolsAtStop.Async.Created;
        result.Flavor("Async").SessionsDestroyedAfterStop = poolsAtEnd.Async.Destroyed - poolsAtStop.Async.Destroyed;
        return result;
    }

    /// <summary>Both pools' counters (sessions created and destroyed so far), read through a connection of each.</summary>
    private static async Task<(global::Driver.Pooling.PoolStatistics Sync, global::Driver.Pooling.PoolStatistics Async)> PoolStatistics(
        global::Driver.Sync.HanaDataSource syncSource, global::Driver.Async.HanaDataSource asyncSource)
    {
        using var sync = syncSource.OpenConnection();
        await using var asyncConnection = await asyncSource.OpenConnectionAsync();
        return (sync.GetPoolStatistics()!, asyncConnection.GetPoolStatistics()!);
    }

    private static async Task AsyncWorker(Run run, global::Driver.Async.HanaDataSource source, int worker)
    {
        var log = run.NewWorkerLog("Async", worker);
        var random = new Random(worker);
        for (var number = 1; run.Clock.ElapsedTicks < Volatile.Read(ref run.EndAt); number++)
        {
            var transaction = log.Begin(number, random.Next(1, run.Options.MaxRowsPerTransaction + 1));
            global::Driver.Async.HanaConnection? connection = null;
            global::Driver.Async.HanaTransaction? begun = null;
            var connectionId = 0;
            var call = "open";
            var start = run.Clock.ElapsedTicks;
            try
            {
                connection = await source.OpenConnectionAsync();
                connectionId = run.Opened(log, connection.ConnectionId, connection.DataSource, start);
                call = "begin";
                begun = await connection.BeginTransactionAsync();
                log.Ok("begin");
                call = "insert";
                await using (var insert = new global::Driver.Async.HanaCommand(Insert, connection) { Transaction = begun })
                {
                    for (var k = 0; k < transaction.Rows; k++)
                    {
                        insert.Parameters.Clear();
                        insert.Parameters.AddWithValue(worker);
                        insert.Parameters.AddWithValue(number);
                        insert.Parameters.AddWithValue(k);
                        insert.Parameters.AddWithValue(transaction.Rows);
                        await insert.ExecuteNonQueryAsync();
                        log.Ok("insert");
                    }
                }
                call = "commit";
                transaction.CommitSent = true;
                await begun.CommitAsync();
                log.Committed(transaction, run.Clock.ElapsedTicks);
                run.NoteCommit(log.Flavor);
            }
            catch (Exception exception)
            {
                run.Failed(log, transaction, call, exception, connectionId);
            }
            finally
            {
                await CloseAsync(run, log, begun, connection, connectionId);
            }
            await ReadAsync(run, log, source, worker);
        }
    }

    private static void SyncWorker(Run run, global::Driver.Sync.HanaDataSource source, int worker)
    {
        var log = run.NewWorkerLog("Sync", worker);
        var random = new Random(worker);
        for (var number = 1; run.Clock.ElapsedTicks < Volatile.Read(ref run.EndAt); number++)
        {
            var transaction = log.Begin(number, random.Next(1, run.Options.MaxRowsPerTransaction + 1));
            global::Driver.Sync.HanaConnection? connection = null;
            global::Driver.Sync.HanaTransaction? begun = null;
            var connectionId = 0;
            var call = "open";
            var start = run.Clock.ElapsedTicks;
            try
            {
                connection = source.OpenConnection();
                connectionId = run.Opened(log, connection.ConnectionId, connection.DataSource, start);
                call = "begin";
                begun = connection.BeginTransaction();
                log.Ok("begin");
                call = "insert";
                using (var insert = new global::Driver.Sync.HanaCommand(Insert, connection) { Transaction = begun })
                {
                    for (var k = 0; k < transaction.Rows; k++)
                    {
                        insert.Parameters.Clear();
                        insert.Parameters.AddWithValue(worker);
                        insert.Parameters.AddWithValue(number);
                        insert.Parameters.AddWithValue(k);
                        insert.Parameters.AddWithValue(transaction.Rows);
                        insert.ExecuteNonQuery();
                        log.Ok("insert");
                    }
                }
                call = "commit";
                transaction.CommitSent = true;
                begun.Commit();
                log.Committed(transaction, run.Clock.ElapsedTicks);
                run.NoteCommit(log.Flavor);
            }
            catch (Exception exception)
            {
                run.Failed(log, transaction, call, exception, connectionId);
            }
            finally
            {
                try
                {
                    begun?.Dispose();
                    connection?.Dispose();
                }
                catch (Exception exception)
                {
                    run.Failed(log, null, "close", exception, connectionId);
                }
            }
            Read(run, log, source, worker);
        }
    }

    private static async Task CloseAsync(Run run, WorkerLog log, global::Driver.Async.HanaTransaction? begun, global::Driver.Async.HanaConnection? connection, int connectionId)
    {
        try
        {
            if (begun is not null)
            {
                await begun.DisposeAsync();
            }
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
        catch (Exception exception)
        {
            run.Failed(log, null, "close", exception, connectionId);
        }
    }

    /// <summary>Reads the count of the worker's own transactions in the table (read-your-writes through any node).</summary>
    private static async Task ReadAsync(Run run, WorkerLog log, global::Driver.Async.HanaDataSource source, int worker)
    {
        var start = run.Clock.ElapsedTicks;
        var connectionId = 0;
        try
        {
            await using var connection = await source.OpenConnectionAsync();
            connectionId = run.Opened(log, connection.ConnectionId, connection.DataSource, start);
            await using var count = new global::Driver.Async.HanaCommand(CountOwn, connection);
            count.Parameters.AddWithValue(worker);
            var seen = Convert.ToInt32(await count.ExecuteScalarAsync());
            run.ReadDone(log, seen, start, connection.DataSource);
        }
        catch (Exception exception)
        {
            run.Failed(log, null, "read", exception, connectionId);
        }
    }

    private static void Read(Run run, WorkerLog log, global::Driver.Sync.HanaDataSource source, int worker)
    {
        var start = run.Clock.ElapsedTicks;
        var connectionId = 0;
        try
        {
            using var connection = source.OpenConnection();
            connectionId = run.Opened(log, connection.ConnectionId, connection.DataSource, start);
            using var count = new global::Driver.Sync.HanaCommand(CountOwn, connection);
            count.Parameters.AddWithValue(worker);
            var seen = Convert.ToInt32(count.ExecuteScalar());
            run.ReadDone(log, seen, start, connection.DataSource);
        }
        catch (Exception exception)
        {
            run.Failed(log, null, "read", exception, connectionId);
        }
    }

    /// <summary>What one worker saw; owned by that worker alone until the run ends.</summary>
    private sealed class WorkerLog(string flavor, int worker)
    {
        public string Flavor { get; } = flavor;
        public int Worker { get; } = worker;
        public List<FailoverUnderLoadTransaction> Transactions { get; } = [];
        public Dictionary<string, int> Calls { get; } = [];
        public int CommittedCount { get; private set; }
        public int CommitsInDoubt { get; private set; }
        public bool Affected { get; set; }
        public long FailedAfterStopAt { get; set; }
        public long RecoveredAt { get; set; }
        public int ReadsTooFew { get; set; }
        public int ReadsTooMany { get; set; }

        public FailoverUnderLoadTransaction Begin(int number, int rows)
        {
            var transaction = new FailoverUnderLoadTransaction(Flavor, Worker, number, rows);
            Transactions.Add(transaction);
            return transaction;
        }

        public void Ok(string call) => Count($"{call}: ok");

        public void Count(string key) => Calls[key] = Calls.GetValueOrDefault(key) + 1;

        public void Committed(FailoverUnderLoadTransaction transaction, long at)
        {
            transaction.Committed = true;
            transaction.CommittedAt = at;
            CommittedCount++;
            Ok("commit");
        }

        public void CommitFailed() => CommitsInDoubt++;
    }

    /// <summary>The state the workers share: the clock, the stop's moments, the sessions seen broken.</summary>
    private sealed class Run(FailoverUnderLoadOptions options)
    {
        private readonly ConcurrentQueue<WorkerLog> _logs = new();
        private readonly ConcurrentQueue<string> _violations = new();
        // server connection id -> the run's clock when a call on it failed with a connection error
        private readonly ConcurrentDictionary<int, long> _broken = new();
        private long _firstReadAfterStopSync = long.MaxValue;
        private long _firstReadAfterStopAsync = long.MaxValue;
        private int _staleHandouts;
        private int _brokenReused;
        private int _readsOnStoppedNode;

        private int _asyncCommitted;
        private int _syncCommitted;

        public long StopStarted = long.MaxValue;
        public long EndAt = long.MaxValue;
        public long WarmAt;

        public bool BothCommitted => Volatile.Read(ref _asyncCommitted) != 0 && Volatile.Read(ref _syncCommitted) != 0;

        public void NoteCommit(string flavor) => Volatile.Write(ref flavor == "Sync" ? ref _syncCommitted : ref _asyncCommitted, 1);
        public long StopReturned = long.MaxValue;

        public FailoverUnderLoadOptions Options { get; } = options;
        public Stopwatch Clock { get; } = Stopwatch.StartNew();
        public string StoppedEndpoint { get; set; } = "";
        public Dictionary<string, int> NodeOfEndpoint { get; } = [];
        public ConcurrentDictionary<string, string> Samples { get; } = new();
        public int StoppedNode { get; set; }

        public WorkerLog NewWorkerLog(string flavor, int worker)
        {
            var log = new WorkerLog(flavor, worker);
            _logs.Enqueue(log);
            return log;
        }

        public void Violation(string what)
        {
            if (_violations.Count < 200)
            {
                _violations.Enqueue(what);
            }
        }

        /// <summary>
        /// An open returned a session: it must be neither one a call already failed on (a broken session given back
        /// to the pool and out again) nor, when the open began after the stop had returned, one on the stopped node
        /// (an idle session whose socket the server had already reset, handed out).
        /// </summary>
        public int Opened(WorkerLog log, int connectionId, string endpoint, long start)
        {
            log.Ok("open");
            var node = NodeOfEndpoint.TryGetValue(endpoint, out var number) ? $"node {number}" : endpoint;
            log.Count(start < Volatile.Read(ref StopStarted) ? $"open: on {node}, begun before the stop" : $"open: on {node}, begun after the stop");
            if (_broken.TryGetValue(connectionId, out var brokenAt) && brokenAt < start)
            {
                Interlocked.Increment(ref _brokenReused);
                Violation($"{log.Flavor} worker {log.Worker}: an open returned session {connectionId}, on which a call had failed with a connection error before the open began");
            }
            if (start > Volatile.Read(ref StopReturned) && endpoint == StoppedEndpoint)
            {
                Interlocked.Increment(ref _staleHandouts);
                Violation($"{log.Flavor} worker {log.Worker}: an open that began after the stop returned session {connectionId} on the stopped node {endpoint}");
            }
            return connectionId;
        }

        public void ReadDone(WorkerLog log, int seen, long start, string endpoint)
        {
            log.Ok("read");
            if (log.Affected && log.RecoveredAt == 0)
            {
                log.RecoveredAt = Clock.ElapsedTicks;
            }
            // read-your-writes: every transaction whose Commit returned is seen; at most those plus the ones whose
            // commit failed (in doubt)
            if (seen < log.CommittedCount)
            {
                log.ReadsTooFew++;
                Violation($"{log.Flavor} worker {log.Worker}: a read saw {seen} of its transactions, {log.CommittedCount} had committed");
            }
            else if (seen > log.CommittedCount + log.CommitsInDoubt)
            {
                log.ReadsTooMany++;
                Violation($"{log.Flavor} worker {log.Worker}: a read saw {seen} of its transactions, only {log.CommittedCount} committed and {log.CommitsInDoubt} in doubt");
            }
            if (start > Volatile.Read(ref StopReturned) && endpoint == StoppedEndpoint)
            {
                Interlocked.Increment(ref _readsOnStoppedNode);
            }
            // reads resume on the surviving nodes: the first read begun after the stop began that ran on another node
            // (the stop itself waits for the node's sessions to end, which takes long on a loaded machine)
            if (start > Volatile.Read(ref StopStarted) && endpoint != StoppedEndpoint)
            {
                ref var first = ref log.Flavor == "Sync" ? ref _firstReadAfterStopSync : ref _firstReadAfterStopAsync;
                var now = Clock.ElapsedTicks;
                long seenFirst;
                while (now < (seenFirst = Volatile.Read(ref first)) && Interlocked.CompareExchange(ref first, now, seenFirst) != seenFirst)
                {
                }
            }
        }

        public void Failed(WorkerLog log, FailoverUnderLoadTransaction? transaction, string call, Exception exception, int connectionId)
        {
            var type = exception.GetType().FullName ?? exception.GetType().Name;
            log.Count($"{call}: {type}");
            Samples.TryAdd($"{log.Flavor} {call}: {type}", exception.Message);
            var unknown = false;
            if (exception is global::Driver.Sync.HanaConnectionException sync)
            {
                unknown = sync.OutcomeUnknown;
            }
            else if (exception is global::Driver.Async.HanaConnectionException asyncFailure)
            {
                unknown = asyncFailure.OutcomeUnknown;
            }
            if (exception is global::Driver.Sync.HanaConnectionException or global::Driver.Async.HanaConnectionException)
            {
                if (connectionId != 0)
                {
                    _broken.TryAdd(connectionId, Clock.ElapsedTicks);
                }
                // a worker the stop reached: how long until its own next read succeeds is its recovery time
                if (Clock.ElapsedTicks > Volatile.Read(ref StopStarted) && !log.Affected)
                {
                    log.Affected = true;
                    log.FailedAfterStopAt = Clock.ElapsedTicks;
                }
            }
            // documented: HanaException and its subclasses (HanaConnectionException, HanaProtocolException, ...);
            // no call of the run has a token or a timeout that would make an OperationCanceledException documented
            if (exception is not (global::Driver.Sync.HanaException or global::Driver.Async.HanaException))
            {
                Violation($"{log.Flavor} worker {log.Worker}: {call} failed with an undocumented {type}: {exception}");
            }
            if (transaction is not null)
            {
                transaction.FailedAt = call;
                transaction.Exception = type;
                transaction.OutcomeUnknown = unknown;
                if (transaction.CommitSent)
                {
                    log.CommitFailed();
                }
            }
        }

        public FailoverUnderLoadResult Result(Dictionary<(int Worker, int Txn), List<int>> present, bool finished)
        {
            var logs = _logs.ToList();
            var transactions = logs.SelectMany(l => l.Transactions).ToList();
            var known = transactions.ToDictionary(t => (t.Worker, t.Number));
            var result = new FailoverUnderLoadResult
            {
                Options = Options,
                Finished = finished,
                StoppedNode = StoppedNode,
                StopTook = Ticks(StopReturned - StopStarted),
                StopAt = Ticks(StopStarted),
                WarmAt = Ticks(WarmAt),
                EndAt = Ticks(EndAt),
                FirstReadAfterStopSync = _firstReadAfterStopSync == long.MaxValue ? null : Ticks(_firstReadAfterStopSync - StopStarted),
                FirstReadAfterStopAsync = _firstReadAfterStopAsync == long.MaxValue ? null : Ticks(_firstReadAfterStopAsync - StopStarted),
                BrokenSessionsReused = _brokenReused,
                StaleSessionsHandedOut = _staleHandouts,
                ReadsOnStoppedNode = _readsOnStoppedNode,
                SessionsSeenBroken = _broken.Count,
            };
            foreach (var key in present.Keys.Where(k => !known.ContainsKey(k)).Take(10))
            {
                Violation($"rows of worker {key.Worker} transaction {key.Txn}, which no worker began");
            }
            foreach (var flavor in new[] { "Async", "Sync" })
            {
                var figures = result.Flavor(flavor);
                foreach (var log in logs.Where(l => l.Flavor == flavor))
                {
                    foreach (var (call, count) in log.Calls)
                    {
                        figures.Calls[call] = figures.Calls.GetValueOrDefault(call) + count;
                    }
                    figures.ReadsTooFew += log.ReadsTooFew;
                    if (log.Affected)
                    {
                        figures.AffectedWorkers++;
                        if (log.RecoveredAt == 0)
                        {
                            Violation($"{flavor} worker {log.Worker}: a call failed after the stop and no read of it succeeded afterwards");
                        }
                        else
                        {
                            figures.Recoveries.Add(Ticks(log.RecoveredAt - StopStarted));
                            figures.Detections.Add(Ticks(log.FailedAfterStopAt - StopStarted));
                        }
                    }
                    figures.ReadsTooMany += log.ReadsTooMany;
                }
                foreach (var transaction in transactions.Where(t => t.Flavor == flavor))
                {
                    present.TryGetValue((transaction.Worker, transaction.Number), out var rows);
                    var distinct = rows?.Distinct().Count() ?? 0;
                    var whole = rows is not null && rows.Count == transaction.Rows && distinct == transaction.Rows && rows.All(k => k >= 0 && k < transaction.Rows);
                    var absent = rows is null;
                    if (!whole && !absent)
                    {
                        figures.Partial++;
                        Violation($"{flavor} worker {transaction.Worker} transaction {transaction.Number}: {rows!.Count} rows of {transaction.Rows} present (committed: {transaction.Committed}, failed at {transaction.FailedAt ?? "-"})");
                    }
                    if (transaction.Committed)
                    {
                        figures.Committed++;
                        if (transaction.CommittedAt < StopStarted)
                        {
                            figures.CommittedBeforeStop++;
                        }
                        else
                        {
                            figures.CommittedAfterStop++;
                        }
                        if (absent)
                        {
                            figures.Missing++;
                            Violation($"{flavor} worker {transaction.Worker} transaction {transaction.Number}: Commit returned, no row is in the table");
                        }
                    }
                    else if (transaction.CommitSent)
                    {
                        // the commit's call failed: the server may or may not have committed it (in doubt)
                        figures.CommitFailed++;
                        figures.InDoubtCommitted += whole ? 1 : 0;
                        figures.InDoubtRolledBack += absent ? 1 : 0;
                        figures.OutcomeUnknown += transaction.OutcomeUnknown ? 1 : 0;
                        if (whole && !transaction.OutcomeUnknown)
                        {
                            // docs/reliability.md: a write that may have reached the server fails with OutcomeUnknown
                            figures.CommittedDespiteKnownOutcome++;
                            Violation($"{flavor} worker {transaction.Worker} transaction {transaction.Number}: its commit failed with OutcomeUnknown = false ({transaction.Exception}), yet it committed");
                        }
                    }
                    else if (transaction.FailedAt is not null)
                    {
                        figures.FailedBeforeCommit++;
                        if (whole)
                        {
                            figures.CommittedWithoutCommit++;
                            Violation($"{flavor} worker {transaction.Worker} transaction {transaction.Number}: failed at {transaction.FailedAt} before its commit, yet all its rows are in the table");
                        }
                    }
                }
                figures.CommitTimes = transactions.Where(t => t.Flavor == flavor && t.Committed).Select(t => Ticks(t.CommittedAt).TotalSeconds).Order().ToList();
            }
            result.Violations.AddRange(_violations);
            foreach (var (key, message) in Samples.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                result.Samples[key] = message;
            }
            return result;
        }

        /// <summary>The run's clock ticks as a time span.</summary>
        public TimeSpan Ticks(long ticks) => TimeSpan.FromSeconds(ticks / (double)Stopwatch.Frequency);
    }
}
