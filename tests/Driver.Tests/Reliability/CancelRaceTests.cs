using System.Data.Common;
using System.Diagnostics;
using Driver.TestServer;
using Driver.Tests.PublicApi;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.Reliability;

/// <summary>
/// Cancel racing with completion, thousands of times: DbCommand.Cancel from another thread lands on a statement at a
/// random moment (before it is sent, while it runs, just after its reply). The statement may succeed or end with
/// 139; the next statement on the connection must never be struck by that cancel (ConnectionCore.State.cs).
/// </summary>
public class CancelRaceTests
{
    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ACancelRacingWithCompletionNeverStrikesTheNextStatement(string name)
    {
        var flavor = Flavor.Get(name);
        var options = new TestServerOptions();
        // plain SCRAMSHA256: the side connection of each cancel signs in without 15,000 PBKDF2 rounds
        options.AuthenticationMethods.Clear();
        options.AuthenticationMethods.Add("SCRAMSHA256");
        await using var server = await Server.StartAsync(options);
        var connection = await flavor.Open($"{server.ConnectionString};Pooling=false");
        const int races = 500;
        var random = new Random(13);
        int cancelled = 0, completed = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < races; i++)
        {
            using var racing = flavor.Command(connection, "SELECT COUNT(*) FROM SERIES_GENERATE_INTEGER(1, 0, 1000)");
            // the statement's reply, and the next one's, are held a random 0-30 ms (a stall the server's cancel ends,
            // as it ends a running statement); the cancel comes after a random 0-40 ms: before, during or after the
            // statement, or while the next one runs, which is what it must never strike
            server.Faults.ForConnection(flavor.ConnectionId(connection), new SessionFaults { StallReply = TimeSpan.FromMilliseconds(random.Next(0, 30)), StallCount = 2 });
            var delay = random.Next(0, 40000);
            using var go = new ManualResetEventSlim();
            var canceller = Task.Run(() =>
            {
                go.Wait();
                // spin a random short while, so the cancel falls before, during or after the round trip
                var spin = Stopwatch.StartNew();
                while (spin.Elapsed.TotalMilliseconds * 1000 < delay)
                {
                }
                racing.Cancel();
            });
            go.Set();
            try
            {
                Assert.Equal(1000L, Convert.ToInt64(await flavor.ExecuteScalar(racing)));
                completed++;
            }
            catch (DbException error) when (flavor.ErrorCode(error) == 139)
            {
                cancelled++;
            }
            // the next statement is never struck by the cancel of the previous one, still in flight or not (Driver.Sync's
            // Cancel blocks its thread until the server has it, Driver.Async's returns at once)
            Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
            await canceller;
        }
        Console.WriteLine($"{name}: cancelled {cancelled}, completed {completed} in {watch.Elapsed}");
        Assert.Equal(races, cancelled + completed);
        // both outcomes happened: the race was real
        Assert.True(cancelled > 0 && completed > 0, $"cancelled {cancelled}, completed {completed} in {watch.Elapsed}");
        await flavor.Close(connection);
    }
}
