using System.Diagnostics;
using AsyncHana = Driver.Async;
using SyncHana = Driver.Sync;

namespace Driver.Benchmarks.Compare;

/// <summary>
/// The Driver.Sync and Driver.Async contenders, through the public ADO.NET API only: every value is read with a
/// typed getter, the point select is a prepared statement executed 10,000 times, the batch insert one
/// ExecuteBatch of 100,000 rows, the LOB read a GetStream over a 100 MB BLOB.
/// </summary>
internal static class DriverContenders
{
    public static async Task<Measurement?> RunAsync(string contender, string scenario, Dictionary<string, string> o)
    {
        var connectionString = $"Server={o["host"]}:{o["port"]};UserName={o["user"]};Password={o["password"]};FetchSize={ClientCommand.Int(o, "fetch-size", 1000)};Command Timeout=600"
            // the compression scenario: Compress=true asks for LZ4, Compress=false never offers it (docs/connection-string.md)
            + (o.TryGetValue("compress", out var compress) ? $";Compress={compress}" : string.Empty);
        return contender switch
        {
            "sync" when scenario == "lob_write" => LobContenders.WriteSync(connectionString, o),
            "async" when scenario == "lob_write" => await LobContenders.WriteAsync(connectionString, o).ConfigureAwait(false),
            "sync" => RunSync(scenario, connectionString, o),
            "async" => await RunAsyncFlavor(scenario, connectionString, o).ConfigureAwait(false),
            _ => null,
        };
    }

    internal static object?[] BatchRow(int i) => [i, i * 1_000_003L, $"name {i % 100_000:D6}", i * 1.2345m, new DateTime(2024, 1, 1).AddSeconds(i * 1.5)];

    /// <summary>The next 2,000 warm-up rows, ids -1, -2, ... so they never collide with the measured batch's.</summary>
    internal static List<object?[]> WarmUpRows(ref int lastId)
    {
        var rows = new List<object?[]>(2_000);
        for (var i = 0; i < 2_000; i++)
        {
            rows.Add(BatchRow(--lastId));
        }
        return rows;
    }

    internal const string BatchColumns = "(ID INTEGER PRIMARY KEY, BIG BIGINT, NAME NVARCHAR(20), AMOUNT DECIMAL(18,4), TS TIMESTAMP)";

