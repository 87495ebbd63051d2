using AsyncHana = Driver.Async;
using SyncHana = Driver.Sync;

namespace Driver.Benchmarks.Compare;

/// <summary>
/// Issue 18's LOB write (one INSERT of a <c>--lob-mb</c> BLOB, streamed by the drivers in ~1 MB WRITELOB chunks) and
/// the raw-socket bounds for the LOB read, the LOB write and the batch insert: the same requests on the bare
/// transport, replies framed, nothing decoded.
/// </summary>
internal static class LobContenders
{
    private const string LobColumns = "(ID INTEGER PRIMARY KEY, B BLOB)";

    /// <summary>The BLOB the writers send: <c>--lob-mb</c> megabytes of a repeating pattern.</summary>
    private static byte[] LobData(Dictionary<string, string> o)
    {
        var data = new byte[ClientCommand.Int(o, "lob-mb", 100) << 20];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i * 31 + 7);
        }
        return data;
    }

    public static Measurement WriteSync(string connectionString, Dictionary<string, string> o)
    {
        using var connection = new SyncHana.HanaConnection(connectionString);
        connection.Open();
        var table = $"BENCH_LOB_W_SYNC_{Environment.ProcessId}";
        using (var create = new SyncHana.HanaCommand($"CREATE COLUMN TABLE {table} {LobColumns}", connection))
        {
            create.ExecuteNonQuery();
        }
        var data = LobData(o);
        using var insert = new SyncHana.HanaCommand($"INSERT INTO {table} VALUES (?, ?)", connection);
        var id = insert.Parameters.Add(new SyncHana.HanaParameter { Value = 0 });
        var blob = insert.Parameters.Add(new SyncHana.HanaParameter { Value = data.AsSpan(0, 4 << 20).ToArray() });
        // warmed up on a 4 MB BLOB (the streaming path's code, several chunks), then the measured one
        insert.ExecuteNonQuery();
        ((SyncHana.HanaParameter)insert.Parameters[0]).Value = 1;
        ((SyncHana.HanaParameter)insert.Parameters[1]).Value = data;
        var measured = Measurement.Run("sync", "lob_write", () => insert.ExecuteNonQuery());
        measured.Bytes = data.Length;
        using var drop = new SyncHana.HanaCommand($"DROP TABLE {table}", connection);
        drop.ExecuteNonQuery();
        return measured;
    }

    public static async Task<Measurement> WriteAsync(string connectionString, Dictionary<string, string> o)
    {
        await using var connection = new AsyncHana.HanaConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        var table = $"BENCH_LOB_W_ASYNC_{Environment.ProcessId}";
        await using (var create = new AsyncHana.HanaCommand($"CREATE COLUMN TABLE {table} {LobColumns}", connection))
        {
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        var data = LobData(o);
        await using var insert = new AsyncHana.HanaCommand($"INSERT INTO {table} VALUES (?, ?)", connection);
        insert.Parameters.Add(new AsyncHana.HanaParameter { Value = 0 });
        insert.Parameters.Add(new AsyncHana.HanaParameter { Value = data.AsSpan(0, 4 << 20).ToArray() });
        await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
        ((AsyncHana.HanaParameter)insert.Parameters[0]).Value = 1;
        ((AsyncHana.HanaParameter)insert.Parameters[1]).Value = data;
        var measured = await Measurement.RunAsync("async", "lob_write", async () => await insert.ExecuteNonQueryAsync().ConfigureAwait(false)).ConfigureAwait(false);
        measured.Bytes = data.Length;
        await using var drop = new AsyncHana.HanaCommand($"DROP TABLE {table}", connection);
        await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
        return measured;
    }

    public static Measurement RawRead(RawClient client, Dictionary<string, string> o)
    {
        long bytes = 0;
        // the drivers' READLOB size (Driver.Core LobReaderCore.ChunkBytes)
        var measured = Measurement.Run("raw-socket", "lob_read", () =>
        {
            bytes = client.ReadLob(o["sql"], 1 << 20);
            return 1;
        });
        measured.Bytes = bytes;
        return measured;
    }

    public static Measurement RawWrite(RawClient client, Dictionary<string, string> o)
    {
        var table = $"BENCH_LOB_W_RAW_{Environment.ProcessId}";
        client.ExecuteDirect($"CREATE COLUMN TABLE {table} {LobColumns}");
        var data = LobData(o);
        var (statement, _) = client.PrepareWithParameters($"INSERT INTO {table} VALUES (?, ?)");
        // the drivers' WRITELOB chunk (Driver.Core LobChunkSource.DefaultChunkSize)
        const int chunk = (1 << 20) - 4096;
        client.WriteLob(statement, 0, data.AsSpan(0, 4 << 20).ToArray(), chunk);
        var measured = Measurement.Run("raw-socket", "lob_write", () =>
        {
            client.WriteLob(statement, 1, data, chunk);
            return 1;
        });
        measured.Bytes = data.Length;
        client.ExecuteDirect($"DROP TABLE {table}");
        return measured;
    }

    /// <summary>The server's bound for the batch insert: the drivers' very request bytes for the same rows, sent once.</summary>
    public static Measurement RawBatch(RawClient client)
    {
        var table = $"BENCH_INSERT_RAW_{Environment.ProcessId}";
        client.ExecuteDirect($"CREATE COLUMN TABLE {table} {DriverContenders.BatchColumns}");
        var (statement, parameters) = client.PrepareWithParameters($"INSERT INTO {table} VALUES (?, ?, ?, ?, ?)");
        var warmUpId = 0;
        Measurement.WarmUp(() =>
        {
            var rows = DriverContenders.WarmUpRows(ref warmUpId);
            client.SendBuilt(client.BuildBatch(statement, parameters, rows));
            return rows.Count;
        });
        client.ExecuteDirect($"DELETE FROM {table}");
        var message = client.BuildBatch(statement, parameters, Enumerable.Range(0, ClientCommand.BatchRows).Select(DriverContenders.BatchRow).ToList());
        var measured = Measurement.Run("raw-socket", "batch_insert", () =>
        {
            client.SendBuilt(message);
            return ClientCommand.BatchRows;
        });
        client.ExecuteDirect($"DROP TABLE {table}");
        return measured;
    }
}
