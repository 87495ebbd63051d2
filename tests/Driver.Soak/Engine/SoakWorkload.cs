using System.Data.Common;
using Driver.TestServer;

namespace Driver.Soak;

/// <summary>
/// The calls a worker makes, written once for both flavors. Each call rents a connection from the pool, does
/// its work, checks the result and returns the connection; whatever fails, the connection goes back (the pool
/// decides whether a broken one is discarded).
/// </summary>
internal sealed class SoakWorkload(SoakFlavor flavor, string connectionString, TestServer.TestServer server, int worker, Random random)
{
    /// <summary>Rows in SOAK_SEED; row i has N = i * 7 % 1000 and S = 'row-' || i.</summary>
    public const int SeedRows = 2000;

    private static long s_nextKey;

    /// <summary>The connection id of the call in progress (0 before it is open), for the reports.</summary>
    public int ConnectionId { get; private set; }

    /// <summary>True when the call's token was cancelled (its OperationCanceledException is then documented).</summary>
    public bool TokenCancelled { get; private set; }

    public static IEnumerable<string> Setup()
    {
        yield return "CREATE COLUMN TABLE SOAK_SEED (ID INTEGER PRIMARY KEY, N INTEGER, S NVARCHAR(40))";
        yield return $"INSERT INTO SOAK_SEED SELECT GENERATED_PERIOD_START, GENERATED_PERIOD_START * 7 % 1000, 'row-' || GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, {SeedRows})";
    }

    public async ValueTask Run(SoakOperation operation)
    {
        ConnectionId = 0;
        TokenCancelled = false;
        var connection = flavor.Create(connectionString);
        try
        {
            await flavor.Open(connection);
            ConnectionId = flavor.ConnectionId(connection);
            switch (operation)
            {
                case SoakOperation.PointSelect: await PointSelect(connection); break;
                case SoakOperation.PageFetch: await PageFetch(connection); break;
                case SoakOperation.EarlyDispose: await EarlyDispose(connection); break;
                case SoakOperation.Transaction: await Transaction(connection); break;
                case SoakOperation.Batch: await Batch(connection); break;
                case SoakOperation.Lob: await Lob(connection); break;
                case SoakOperation.CancelToken: await CancelToken(connection); break;
                case SoakOperation.ShortTimeout: await ShortTimeout(connection); break;
                default: throw new ArgumentOutOfRangeException(nameof(operation));
            }
        }
        finally
        {
            await flavor.Close(connection);
        }
    }

