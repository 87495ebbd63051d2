using System;
using System.Data;
using System.Data.Common;
using System.IO;
using System.Linq;
using Dapper;
using Driver.AotConsumer;

namespace Driver.LegacyConsumer;

/// <summary>
/// What legacy apps do beyond a query: the provider found through DbProviderFactories as app.config registers it,
/// Dapper's sync API, pooled connections opened and closed in a loop, a LOB parameter streamed in and read back as a
/// stream. Each returns what it checked and throws on a wrong result.
/// </summary>
public static class LegacyChecks
{
    /// <summary>The provider app.config registers (invariant name Driver.Sync), then a query through DbProviderFactory only.</summary>
    public static string ProviderFactory(string connectionString)
    {
        var factory = DbProviderFactories.GetFactory("Driver.Sync");
        using var connection = factory.CreateConnection()!;
        connection.ConnectionString = connectionString;
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 42 FROM DUMMY";
        var value = Convert.ToInt32(command.ExecuteScalar());
        if (value != 42 || factory.GetType().FullName != "Driver.Sync.HanaProviderFactory")
        {
            throw new InvalidOperationException($"{factory.GetType().FullName} returned {value}");
        }
        return $"DbProviderFactories.GetFactory(\"Driver.Sync\") from app.config: {factory.GetType().Name}";
    }

    /// <summary>Dapper's sync API on Driver.Sync: Execute with an object's properties, Query&lt;T&gt; into a record.</summary>
    public static string Dapper(string connectionString)
    {
        using var connection = new Driver.Sync.HanaConnection(connectionString);
        connection.Open();
        connection.Execute("CREATE TABLE LEGACY_DAPPER (ID INTEGER PRIMARY KEY, NAME NVARCHAR(40), PRICE DECIMAL(10, 2))");
        var rows = Enumerable.Range(0, 100).Select(Check.Expected).ToList();
        var inserted = connection.Execute("INSERT INTO LEGACY_DAPPER VALUES (:Id, :Name, :Price)", rows);
        var read = connection.Query<Item>("SELECT ID, NAME, PRICE FROM LEGACY_DAPPER WHERE ID > :min ORDER BY ID", new { min = 0 }).ToList();
        if (inserted != 100 || !read.SequenceEqual(rows))
        {
            throw new InvalidOperationException($"Dapper inserted {inserted}, read {read.Count} rows");
        }
        connection.Execute("DROP TABLE LEGACY_DAPPER");
        return "Dapper Execute (100 rows) and Query<T>";
    }

    /// <summary>200 open/close cycles on a pool of at most 2 connections: each must come from the pool.</summary>
    public static string Pooling(string connectionString)
    {
        var pooled = connectionString + ";Pooling=true;Max Pool Size=2";
        for (var i = 0; i < 200; i++)
        {
            using var connection = new Driver.Sync.HanaConnection(pooled);
            connection.Open();
            using var command = new Driver.Sync.HanaCommand("SELECT 1 FROM DUMMY", connection);
            command.ExecuteScalar();
        }
        Driver.Sync.HanaConnection.ClearAllPools();
        return "200 open/close cycles through a pool of 2";
    }

    /// <summary>A 3 MB BLOB sent as a stream parameter (WRITELOB) and read back through GetStream (READLOB).</summary>
    public static string Lob(string connectionString)
    {
        var blob = Enumerable.Range(0, 3_000_000).Select(i => (byte)(i * 31)).ToArray();
        using var connection = new Driver.Sync.HanaConnection(connectionString);
        connection.Open();
        using (var create = new Driver.Sync.HanaCommand("CREATE TABLE LEGACY_LOB (ID INTEGER, B BLOB)", connection))
        {
            create.ExecuteNonQuery();
        }
        using (var insert = new Driver.Sync.HanaCommand("INSERT INTO LEGACY_LOB VALUES (?, ?)", connection))
        {
            insert.Parameters.AddWithValue(1);
            insert.Parameters.AddWithValue(new MemoryStream(blob));
            insert.ExecuteNonQuery();
        }
        using var select = new Driver.Sync.HanaCommand("SELECT B FROM LEGACY_LOB WHERE ID = 1", connection);
        using var reader = select.ExecuteReader();
        reader.Read();
        using var stream = reader.GetStream(0);
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        if (!copy.ToArray().SequenceEqual(blob))
        {
            throw new InvalidOperationException($"read back {copy.Length} bytes, not the {blob.Length} sent");
        }
        reader.Close();
        // a second run against the same server (by hand, or a rerun) creates the table again
        using (var drop = new Driver.Sync.HanaCommand("DROP TABLE LEGACY_LOB", connection))
        {
            drop.ExecuteNonQuery();
        }
        return "3 MB BLOB streamed in and read back by GetStream";
    }
}
