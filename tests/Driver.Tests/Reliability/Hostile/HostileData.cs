using System.Data.Common;
using System.Globalization;

namespace Driver.Tests.Reliability;

/// <summary>
/// The scenario's table: 300 rows of INT, NVARCHAR (with characters CESU-8 encodes in 2, 3 and 6 bytes), DECIMAL,
/// TIMESTAMP (to the 100 ns tick) and BLOB, generated from the row number so the expected answer needs no reading.
/// </summary>
public static class HostileData
{
    public const int RowCount = 300;
    public const string Select = "SELECT ID, NAME, AMOUNT, TS, DATA FROM HOSTILE_ROWS ORDER BY ID";
    public const string Insert = "INSERT INTO HOSTILE_LOG VALUES (?, ?, ?)";

    public static object[] Row(int id) =>
    [
        id,
        $"row {id} \u00fc\u20ac\U0001D11E {new string('x', id % 17)}",
        Math.Round(id * 1.0001m + 0.5m, 4),
        new DateTime(2024, 1, 1).AddHours(id).AddTicks(id * 1234567L),
        Enumerable.Range(0, id * 7 % 200 + 1).Select(j => (byte)((id + j) % 256)).ToArray(),
    ];

    /// <summary>One row as text, values normalized (a DECIMAL's trailing zeros do not count).</summary>
    public static string Canonical(int id, string name, decimal amount, DateTime timestamp, byte[] data) =>
        string.Create(CultureInfo.InvariantCulture, $"{id}|{name}|{amount / 1.0000000000000000000000000000m}|{timestamp.Ticks}|{Convert.ToHexString(data)}");

    public static IReadOnlyList<string> Expected { get; } = Enumerable.Range(1, RowCount).Select(id =>
    {
        var row = Row(id);
        return Canonical((int)row[0], (string)row[1], (decimal)row[2], (DateTime)row[3], (byte[])row[4]);
    }).ToArray();

    /// <summary>Creates both tables through a direct (unmutated) Driver.Sync connection.</summary>
    public static void Create(string directConnectionString)
    {
        using var connection = new global::Driver.Sync.HanaConnection(directConnectionString);
        connection.Open();
        Execute(connection, "CREATE TABLE HOSTILE_ROWS (ID INTEGER PRIMARY KEY, NAME NVARCHAR(100), AMOUNT DECIMAL(18,4), TS TIMESTAMP, DATA BLOB)");
        Execute(connection, "CREATE TABLE HOSTILE_LOG (K INTEGER, NAME NVARCHAR(100), AMOUNT DECIMAL(18,4))");
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO HOSTILE_ROWS VALUES (?, ?, ?, ?, ?)";
        for (var i = 0; i < 5; i++)
        {
            insert.Parameters.Add(insert.CreateParameter());
        }
        insert.ExecuteBatch(Enumerable.Range(1, RowCount).Select(id => (object?[])Row(id)));
    }

    /// <summary>How many HOSTILE_LOG rows carry <paramref name="key"/> (read directly, not through the proxy).</summary>
    public static long LoggedRows(string directConnectionString, int key)
    {
        using var connection = new global::Driver.Sync.HanaConnection(directConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM HOSTILE_LOG WHERE K = {key}";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
