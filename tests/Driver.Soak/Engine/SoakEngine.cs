using System.Diagnostics;
using Driver.Pooling;

namespace Driver.Soak;

/// <summary>
/// Runs the soak: an in-process test server, sync worker threads on Driver.Sync and async worker tasks on
/// Driver.Async sharing nothing but the server, a fault injector, a hang watchdog and a sampler.
/// </summary>
internal static class SoakEngine
{
    /// <summary>How often each kind of call is made (weights).</summary>
    private static readonly (SoakOperation Operation, int Weight)[] Mix =
    [
        (SoakOperation.PointSelect, 25),
        (SoakOperation.PageFetch, 15),
        (SoakOperation.EarlyDispose, 8),
        (SoakOperation.Transaction, 15),
        (SoakOperation.Batch, 10),
        (SoakOperation.Lob, 7),
        (SoakOperation.CancelToken, 12),
        (SoakOperation.ShortTimeout, 3),
    ];

    public static async Task<SoakResult> RunAsync(SoakOptions options)
    {
        var server = await TestServer.TestServer.StartAsync();
        try
        {
            return await RunAsync(options, server);
        }
        finally
        {
            // bounded: the server aborts every session, a stuck worker cannot hold this up
            await server.DisposeAsync();
        }
    }

    private static async Task<SoakResult> RunAsync(SoakOptions options, TestServer.TestServer server)
    {
        var connectionString = $"{server.ConnectionString};Max Pool Size={options.MaxPoolSize};FetchSize=64;" +
                               $"Command Timeout={options.CommandTimeoutSeconds};Connect Timeout={options.ConnectTimeoutSeconds}";
        var monitor = new Monitor(server.ConnectionString);
        foreach (var sql in SoakWorkload.Setup())
        {
            monitor.Execute(sql);
        }

        var counters = new SoakCounters();

        SoakFlavor[] flavors = [new SyncSoakFlavor(), new AsyncSoakFlavor()];
        var slots = new List<WorkerSlot>();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var injector = new FaultInjector(server, options, monitor.ConnectionId, clock);
        var hangLimitTicks = (long)(options.HangLimit.TotalSeconds * Stopwatch.Frequency);

        for (var i = 0; i < options.SyncThreads + options.AsyncTasks; i++)
        {
            var flavor = flavors[i < options.SyncThreads ? 0 : 1];
            var slot = new WorkerSlot(i, flavor);
            var random = new Random(options.Seed * 1000 + i);
            slot.Workload = new SoakWorkload(flavor, connectionString, server, i, random);
            slots.Add(slot);
            if (flavor.IsAsync)
            {
                _ = Task.Run(() => WorkerLoop(slot, random, options.Skipped, counters, injector, clock, stop.Token));
            }
            else
            {
                // a thread of its own: every call blocks it in the driver, as a legacy app's thread would be
                new Thread(() => WorkerLoop(slot, random, options.Skipped, counters, injector, clock, stop.Token).GetAwaiter().GetResult())
                {
                    IsBackground = true,
                    Name = $"soak sync {i}",
                }.Start();
            }
        }
        var faultThread = new Thread(() => injector.Run(stop.Token)) { IsBackground = true, Name = "soak faults" };
        faultThread.Start();
        using var watchdogStop = new CancellationTokenSource();
        var watchdog = new Thread(() => Watch(slots, counters, injector, clock, hangLimitTicks, watchdogStop.Token))
        {
            IsBackground = true,
            Name = "soak watchdog",
        };
        watchdog.Start();

        var samples = new List<SoakSample>();
        var previousCalls = 0L;
        var previousSeconds = 0.0;
        void TakeSample()
        {
            var sample = Sample(clock.Elapsed.TotalSeconds, monitor, flavors, connectionString, counters, injector, previousCalls, previousSeconds);
            samples.Add(sample);
            previousCalls = sample.Calls;
            previousSeconds = sample.Seconds;
            options.Log?.Invoke(
                $"{sample.Seconds / 60,6:0.0} min  calls {sample.Calls,8} ({sample.CallsPerSecond,6:0.0}/s)  documented {sample.Documented,6}  " +
                $"raw {sample.Raw}  wrong {sample.Wrong}  hangs {sample.Hangs}  faults {sample.FaultsPlanned}  heap {sample.HeapAfterGcMb:0.0} MB  " +
                $"ws {sample.WorkingSetMb:0} MB  gc committed {sample.GcCommittedMb:0} MB  duckdb {sample.ServerEngineMb:0} MB  fds {sample.FileDescriptors}  threads {sample.Threads}  " +
                $"server {sample.ServerConnections}/{sample.ServerPreparedStatements}/{sample.ServerResultSets}");
        }

        TakeSample();
        while (clock.Elapsed < options.Duration)
        {
            var wait = options.SampleInterval - TimeSpan.FromTicks(clock.Elapsed.Ticks % options.SampleInterval.Ticks);
            var left = options.Duration - clock.Elapsed;
            await Task.Delay(wait < left ? wait : left > TimeSpan.Zero ? left : TimeSpan.Zero);
            TakeSample();
        }

        // stop: no new calls, no new faults; the calls in progress get the hang limit to finish
        stop.Cancel();
        faultThread.Join(TimeSpan.FromSeconds(5));
        var drainDeadline = clock.Elapsed + options.HangLimit + TimeSpan.FromSeconds(5);
        while (slots.Any(slot => !slot.Finished) && clock.Elapsed < drainDeadline)
        {
            await Task.Delay(100);
        }
        watchdogStop.Cancel();
        watchdog.Join(TimeSpan.FromSeconds(5));
        var abandoned = 0;
        foreach (var slot in slots.Where(slot => !slot.Finished))
        {
            abandoned++;
            if (slot.StartedTicks != 0 && slot.TryFlagHang())
            {
                ReportHang(slot, counters, injector, clock, "still running when the run gave up waiting");
            }
        }
        var elapsed = clock.Elapsed;
        var preparedAtEnd = monitor.PreparedStatementsByText();

        // both pools cleared: nothing of the soak may be left on the server
        long leftoverConnections = -1, leftoverPrepared = -1, leftoverResultSets = -1;
        var leftoverDeadline = clock.Elapsed + TimeSpan.FromSeconds(15);
        while (true)
        {
            foreach (var flavor in flavors)
            {
                flavor.ClearPool(connectionString);
            }
            (leftoverConnections, leftoverPrepared, leftoverResultSets) = monitor.ServerObjects();
            if ((leftoverConnections == 0 && leftoverPrepared == 0 && leftoverResultSets == 0) || clock.Elapsed > leftoverDeadline)
            {
                break;
            }
            await Task.Delay(200);
        }
        monitor.Dispose();

        return new SoakResult
        {
            Options = options,
            Samples = samples,
            Counters = counters,
            Faults = injector,
            Elapsed = elapsed,
            AbandonedWorkers = abandoned,
            LeftoverConnections = leftoverConnections,
            LeftoverPreparedStatements = leftoverPrepared,
            LeftoverResultSets = leftoverResultSets,
            PreparedStatementsAtEnd = preparedAtEnd,
        };
    }

