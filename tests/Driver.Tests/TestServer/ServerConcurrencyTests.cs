using Driver.Core.Session;
using Driver.Tests.Support;
using static Driver.Tests.TestServer.WireRequests;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.TestServer;

/// <summary>Many sessions at once on one server and one shared database.</summary>
public class ServerConcurrencyTests
{
    [Fact]
    public async Task ThirtyConcurrentClientsQueryAndInsertIntoTheirOwnTables()
    {
        const int clients = 30;
        await using var server = await Server.StartAsync();
        // dedicated threads: 30 blocking sync clients on the thread pool would starve the server's async loops
        var work = Enumerable.Range(0, clients).Select(n => Task.Factory.StartNew(() => RunClient(server, n), TaskCreationOptions.LongRunning)).ToArray();
        var results = await Task.WhenAll(work);
        Assert.Equal(Enumerable.Range(0, clients), results.Order());
        await WaitUntilAsync(() => server.ConnectionCount == 0, "every session ended");

        using var check = ProtocolClient.Connect(server);
        for (var n = 0; n < clients; n++)
        {
            Assert.Equal(200, Count(check, $"C{n}"));
        }
    }

    private static int RunClient(Server server, int n)
    {
        using var client = ProtocolClient.Connect(server);
        client.ExecuteNonQuery($"CREATE COLUMN TABLE C{n} (ID INTEGER PRIMARY KEY, OWNER INTEGER, V NVARCHAR(40))");
        var insert = client.Prepare($"INSERT INTO C{n} VALUES (?, ?, ?)");
        CoreCalls.Execute(insert, Enumerable.Range(0, 100).Select(i => new object?[] { i, n, $"client {n} row {i}" }).ToList(), true, 10);
        insert.Release();
        client.AutoCommit = false;
        for (var i = 100; i < 200; i += 10)
        {
            client.ExecuteNonQuery($"INSERT INTO C{n} VALUES ({i}, {n}, 'single')");
            Assert.Equal("X", client.Query("SELECT * FROM DUMMY")[0][0]);
        }
        for (var i = 101; i < 200; i++)
        {
            if (i % 10 != 0)
            {
                client.ExecuteNonQuery($"INSERT INTO C{n} VALUES ({i}, {n}, 'tx')");
            }
        }
        client.Commit();
        client.AutoCommit = true;
        client.FetchSize = 50;
        var rows = client.Query($"SELECT ID, OWNER, V FROM C{n} ORDER BY ID");
        Assert.Equal(Enumerable.Range(0, 200), rows.Select(row => Convert.ToInt32(row[0])));
        Assert.All(rows, row => Assert.Equal(n, Convert.ToInt32(row[1])));
        Assert.Equal($"client {n} row 99", rows[99][2]);
        return n;
    }
}