    private static Measurement? RunSync(string scenario, string connectionString, Dictionary<string, string> o)
    {
        using var connection = new SyncHana.HanaConnection(connectionString);
        connection.Open();
        switch (scenario)
        {
            case "fetch":
            {
                using var command = new SyncHana.HanaCommand(o["sql"], connection);
                Measurement.WarmUp(() => FetchSync(command, long.MaxValue));
                var before = connection.GetStatistics();
                var measured = Measurement.Run("sync", scenario, () => FetchSync(command, long.MaxValue));
                var after = connection.GetStatistics();
                // bytes on the wire and after decompression, from the connection's own counters
                measured.Bytes = after.BytesReceived - before.BytesReceived;
                measured.BytesUncompressed = after.BytesReceivedUncompressed - before.BytesReceivedUncompressed;
                return measured;
            }
            case "point_select":
            {
                using var command = new SyncHana.HanaCommand(o["sql"], connection);
                var parameter = command.CreateParameter();
                command.Parameters.Add(parameter);
                command.Prepare();
                var ticks = new long[ClientCommand.PointSelects];
                var rows = ClientCommand.Int(o, "rows", ClientCommand.PointSelects);
                long Selects()
                {
                    for (var i = 0; i < ticks.Length; i++)
                    {
                        var start = Stopwatch.GetTimestamp();
                        parameter.Value = i % rows;
                        using var reader = command.ExecuteReader();
                        reader.Read();
                        _ = reader.GetString(1);
                        ticks[i] = Stopwatch.GetTimestamp() - start;
                    }
                    return ticks.Length;
                }
                Measurement.WarmUp(Selects);
                var measured = Measurement.Run("sync", scenario, Selects);
                measured.SetLatencies(ticks);
                return measured;
            }
            case "batch_insert":
            {
                var table = $"BENCH_INSERT_SYNC_{Environment.ProcessId}";
                using (var create = new SyncHana.HanaCommand($"CREATE COLUMN TABLE {table} {BatchColumns}", connection))
                {
                    create.ExecuteNonQuery();
                }
                using var insert = new SyncHana.HanaCommand($"INSERT INTO {table} VALUES (?, ?, ?, ?, ?)", connection);
                insert.Prepare();
                var rows = Enumerable.Range(0, ClientCommand.BatchRows).Select(BatchRow).ToList();
                // the same statement warmed up on rows of negative ids, removed before the measured batch: the
                // figure is the steady state an application inserting batches sees, not the first call's JIT
                var warmUpId = 0;
                Measurement.WarmUp(() => insert.ExecuteBatch(WarmUpRows(ref warmUpId)));
                using (var clear = new SyncHana.HanaCommand($"DELETE FROM {table}", connection))
                {
                    clear.ExecuteNonQuery();
                }
                var measured = Measurement.Run("sync", scenario, () => insert.ExecuteBatch(rows));
                using var drop = new SyncHana.HanaCommand($"DROP TABLE {table}", connection);
                drop.ExecuteNonQuery();
                return measured;
            }
            case "lob_read":
            {
                using var command = new SyncHana.HanaCommand(o["sql"], connection);
                long bytes = 0;
                var measured = Measurement.Run("sync", scenario, () =>
                {
                    using var reader = command.ExecuteReader();
                    reader.Read();
                    using var stream = reader.GetStream(0);
                    var buffer = new byte[1 << 20];
                    int read;
                    while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        bytes += read;
                    }
                    return 1;
                });
                measured.Bytes = bytes;
                return measured;
            }
            default:
                return null;
        }
    }

    private static long FetchSync(SyncHana.HanaCommand command, long limit)
    {
        using var reader = command.ExecuteReader();
        long rows = 0, checksum = 0;
        while (rows < limit && reader.Read())
        {
            checksum += reader.GetInt32(0) + reader.GetInt64(1) + reader.GetString(2).Length + (long)reader.GetDecimal(3) + reader.GetDateTime(4).Ticks;
            rows++;
        }
        GC.KeepAlive(checksum);
        return rows;
    }

    private static async Task<Measurement?> RunAsyncFlavor(string scenario, string connectionString, Dictionary<string, string> o)
    {
        await using var connection = new AsyncHana.HanaConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        switch (scenario)
        {
            case "fetch":
            {
                await using var command = new AsyncHana.HanaCommand(o["sql"], connection);
                await Measurement.WarmUpAsync(() => FetchAsync(command, long.MaxValue)).ConfigureAwait(false);
                var before = connection.GetStatistics();
                var measured = await Measurement.RunAsync("async", scenario, () => FetchAsync(command, long.MaxValue)).ConfigureAwait(false);
                var after = connection.GetStatistics();
                measured.Bytes = after.BytesReceived - before.BytesReceived;
                measured.BytesUncompressed = after.BytesReceivedUncompressed - before.BytesReceivedUncompressed;
                return measured;
            }
            case "point_select":
            {
                await using var command = new AsyncHana.HanaCommand(o["sql"], connection);
                var parameter = command.CreateParameter();
                command.Parameters.Add(parameter);
                await command.PrepareAsync().ConfigureAwait(false);
                var ticks = new long[ClientCommand.PointSelects];
                var rows = ClientCommand.Int(o, "rows", ClientCommand.PointSelects);
                async Task<long> Selects()
                {
                    for (var i = 0; i < ticks.Length; i++)
                    {
                        var start = Stopwatch.GetTimestamp();
                        parameter.Value = i % rows;
                        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
                        await reader.ReadAsync().ConfigureAwait(false);
                        _ = reader.GetString(1);
                        ticks[i] = Stopwatch.GetTimestamp() - start;
                    }
                    return ticks.Length;
                }
                await Measurement.WarmUpAsync(Selects).ConfigureAwait(false);
                var measured = await Measurement.RunAsync("async", scenario, Selects).ConfigureAwait(false);
                measured.SetLatencies(ticks);
                return measured;
            }
            case "batch_insert":
            {
                var table = $"BENCH_INSERT_ASYNC_{Environment.ProcessId}";
                await using (var create = new AsyncHana.HanaCommand($"CREATE COLUMN TABLE {table} {BatchColumns}", connection))
                {
                    await create.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
                await using var insert = new AsyncHana.HanaCommand($"INSERT INTO {table} VALUES (?, ?, ?, ?, ?)", connection);
                await insert.PrepareAsync().ConfigureAwait(false);
                var rows = Enumerable.Range(0, ClientCommand.BatchRows).Select(BatchRow).ToList();
                var warmUpId = 0;
                await Measurement.WarmUpAsync(() => insert.ExecuteBatchAsync(WarmUpRows(ref warmUpId))).ConfigureAwait(false);
                await using (var clear = new AsyncHana.HanaCommand($"DELETE FROM {table}", connection))
                {
                    await clear.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
                var measured = await Measurement.RunAsync("async", scenario, () => insert.ExecuteBatchAsync(rows)).ConfigureAwait(false);
                await using var drop = new AsyncHana.HanaCommand($"DROP TABLE {table}", connection);
                await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
                return measured;
            }
            case "lob_read":
            {
                await using var command = new AsyncHana.HanaCommand(o["sql"], connection);
                long bytes = 0;
                var measured = await Measurement.RunAsync("async", scenario, async () =>
                {
                    await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
                    await reader.ReadAsync().ConfigureAwait(false);
                    await using var stream = reader.GetStream(0);
                    var buffer = new byte[1 << 20];
                    int read;
                    while ((read = await stream.ReadAsync(buffer.AsMemory()).ConfigureAwait(false)) > 0)
                    {
                        bytes += read;
                    }
                    return 1L;
                }).ConfigureAwait(false);
                measured.Bytes = bytes;
                return measured;
            }
            default:
                return null;
        }
    }

    private static async Task<long> FetchAsync(AsyncHana.HanaCommand command, long limit)
    {
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        long rows = 0, checksum = 0;
        while (rows < limit && await reader.ReadAsync().ConfigureAwait(false))
        {
            checksum += reader.GetInt32(0) + reader.GetInt64(1) + reader.GetString(2).Length + (long)reader.GetDecimal(3) + reader.GetDateTime(4).Ticks;
            rows++;
        }
        GC.KeepAlive(checksum);
        return rows;
    }
}