    private static DbCommand Command(DbConnection connection, string sql, params object?[] values)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var value in values)
        {
            var parameter = command.CreateParameter();
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new WrongResultException(what);
        }
    }

    private async ValueTask PointSelect(DbConnection connection)
    {
        var id = random.Next(SeedRows);
        using var command = Command(connection, "SELECT ID, N, S FROM SOAK_SEED WHERE ID = ?", id);
        await flavor.Prepare(command);
        var reader = await flavor.Reader(command);
        try
        {
            Check(await flavor.Read(reader), $"point select of {id}: no row");
            Check(reader.GetInt32(0) == id && reader.GetInt32(1) == id * 7 % 1000 && reader.GetString(2) == "row-" + id,
                $"point select of {id}: wrong row ({reader.GetValue(0)}, {reader.GetValue(1)}, {reader.GetValue(2)})");
            Check(!await flavor.Read(reader), $"point select of {id}: a second row");
        }
        finally
        {
            await flavor.CloseReader(reader);
        }
    }

    private async ValueTask PageFetch(DbConnection connection)
    {
        var count = random.Next(200, 600);
        var first = random.Next(SeedRows - count);
        using var command = Command(connection, "SELECT ID, N, S FROM SOAK_SEED WHERE ID >= ? AND ID < ? ORDER BY ID", first, first + count);
        var reader = await flavor.Reader(command);
        try
        {
            var expected = first;
            while (await flavor.Read(reader))
            {
                Check(reader.GetInt32(0) == expected && reader.GetInt32(1) == expected * 7 % 1000,
                    $"page fetch from {first}: row {expected - first} is ({reader.GetValue(0)}, {reader.GetValue(1)})");
                expected++;
            }
            Check(expected == first + count, $"page fetch from {first}: {expected - first} rows instead of {count}");
        }
        finally
        {
            await flavor.CloseReader(reader);
        }
    }

    private async ValueTask EarlyDispose(DbConnection connection)
    {
        var command = Command(connection, "SELECT ID, N, S FROM SOAK_SEED WHERE ID >= ? ORDER BY ID", random.Next(SeedRows / 2));
        try
        {
            var reader = await flavor.Reader(command);
            try
            {
                var rows = random.Next(1, 10);
                for (var i = 0; i < rows; i++)
                {
                    Check(await flavor.Read(reader), "early dispose: fewer rows than the first page");
                }
            }
            finally
            {
                // half the time the command goes first: its reader must still be released
                if (random.Next(2) == 0)
                {
                    command.Dispose();
                }
                await flavor.CloseReader(reader);
            }
        }
        finally
        {
            command.Dispose();
        }
    }

    private async ValueTask Transaction(DbConnection connection)
    {
        var table = await RowsTable(connection);
        var tag = Interlocked.Increment(ref s_nextKey);
        var rows = random.Next(3, 10);
        var commit = random.Next(2) == 0;
        var transaction = await flavor.Begin(connection);
        try
        {
            using (var insert = Command(connection, $"INSERT INTO {table} (ID, WORKER, TAG, N, S) VALUES (?, ?, ?, ?, ?)", 0L, worker, tag, 0, ""))
            {
                insert.Transaction = transaction;
                await flavor.Prepare(insert);
                for (var i = 0; i < rows; i++)
                {
                    insert.Parameters[0].Value = Interlocked.Increment(ref s_nextKey);
                    insert.Parameters[3].Value = i;
                    insert.Parameters[4].Value = new string((char)('a' + i), 20 + i);
                    Check(await flavor.NonQuery(insert) == 1, "transaction: an insert did not report 1 row");
                }
            }
            using (var update = Command(connection, $"UPDATE {table} SET N = N + 100 WHERE TAG = ?", tag))
            {
                update.Transaction = transaction;
                await flavor.Prepare(update);
                var updated = await flavor.NonQuery(update);
                Check(updated == rows, $"transaction: update reported {updated} rows instead of {rows}");
            }
            if (commit)
            {
                await flavor.Commit(transaction);
            }
            else
            {
                await flavor.Rollback(transaction);
            }
        }
        finally
        {
            transaction.Dispose();
        }
        using (var check = Command(connection, $"SELECT COUNT(*), COALESCE(SUM(N), 0) FROM {table} WHERE TAG = ?", tag))
        {
            var reader = await flavor.Reader(check);
            try
            {
                Check(await flavor.Read(reader), "transaction check: no row");
                var (count, sum) = (Convert.ToInt64(reader.GetValue(0)), Convert.ToInt64(reader.GetValue(1)));
                var expectedCount = commit ? rows : 0;
                var expectedSum = commit ? rows * 100 + rows * (rows - 1) / 2 : 0;
                Check(count == expectedCount && sum == expectedSum,
                    $"transaction {(commit ? "committed" : "rolled back")}: {count} rows summing {sum} instead of {expectedCount} summing {expectedSum}");
            }
            finally
            {
                await flavor.CloseReader(reader);
            }
        }
        if (commit)
        {
            using var delete = Command(connection, $"DELETE FROM {table} WHERE TAG = ?", tag);
            Check(await flavor.NonQuery(delete) == rows, "transaction clean-up: delete count wrong");
        }
    }

    private async ValueTask Batch(DbConnection connection)
    {
        var table = await RowsTable(connection);
        var tag = Interlocked.Increment(ref s_nextKey);
        var rows = random.Next(5, 40);
        var batch = connection.CreateBatch();
        try
        {
            for (var i = 0; i < rows; i++)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = $"INSERT INTO {table} (ID, WORKER, TAG, N, S) VALUES (?, ?, ?, ?, ?)";
                foreach (var value in new object[] { Interlocked.Increment(ref s_nextKey), worker, tag, i, "batch" })
                {
                    var parameter = command.CreateParameter();
                    parameter.Value = value;
                    command.Parameters.Add(parameter);
                }
                batch.BatchCommands.Add(command);
            }
            var affected = await flavor.BatchNonQuery(batch);
            Check(affected == rows, $"batch: {affected} rows affected instead of {rows}");
        }
        finally
        {
            batch.Dispose();
        }
        using var delete = Command(connection, $"DELETE FROM {table} WHERE TAG = ?", tag);
        var deleted = await flavor.NonQuery(delete);
        Check(deleted == rows, $"batch clean-up: deleted {deleted} rows instead of {rows}");
    }

    private readonly Dictionary<string, int> _tableCalls = [];

    /// <summary>
    /// The worker's own table, dropped for a fresh one every <paramref name="every"/> calls. The test server's
    /// DuckDB keeps deleted rows (BLOBs above all) in memory for as long as their table lives (an in-memory
    /// database is never vacuumed); a fresh table now and then keeps the server's memory flat, so the curves show
    /// the driver's. Only this worker touches the table, so dropping it races with nobody.
    /// </summary>
    private async ValueTask<string> OwnTable(DbConnection connection, string prefix, string columns, int every)
    {
        var table = $"{prefix}_{worker}";
        _tableCalls.TryGetValue(table, out var calls);
        if (calls % every == 0)
        {
            // counted again from 0 only once the fresh table exists: a failure here retries on the next call
            using (var drop = Command(connection, $"DROP TABLE {table}"))
            {
                try
                {
                    await flavor.NonQuery(drop);
                }
                catch (Exception exception) when (flavor.ErrorCode(exception) == 259)
                {
                    // not there (the first call, or a drop whose reply a fault cut off after it ran)
                }
            }
            using var create = Command(connection, $"CREATE COLUMN TABLE {table} ({columns})");
            await flavor.NonQuery(create);
        }
        _tableCalls[table] = calls + 1;
        return table;
    }

    private ValueTask<string> RowsTable(DbConnection connection) =>
        OwnTable(connection, "SOAK_ROWS", "ID BIGINT PRIMARY KEY, WORKER INTEGER, TAG BIGINT, N INTEGER, S NVARCHAR(100)", 200);

    private async ValueTask Lob(DbConnection connection)
    {
        var table = await OwnTable(connection, "SOAK_LOB", "ID BIGINT PRIMARY KEY, B BLOB", 25);
        var id = Interlocked.Increment(ref s_nextKey);
        var blob = new byte[random.Next(100_000, 400_000)];
        random.NextBytes(blob);
        using (var insert = Command(connection, $"INSERT INTO {table} (ID, B) VALUES (?, ?)", id, blob))
        {
            Check(await flavor.NonQuery(insert) == 1, "lob insert: not 1 row");
        }
        using (var select = Command(connection, $"SELECT B FROM {table} WHERE ID = ?", id))
        {
            var reader = await flavor.Reader(select);
            try
            {
                Check(await flavor.Read(reader), "lob read: no row");
                var read = await flavor.ReadBlob(reader, 0, streamed: random.Next(2) == 0);
                Check(read.AsSpan().SequenceEqual(blob), $"lob read: {read.Length} bytes differ from the {blob.Length} written");
            }
            finally
            {
                await flavor.CloseReader(reader);
            }
        }
        using var delete = Command(connection, $"DELETE FROM {table} WHERE ID = ?", id);
        Check(await flavor.NonQuery(delete) == 1, "lob clean-up: not 1 row");
    }

    private async ValueTask CancelToken(DbConnection connection)
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(1, 40)));
        using var command = Command(connection, "SELECT ID, N, S FROM SOAK_SEED ORDER BY ID");
        using var registration = flavor.CancelOn(cancellation.Token, command);
        try
        {
            var reader = await flavor.Reader(command, cancellation.Token);
            try
            {
                var expected = 0;
                while (await flavor.Read(reader, cancellation.Token))
                {
                    Check(reader.GetInt32(0) == expected, $"cancelled fetch: row {expected} is {reader.GetValue(0)}");
                    expected++;
                }
                Check(expected == SeedRows, $"cancelled fetch: ended after {expected} rows without an error");
            }
            finally
            {
                await flavor.CloseReader(reader);
            }
        }
        finally
        {
            TokenCancelled = cancellation.IsCancellationRequested;
        }
    }

    private async ValueTask ShortTimeout(DbConnection connection)
    {
        // a reply held back far longer than the 1 s Command Timeout: only the driver's timeout and server-side
        // cancel end the call in time
        server.Faults.ForConnection(ConnectionId, new SessionFaults { StallReply = TimeSpan.FromSeconds(90), StallCount = 1 });
        using var command = Command(connection, "SELECT COUNT(*) FROM SOAK_SEED WHERE N < ?", random.Next(1000));
        command.CommandTimeout = 1;
        // no error is possible only when the stall struck something else first (a queued release's reply) or a
        // random fault replaced it; a stall waited out shows up as a hang, so success needs no check here
        await flavor.Scalar(command);
    }
}