    private static SoakOperation Pick(Random random, HashSet<SoakOperation> skipped)
    {
        var mix = Mix.Where(entry => !skipped.Contains(entry.Operation)).ToArray();
        var roll = random.Next(mix.Sum(entry => entry.Weight));
        foreach (var (operation, weight) in mix)
        {
            if ((roll -= weight) < 0)
            {
                return operation;
            }
        }
        return mix[0].Operation;
    }

    /// <summary>One worker: calls until stopped. Sync workers run it on their thread and never yield (every step completes synchronously).</summary>
    private static async Task WorkerLoop(WorkerSlot slot, Random random, HashSet<SoakOperation> skipped, SoakCounters counters, FaultInjector injector, Stopwatch clock, CancellationToken stop)
    {
        var workload = slot.Workload!;
        var flavor = slot.Flavor;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var operation = Pick(random, skipped);
                var started = Stopwatch.GetTimestamp();
                slot.Begin(operation, started);
                Outcome outcome;
                Exception? error = null;
                try
                {
                    await workload.Run(operation);
                    outcome = Outcome.Success;
                }
                catch (WrongResultException wrong)
                {
                    outcome = Outcome.Wrong;
                    error = wrong;
                }
                catch (Exception exception)
                {
                    error = exception;
                    outcome = flavor.IsHanaException(exception)
                              || (exception is OperationCanceledException && workload.TokenCancelled)
                              || exception is PoolExhaustedException
                        ? Outcome.Documented
                        : Outcome.Raw;
                }
                if (slot.End())
                {
                    // already counted as a hang; say how it ended
                    counters.LateCompletions.Enqueue(
                        $"{flavor.Name} {operation} on connection {workload.ConnectionId} ({injector.FaultOn(workload.ConnectionId) ?? "no fault planned on it"}): " +
                        $"ended after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s with {(error is null ? "success" : error.GetType().Name + ": " + error.Message)}");
                    continue;
                }
                counters.Add(flavor.IsAsync, operation, outcome);
                if (outcome == Outcome.Documented)
                {
                    var code = flavor.ErrorCode(error!);
                    var kind = $"{flavor.Name} {error!.GetType().Name}{(code is null ? "" : " " + code)}";
                    counters.DocumentedKinds.AddOrUpdate(kind, 1, (_, n) => n + 1);
                    counters.DocumentedByCall.AddOrUpdate($"{kind} in {operation}", _ => (1, Truncate(error.Message, 160)), (_, entry) => (entry.Count + 1, entry.Example));
                }
                else if (outcome is Outcome.Raw or Outcome.Wrong)
                {
                    counters.AddEvent(new SoakEvent(clock.Elapsed, outcome, flavor.Name, operation, slot.Index, workload.ConnectionId,
                        injector.FaultOn(workload.ConnectionId), outcome == Outcome.Wrong ? error!.Message : Truncate(error!.ToString(), 2000)));
                }
            }
        }
        finally
        {
            slot.Finished = true;
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + " …";

    /// <summary>The watchdog: a call past the hang limit is counted as a hang at once (the run never waits for it).</summary>
    private static void Watch(List<WorkerSlot> slots, SoakCounters counters, FaultInjector injector, Stopwatch clock, long hangLimitTicks, CancellationToken stop)
    {
        while (!stop.WaitHandle.WaitOne(500))
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var slot in slots)
            {
                var started = slot.StartedTicks;
                if (started != 0 && now - started > hangLimitTicks && slot.StartedTicks == started && slot.TryFlagHang())
                {
                    ReportHang(slot, counters, injector, clock, $"running for {(now - started) / (double)Stopwatch.Frequency:0.0} s");
                }
            }
        }
    }

    private static void ReportHang(WorkerSlot slot, SoakCounters counters, FaultInjector injector, Stopwatch clock, string detail)
    {
        var connectionId = slot.Workload?.ConnectionId ?? 0;
        counters.Add(slot.Flavor.IsAsync, slot.Operation, Outcome.Hang);
        counters.AddEvent(new SoakEvent(clock.Elapsed, Outcome.Hang, slot.Flavor.Name, slot.Operation, slot.Index, connectionId,
            injector.FaultOn(connectionId), detail));
    }

    private static SoakSample Sample(double seconds, Monitor monitor, SoakFlavor[] flavors, string connectionString, SoakCounters counters,
        FaultInjector injector, long previousCalls, double previousSeconds)
    {
        var sync = flavors[0].PoolStatistics(connectionString);
        var async = flavors[1].PoolStatistics(connectionString);
        var (connections, prepared, resultSets) = monitor.ServerObjects();
        var engineMb = monitor.EngineMemoryMb();
        var calls = counters.Calls;
        var gc = GC.GetGCMemoryInfo();
        return new SoakSample(
            seconds,
            GC.GetTotalMemory(false) / 1048576.0,
            gc.HeapSizeBytes / 1048576.0,
            ProcessProbe.WorkingSetMb(),
            gc.TotalCommittedBytes / 1048576.0,
            engineMb,
            ProcessProbe.FileDescriptors(),
            ProcessProbe.Threads(),
            sync?.Total ?? 0,
            sync?.InUse ?? 0,
            async?.Total ?? 0,
            async?.InUse ?? 0,
            connections,
            prepared,
            resultSets,
            calls,
            seconds > previousSeconds ? (calls - previousCalls) / (seconds - previousSeconds) : 0,
            counters.Total(Outcome.Success),
            counters.Total(Outcome.Documented),
            counters.Total(Outcome.Raw),
            counters.Total(Outcome.Wrong),
            counters.Total(Outcome.Hang),
            Interlocked.Read(ref injector.Planned));
    }

    /// <summary>
    /// An unpooled Driver.Sync session that faults never strike, for the set-up and for counting the server's
    /// objects of every other session. Reopened if it fails (then the fault injector's exclusion is stale, but
    /// a fault on it only costs one sample).
    /// </summary>
    private sealed class Monitor : IDisposable
    {
        private readonly string _connectionString;
        private Driver.Sync.HanaConnection _connection;

        public Monitor(string connectionString)
        {
            _connectionString = connectionString + ";Pooling=false;Command Timeout=60";
            _connection = Open();
        }

        public int ConnectionId => _connection.ConnectionId;

        private Driver.Sync.HanaConnection Open()
        {
            var connection = new Driver.Sync.HanaConnection(_connectionString);
            connection.Open();
            return connection;
        }

        public void Execute(string sql)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        /// <summary>Sessions, prepared statements and open result sets of every session but this one (-1 each when the query failed).</summary>
        public (long Connections, long Prepared, long ResultSets) ServerObjects()
        {
            try
            {
                var id = _connection.ConnectionId;
                using var command = _connection.CreateCommand();
                command.CommandText =
                    $"SELECT (SELECT COUNT(*) FROM SYS.M_CONNECTIONS WHERE CONNECTION_ID <> {id}), " +
                    $"(SELECT COUNT(*) FROM SYS.M_PREPARED_STATEMENTS WHERE CONNECTION_ID <> {id}), " +
                    $"(SELECT COUNT(*) FROM SYS.M_RESULT_SETS WHERE CONNECTION_ID <> {id}) FROM DUMMY";
                using var reader = command.ExecuteReader();
                reader.Read();
                return (Convert.ToInt64(reader.GetValue(0)), Convert.ToInt64(reader.GetValue(1)), Convert.ToInt64(reader.GetValue(2)));
            }
            catch (Exception)
            {
                // a measurement, not the workload: count nothing, reopen, and leave a gap in the curves
                _connection.Dispose();
                try
                {
                    _connection = Open();
                }
                catch (Exception)
                {
                    // the next sample tries again
                }
                return (-1, -1, -1);
            }
        }

        /// <summary>Memory DuckDB (the test server's engine, native, in this process) says it holds; -1 when unknown.</summary>
        public double EngineMemoryMb()
        {
            try
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "SELECT CAST(SUM(memory_usage_bytes) AS BIGINT) FROM duckdb_memory()";
                return Convert.ToInt64(command.ExecuteScalar()) / 1048576.0;
            }
            catch (Exception)
            {
                return -1;
            }
        }

        /// <summary>The other sessions' prepared statements grouped by text, most first (what a growing count is made of).</summary>
        public List<(string Sql, long Count)> PreparedStatementsByText()
        {
            var rows = new List<(string, long)>();
            try
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "SELECT STATEMENT_STRING, COUNT(*) FROM SYS.M_PREPARED_STATEMENTS " +
                                      $"WHERE CONNECTION_ID <> {_connection.ConnectionId} GROUP BY STATEMENT_STRING ORDER BY 2 DESC";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    rows.Add((reader.GetString(0), Convert.ToInt64(reader.GetValue(1))));
                }
            }
            catch (Exception)
            {
                // a measurement only
            }
            return rows;
        }

        public void Dispose() => _connection.Dispose();
    }
}
