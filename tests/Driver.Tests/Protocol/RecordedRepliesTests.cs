using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Session;
using Driver.Core.Types;
using Driver.Sync;
using Driver.Tests.Support;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.Protocol;

/// <summary>
/// Real replies of the test server, as the parser fuzzer's seed corpus (tests/Driver.ParserFuzz/corpus/*.msg): a
/// session that connects, creates a table of most types, inserts, selects across pages, prepares, executes, fails,
/// reads a LOB and commits, under DFV 1 and 8, plain and compressed. Each reply is parsed and decoded here; with
/// PARSERFUZZ_RECORD=DIR set the replies are also written there (how the stored corpus was made).
/// </summary>
public class RecordedRepliesTests
{
    private static string CorpusDirectory => Path.Combine(RepositoryPaths.Root, "tests", "Driver.ParserFuzz", "corpus");

    [Theory]
    [InlineData(8, false)]
    [InlineData(1, false)]
    [InlineData(8, true)]
    public async Task ASessionsRepliesParseAndDecode(int version, bool compress)
    {
        await using var server = await Server.StartAsync();
        var replies = Record(server, version, compress);
        Assert.Equal(11, replies.Count);
        foreach (var (name, bytes) in replies)
        {
            var parts = Decode(bytes);
            Assert.True(parts > 0, $"{name}: no part");
        }
        var select = Parse(replies.First(r => r.Name == "select").Bytes);
        Assert.True(select.TryGetPart(PartKind.ResultSetMetadata, out _));
        Assert.True(select.TryGetPart(PartKind.ResultSet, out var rows) && rows.ArgumentCount == 2);
        Assert.Equal(SegmentKind.Error, Parse(replies.First(r => r.Name == "error").Bytes).Segment.Kind);
        Assert.True(Parse(replies.First(r => r.Name == "readlob").Bytes).TryGetPart(PartKind.ReadLobReply, out _));
        Assert.True(Parse(replies.First(r => r.Name == "prepare").Bytes).TryGetPart(PartKind.ParameterMetadata, out _));
        // the compressed session's replies arrive inflated, as the plain ones (the fuzzer compresses seeds itself)
        if (!compress && Environment.GetEnvironmentVariable("PARSERFUZZ_RECORD") is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            var index = 0;
            foreach (var (name, bytes) in replies)
            {
                File.WriteAllBytes(Path.Combine(directory, $"dfv{version}-{++index:00}-{name}.msg"), bytes);
            }
        }
    }

    [Fact]
    public void TheStoredCorpusParsesAndDecodes()
    {
        var files = Directory.GetFiles(CorpusDirectory, "*.msg");
        Assert.True(files.Length >= 20, $"{files.Length} recorded replies in {CorpusDirectory}");
        foreach (var file in files)
        {
            Assert.True(Decode(File.ReadAllBytes(file)) > 0, file);
        }
    }

    private static ParsedMessage Parse(byte[] message)
    {
        var parsed = new ParsedMessage();
        parsed.Parse(message, message.Length);
        return parsed;
    }

    /// <summary>Every part read by its reader; rows under the reply's own metadata. Returns the part count.</summary>
    private static int Decode(byte[] message)
    {
        var parsed = Parse(message);
        var columns = parsed.TryGetPart(PartKind.ResultSetMetadata, out var metadata)
            ? MetadataParts.ReadResultSetMetadata(parsed.GetPartSpan(metadata), metadata.ArgumentCount)
            : null;
        foreach (var part in parsed.Parts)
        {
            var span = parsed.GetPartSpan(part);
            switch (part.Kind)
            {
                case PartKind.ResultSet when columns is not null:
                    using (var page = new ResultPage())
                    {
                        page.Load(span, part.ArgumentCount, part.Attributes, columns);
                        for (var row = 0; row < page.RowCount; row++)
                        {
                            for (var column = 0; column < columns.Length; column++)
                            {
                                var type = columns[column].TypeCode;
                                var value = page.GetValue(row, column);
                                _ = HanaTypeInfo.IsLob(type) ? ResultValueReader.GetLobDescriptor(type, value) : ResultValueReader.GetValue(type, columns[column].Fraction, value);
                            }
                        }
                    }
                    break;
                case PartKind.Error:
                    Assert.NotEmpty(ErrorPart.Read(span, part.ArgumentCount));
                    break;
                case PartKind.ParameterMetadata:
                    Assert.Equal(part.ArgumentCount, MetadataParts.ReadParameterMetadata(span, part.ArgumentCount).Length);
                    break;
                case PartKind.RowsAffected:
                    Assert.Equal(part.ArgumentCount, SimpleParts.ReadRowsAffected(span, part.ArgumentCount).Length);
                    break;
                case PartKind.ReadLobReply:
                    LobParts.ReadReadLobReply(span);
                    break;
                case PartKind.TopologyInformation:
                    OptionsPart.ReadMultiline(span, part.ArgumentCount);
                    break;
                case PartKind.StatementContext or PartKind.TransactionFlags or PartKind.ConnectOptions or PartKind.DbConnectInfo:
                    OptionsPart.Read(span, part.ArgumentCount);
                    break;
            }
        }
        return parsed.Parts.Count;
    }

