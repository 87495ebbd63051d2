using Driver.Core.Session;

namespace Driver.Benchmarks.Compare;

/// <summary>Creates the tables the scenarios read and write, through the protocol core.</summary>
internal static class BenchmarkData
{
    public const string FetchTable = "BENCH_FETCH";
    public const string PointTable = "BENCH_POINT";
    public const string LobTable = "BENCH_LOB";
    public const int PointRows = 10_000;

    public static string FetchSql => $"SELECT ID, BIG, NAME, AMOUNT, TS FROM {FetchTable}";
    public static string PointSql => $"SELECT ID, V FROM {PointTable} WHERE ID = ?";
    public static string LobSql => $"SELECT B FROM {LobTable} WHERE ID = 1";

    public static void Create(ServerProcess server, int rows, int lobBytes)
    {
        var settings = new ConnectionSettings { UserName = server.User, Password = server.Password, CommandTimeout = TimeSpan.FromMinutes(10) };
        using var core = new ConnectionCore(settings, server.Host, server.Port);
        core.OpenSync();
        void Run(string sql) => core.Run(new DirectExecution(sql, true, 1, settings.CommandTimeout)).ResultSet?.Dispose();

        Run($"CREATE COLUMN TABLE {FetchTable} (ID INTEGER PRIMARY KEY, BIG BIGINT, NAME NVARCHAR(20), AMOUNT DECIMAL(18,4), TS TIMESTAMP)");
        var insert = Prepare(core, $"INSERT INTO {FetchTable} VALUES (?, ?, ?, ?, ?)");
        var start = new DateTime(2024, 1, 1);
        for (var offset = 0; offset < rows; offset += 50_000)
        {
            var batch = Enumerable.Range(offset, Math.Min(50_000, rows - offset))
                .Select(i => new object?[] { i, i * 1_000_003L, $"name {i % 100_000:D6}", i * 1.2345m, start.AddSeconds(i * 1.5) })
                .ToList();
            core.Run(new PreparedExecution(insert, batch, true, 1, settings.CommandTimeout));
        }
        insert.Release();

        Run($"CREATE COLUMN TABLE {PointTable} (ID INTEGER PRIMARY KEY, V NVARCHAR(20))");
        var point = Prepare(core, $"INSERT INTO {PointTable} VALUES (?, ?)");
        core.Run(new PreparedExecution(point, Enumerable.Range(0, PointRows).Select(i => new object?[] { i, $"value {i}" }).ToList(), true, 1, settings.CommandTimeout));
        point.Release();

        Run($"CREATE COLUMN TABLE {LobTable} (ID INTEGER PRIMARY KEY, B BLOB)");
        var lob = Prepare(core, $"INSERT INTO {LobTable} VALUES (?, ?)");
        var data = new byte[lobBytes];
        new Random(7).NextBytes(data);
        core.Run(new PreparedExecution(lob, [[1, data]], true, 1, settings.CommandTimeout));
        lob.Release();
        core.CloseSync();
    }

    private static PreparedStatementCore Prepare(ConnectionCore core, string sql) => core.Run(new Preparation(sql, core.Settings.CommandTimeout));
}
