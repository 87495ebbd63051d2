using System.Buffers.Binary;
using System.Text;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Session;
using Driver.Sync;
using Driver.Tests.Support;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.TestServer;

/// <summary>
/// A batch EXECUTE whose rows partly fail (§6.4, §12.2): every row runs, the reply is an ERROR segment with one
/// record per failed row (ERROR part first), ROWSAFFECTED with -3 for the failed rows, and TRANSACTIONFLAGS.
/// </summary>
public class ServerBatchErrorTests
{
    [Fact]
    public async Task PartlyFailedBatchIsAnErrorSegmentWithRecordsAndRowsAffected()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        using var other = ProtocolClient.Connect(server);
        client.ExecuteNonQuery("CREATE COLUMN TABLE BE (ID INTEGER PRIMARY KEY, V NVARCHAR(10))");
        client.ExecuteNonQuery("INSERT INTO BE VALUES (20, 'old'), (40, 'old')");
        var insert = client.Prepare("INSERT INTO BE VALUES (?, ?)");

        Assert.Throws<HanaBatchException>(() => CoreCalls.Execute(insert, [[10, "a"], [20, "b"], [30, "c"], [40, "d"], [50, "e"]], true, 100));
        var reply = client.Core.LastReply;
        Assert.Equal(SegmentKind.Error, reply.Segment.Kind);
        Assert.Equal(FunctionCode.Insert, reply.Segment.FunctionCode);
        Assert.Equal(PartKind.Error, reply.Parts[0].Kind); // §12.2: first, for PyHDB and node-hdb
        Assert.Equal(2, reply.Parts[0].ArgumentCount);
        var records = ErrorPart.Read(reply.GetPartSpan(reply.Parts[0]), 2);
        Assert.All(records, record => Assert.Equal((301, "23000", HanaErrorLevel.Error), (record.Code, record.SqlState, record.Level)));
        Assert.Contains("20", records[0].Message);
        Assert.Contains("40", records[1].Message);
        Assert.True(reply.TryGetPart(PartKind.RowsAffected, out var counts));
        Assert.Equal([1, -3, 1, -3, 1], SimpleParts.ReadRowsAffected(reply.GetPartSpan(counts), counts.ArgumentCount));
        Assert.True(WireRequests.Flag(reply, TransactionFlagId.Committed));

        // auto-commit: the good rows are committed, visible to another session; the session goes on
        Assert.Equal([10L, 20L, 30L, 40L, 50L], other.Query("SELECT ID FROM BE ORDER BY ID").Select(row => Convert.ToInt64(row[0])));
        Assert.Equal("old", other.Query("SELECT V FROM BE WHERE ID = 20")[0][0]);
        Assert.Equal(5L, WireRequests.Count(client, "BE"));
        insert.Release();
    }

    [Fact]
    public async Task SingleRowFailureKeepsThePlainErrorReply()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        client.ExecuteNonQuery("CREATE COLUMN TABLE BS (ID INTEGER PRIMARY KEY)");
        client.ExecuteNonQuery("INSERT INTO BS VALUES (1)");
        var insert = client.Prepare("INSERT INTO BS VALUES (?)");
        var error = Assert.Throws<HanaException>(() => CoreCalls.Execute(insert, [[1]], true, 100));
        Assert.IsNotType<HanaBatchException>(error);
        var reply = client.Core.LastReply;
        Assert.Equal(SegmentKind.Error, reply.Segment.Kind);
        Assert.Single(reply.Parts); // go-hdb: HANA sends no ROWSAFFECTED for a single failed row
        Assert.Equal(1, reply.Parts[0].ArgumentCount);
        insert.Release();
    }

    [Fact]
    public async Task ErrorRecordsReadTheSameWithGoHdbAndHdbconnectPadding()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        client.ExecuteNonQuery("CREATE COLUMN TABLE BP (ID BIGINT PRIMARY KEY)");
        // keys of 1 to 9 digits: the record texts grow a byte at a time, so one of them would end on an 8-byte
        // boundary (§12.1, where the two readers disagree)
        var keys = Enumerable.Range(1, 9).Select(digits => long.Parse(new string('7', digits))).ToList();
        client.ExecuteNonQuery($"INSERT INTO BP VALUES {string.Join(", ", keys.Select(k => $"({k})"))}");
        var insert = client.Prepare("INSERT INTO BP VALUES (?)");
        var rows = keys.SelectMany(k => new[] { new object?[] { k }, [k + 1] }).ToList();

        var failure = Assert.Throws<HanaBatchException>(() => CoreCalls.Execute(insert, rows, true, 100));
        Assert.Equal(Enumerable.Range(0, 9).Select(i => 2 * i), failure.Errors.Select(e => e.RowIndex));
        var reply = client.Core.LastReply;
        var part = reply.Parts[0];
        var padded = reply.Buffer.AsSpan(part.Offset, part.Length + PartHeader.PaddingFor(part.Length));
        var (goHdb, goEnd) = ReadRecords(padded, part.ArgumentCount, hdbconnect: false);
        var (hdbconnect, rustEnd) = ReadRecords(padded, part.ArgumentCount, hdbconnect: true);
        Assert.Equal(9, goHdb.Count);
        Assert.Equal(goHdb, hdbconnect);
        Assert.Equal(failure.Errors.Select(e => e.Message), goHdb.Select(r => $"[{r.Code}] {r.Text}"));
        Assert.All(goHdb, r => Assert.Equal(301, r.Code));
        // the case was met: a record that would have ended on the boundary got its trailing space
        Assert.Contains(failure.Errors.SkipLast(1), e => e.Message.EndsWith(' '));
        Assert.True(goEnd <= padded.Length && rustEnd <= padded.Length, $"{goEnd} / {rustEnd} of {padded.Length}");
        insert.Release();
    }

    /// <summary>
    /// The two multi-record readers of §12.1, from their documented rules: go-hdb pads each record to the next
    /// multiple of 8 (nothing when already there); hdbconnect skips 8 - (18 + T) % 8 bytes (1..8).
    /// </summary>
    private static (List<(int Code, string Text)> Records, int End) ReadRecords(ReadOnlySpan<byte> buffer, int count, bool hdbconnect)
    {
        var records = new List<(int, string)>();
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            var code = BinaryPrimitives.ReadInt32LittleEndian(buffer[offset..]);
            var length = BinaryPrimitives.ReadInt32LittleEndian(buffer[(offset + 8)..]);
            records.Add((code, Encoding.UTF8.GetString(buffer.Slice(offset + 18, length))));
            offset += 18 + length;
            offset += hdbconnect ? 8 - ((18 + length) % 8) : (8 - ((18 + length) % 8)) % 8;
        }
        return (records, offset);
    }
}
