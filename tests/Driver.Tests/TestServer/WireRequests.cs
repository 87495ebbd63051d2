using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Session;
using Driver.Tests.Support;

namespace Driver.Tests.TestServer;

/// <summary>Hand-built requests and reply inspection for the wire-level test-server tests.</summary>
internal static class WireRequests
{
    /// <summary>An EXECUTEDIRECT whose parsed reply is returned as is (valid until the next round trip).</summary>
    public static ParsedMessage ExecuteDirect(ProtocolClient client, string sql, bool commit)
    {
        var request = StatementRunner.BuildExecuteDirect(client.Core, sql, commit, client.FetchSize);
        return client.Core.RoundTripSync(request, client.Core.Settings.CommandTimeout);
    }

    /// <summary>The TRANSACTIONFLAGS part of a reply (§6.5); empty when the reply has none.</summary>
    public static OptionSet TransactionFlags(ParsedMessage reply) =>
        reply.TryGetPart(PartKind.TransactionFlags, out var part) ? OptionsPart.Read(reply.GetPartSpan(part), part.ArgumentCount) : new OptionSet();

    public static bool Flag(ParsedMessage reply, TransactionFlagId id) => TransactionFlags(reply).GetBoolean((int)id, false);

    public static long Count(ProtocolClient client, string table) => Convert.ToInt64(client.Query($"SELECT COUNT(*) FROM {table}")[0][0]);

    /// <summary>Waits (generously, the machine is busy) until the condition holds; fails the test otherwise.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting until {what}");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>The connection ids the server lists in M_CONNECTIONS.</summary>
    public static List<long> ConnectionIds(ProtocolClient client) =>
        client.Query("SELECT CONNECTION_ID FROM SYS.M_CONNECTIONS").Select(row => Convert.ToInt64(row[0])).ToList();
}