    private static List<(string Name, byte[] Bytes)> Record(Server server, int version, bool compress)
    {
        var replies = new List<(string, byte[])>();
        using var client = ProtocolClient.Connect(server, settings =>
        {
            settings.DataFormatVersion = version;
            settings.Compress = compress;
        });
        void Keep(string name)
        {
            var reply = client.Core.LastReply;
            replies.Add((name, reply.Buffer.AsSpan(0, reply.Length).ToArray()));
        }
        Keep("connect");
        client.ExecuteNonQuery("CREATE COLUMN TABLE FUZZ (ID INTEGER PRIMARY KEY, TI TINYINT, SI SMALLINT, BI BIGINT, D DECIMAL(18,4), FD DECIMAL, " +
            "DB DOUBLE, R REAL, N NVARCHAR(40), V VARCHAR(20), VB VARBINARY(16), DT DATE, TM TIME, TS TIMESTAMP, SD SECONDDATE, B BOOLEAN, " +
            "BL BLOB, NC NCLOB)");
        Keep("ddl");
        client.ExecuteNonQuery("INSERT INTO FUZZ VALUES (1, 255, -32768, 9223372036854775807, 12345678901234.5678, 1.5E-30, 2.5, -0.5, 'zwei ä 😀', 'ascii', " +
            "x'00ff10', '2026-12-06', '23:59:59', '2026-12-06 07:50:01.1234567', '1582-10-04 12:00:00', TRUE, x'0102', 'small')");
        Keep("insert");
        client.ExecuteNonQuery("INSERT INTO FUZZ (ID, N, NC) VALUES (2, NULL, '" + new string('ü', 3_000) + "'), (3, '', NULL)");
        client.FetchSize = 2;
        var result = client.Execute("SELECT * FROM FUZZ ORDER BY ID");
        Keep("select");
        using (var resultSet = result.ResultSet!)
        {
            resultSet.FetchNext();
            Keep("fetch");
        }
        var lob = client.Execute("SELECT NC FROM FUZZ WHERE ID = 2");
        using (var lobSet = lob.ResultSet!)
        {
            var value = lobSet.Page.GetValue(0, 0);
            client.ReadLob(HanaTypeCode.NClob, ResultValueReader.GetLobDescriptor(HanaTypeCode.NClob, value), value);
            Keep("readlob");
        }
        var insert = client.Prepare("INSERT INTO FUZZ (ID, N, D, TS, BL) VALUES (?, ?, ?, ?, ?)");
        Keep("prepare");
        CoreCalls.Execute(insert, [[10, "x", 1.25m, new DateTime(2000, 1, 1), new byte[] { 1, 2, 3 }], [11, null, null, null, null]], true, 100);
        Keep("execute");
        Assert.ThrowsAny<HanaException>(() => client.Execute("SELECT NOPE FROM NOWHERE"));
        Keep("error");
        Assert.ThrowsAny<HanaException>(() => CoreCalls.Execute(insert, [[10, "dup", null, null, null]], true, 100));
        Keep("error-duplicate");
        insert.Release();
        client.AutoCommit = false;
        client.ExecuteNonQuery("UPDATE FUZZ SET N = 'y' WHERE ID = 10");
        client.Commit();
        Keep("commit");
        return replies;
    }
}
