using System.Text;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Session;
using Driver.Core.Types;
using Driver.Tests.Support;
using static Driver.Tests.TestServer.WireRequests;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.TestServer;

/// <summary>
/// BLOB, CLOB and NCLOB of every size through prepared-statement parameters, read back through the descriptor
/// and READLOB (§10.1), and written in pieces with WRITELOB (§10.2).
/// </summary>
public class ServerLobTests
{
    public static TheoryData<int> Sizes => new() { 0, 1, 1023, 1024, 1025, 300 * 1024, 5 * 1024 * 1024 };

    private static byte[] Bytes(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        return bytes;
    }

    private static string Ascii(int size) => string.Create(size, size, (span, seed) =>
    {
        var random = new Random(seed);
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (char)random.Next(32, 127);
        }
    });

    /// <summary>UTF-16 code units: BMP letters, umlauts, CJK and surrogate pairs (non-BMP), never a split pair.</summary>
    private static string Unicode(int size)
    {
        var random = new Random(size);
        var text = new StringBuilder(size);
        string[] pieces = ["a", "ä", "€", "中", "😀", "𝄞"];
        while (text.Length < size)
        {
            var piece = pieces[random.Next(pieces.Length)];
            if (text.Length + piece.Length > size)
            {
                piece = "b";
            }
            text.Append(piece);
        }
        return text.ToString();
    }

    private static List<object?[]> InsertAndReadBack(ProtocolClient client, string type, object value)
    {
        client.ExecuteNonQuery($"CREATE COLUMN TABLE L (ID INTEGER PRIMARY KEY, V {type})");
        var insert = client.Prepare("INSERT INTO L VALUES (?, ?)");
        Assert.Equal(1, CoreCalls.Execute(insert, [[1, value]], true, 10).TotalRowsAffected);
        insert.Release();
        return client.Query("SELECT ID, V FROM L");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task BlobRoundTrips(int size)
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        var value = Bytes(size);
        var rows = InsertAndReadBack(client, "BLOB", value);
        Assert.Equal(value, (byte[])rows[0][1]!);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task ClobRoundTrips(int size)
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        var value = Ascii(size);
        var rows = InsertAndReadBack(client, "CLOB", value);
        Assert.Equal(value, (string)rows[0][1]!);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task NClobWithNonBmpCharactersRoundTrips(int size)
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        var value = Unicode(size);
        var rows = InsertAndReadBack(client, "NCLOB", value);
        Assert.Equal(value, (string)rows[0][1]!);
    }

    [Fact]
    public async Task SmallLobsAreInlineAndBigOnesNeedReadLob()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        client.ExecuteNonQuery("CREATE COLUMN TABLE L (ID INTEGER PRIMARY KEY, V BLOB)");
        var insert = client.Prepare("INSERT INTO L VALUES (?, ?)");
        CoreCalls.Execute(insert, [[1, Bytes(1024)], [2, Bytes(1025)], [3, null]], true, 10);
        insert.Release();
        using var resultSet = client.Execute("SELECT V FROM L ORDER BY ID").ResultSet!;
        Assert.Equal(HanaTypeCode.Blob, resultSet.Columns[0].TypeCode);

        var inline = ResultValueReader.GetLobDescriptor(HanaTypeCode.Blob, resultSet.Page.GetValue(0, 0));
        Assert.True(inline.IsLastData);
        Assert.Equal(1024, inline.ByteLength);
        Assert.Equal(Bytes(1024), inline.GetChunk(resultSet.Page.GetValue(0, 0)).ToArray());

        var streamed = ResultValueReader.GetLobDescriptor(HanaTypeCode.Blob, resultSet.Page.GetValue(1, 0));
        Assert.False(streamed.IsLastData);
        Assert.Equal(1025, streamed.ByteLength);
        Assert.Equal(Bytes(1025), (byte[])client.ReadLob(HanaTypeCode.Blob, streamed, resultSet.Page.GetValue(1, 0)));

        Assert.True(ResultValueReader.IsNull(HanaTypeCode.Blob, resultSet.Page.GetValue(2, 0)));
    }

    [Fact]
    public async Task NClobDescriptorCountsCharactersAsUtf16CodeUnits()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        var value = Unicode(5000);
        InsertAndReadBack(client, "NCLOB", value);
        using var resultSet = client.Execute("SELECT V FROM L").ResultSet!;
        var descriptor = ResultValueReader.GetLobDescriptor(HanaTypeCode.NClob, resultSet.Page.GetValue(0, 0));
        Assert.Equal(value.Length, descriptor.CharLength);
        Assert.Equal(Cesu8.GetBytes(value).Length, descriptor.ByteLength);
    }

    public static TheoryData<string, int> WriteLobCases => new()
    {
        { "BLOB", 0 }, { "BLOB", 1 }, { "BLOB", 1025 }, { "BLOB", 300 * 1024 },
        { "CLOB", 1 }, { "CLOB", 300 * 1024 },
        { "NCLOB", 1 }, { "NCLOB", 100 * 1024 },
    };

    /// <summary>
    /// EXECUTE with a LOB descriptor lacking the last-data bit, then WRITELOB chunks: each WRITELOBREPLY lists the
    /// locators still waiting, the last one none, and only then is the row there with the whole value.
    /// </summary>
    [Theory]
    [MemberData(nameof(WriteLobCases))]
    public async Task WriteLobStreamsTheRestOfAParameter(string type, int size)
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        using var other = ProtocolClient.Connect(server);
        client.ExecuteNonQuery($"CREATE COLUMN TABLE W (ID INTEGER PRIMARY KEY, V {type})");
        var insert = client.Prepare("INSERT INTO W VALUES (?, ?)");
        object value = type == "BLOB" ? Bytes(size) : type == "CLOB" ? Ascii(size) : Unicode(size);
        var data = value is byte[] bytes ? bytes : Cesu8.GetBytes((string)value);
        var lobType = insert.Parameters[1].TypeCode;

        var first = Math.Min(data.Length, 100);
        var locators = ExecuteWithStreamingLastRow(client, insert, [(1, data[..first])], lobType);
        var locator = Assert.Single(locators);
        Assert.Equal(0, Count(other, "W")); // nothing executed yet

        var offset = first;
        const int chunkSize = 64 * 1024;
        do
        {
            var length = Math.Min(chunkSize, data.Length - offset);
            var last = offset + length == data.Length;
            var remaining = SendWriteLob(client, [(locator, data.AsSpan(offset, length).ToArray(), last)], out var reply);
            offset += length;
            Assert.Equal(FunctionCode.WriteLob, reply);
            Assert.Equal(last ? Array.Empty<long>() : new[] { locator }, remaining);
        }
        while (offset < data.Length);

        var rows = other.Query("SELECT ID, V FROM W");
        var row = Assert.Single(rows);
        Assert.Equal(value, row[1]);
        insert.Release();
    }

    [Fact]
    public async Task WriteLobWithTwoLobParametersCompletesThemIndependently()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        client.ExecuteNonQuery("CREATE COLUMN TABLE W2 (ID INTEGER PRIMARY KEY, B BLOB, N NCLOB)");
        var insert = client.Prepare("INSERT INTO W2 VALUES (?, ?, ?)");
        var blob = Bytes(5000);
        var nclob = Unicode(3000);
        var nclobBytes = Cesu8.GetBytes(nclob);

        var builder = client.Core.BeginRequest(MessageType.Execute, commit: true);
        builder.BeginPart(PartKind.StatementId);
        SimpleParts.WriteId(builder.Writer, insert.Id);
        builder.EndPart(1);
        builder.BeginPart(PartKind.Parameters);
        var rowStart = builder.Writer.Length;
        ParameterValueWriter.Write(builder.Writer, insert.Parameters[0].TypeCode, 0, 7);
        var blobDescriptor = ParameterValueWriter.WriteLobDescriptor(builder.Writer, insert.Parameters[1].TypeCode, new LobInputDescriptor(LobOptions.DataIncluded, 10, 0));
        var nclobDescriptor = ParameterValueWriter.WriteLobDescriptor(builder.Writer, insert.Parameters[2].TypeCode, new LobInputDescriptor(LobOptions.DataIncluded, 12, 0));
        builder.Writer.PatchInt32(blobDescriptor + LobInputDescriptor.PositionOffset, builder.Writer.Length - rowStart + 1);
        builder.Writer.WriteBytes(blob.AsSpan(0, 10));
        builder.Writer.PatchInt32(nclobDescriptor + LobInputDescriptor.PositionOffset, builder.Writer.Length - rowStart + 1);
        builder.Writer.WriteBytes(nclobBytes.AsSpan(0, 12));
        builder.EndPart(1);
        var execute = StatementRunner.ReadExecuteReply(client.Core, client.Core.RoundTripSync(), insert, 10);
        Assert.Equal(2, execute.PendingLobLocators.Length);
        var (blobLocator, nclobLocator) = (execute.PendingLobLocators[0], execute.PendingLobLocators[1]);

        // finish the NCLOB first and feed the BLOB a piece in the same request
        var remaining = SendWriteLob(client, [(nclobLocator, nclobBytes[12..], true), (blobLocator, blob[10..100], false)], out _);
        Assert.Equal([blobLocator], remaining);
        remaining = SendWriteLob(client, [(blobLocator, blob[100..], true)], out _);
        Assert.Empty(remaining);

        var row = Assert.Single(client.Query("SELECT ID, B, N FROM W2"));
        Assert.Equal(blob, row[1]);
        Assert.Equal(nclob, row[2]);
        insert.Release();
    }

    [Fact]
    public async Task BatchWhoseLastRowStreamsInsertsEveryRowOnceComplete()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        client.ExecuteNonQuery("CREATE COLUMN TABLE WB (ID INTEGER PRIMARY KEY, V BLOB)");
        var insert = client.Prepare("INSERT INTO WB VALUES (?, ?)");
        var last = Bytes(200_000);

        var builder = client.Core.BeginRequest(MessageType.Execute, commit: true);
        builder.BeginPart(PartKind.StatementId);
        SimpleParts.WriteId(builder.Writer, insert.Id);
        builder.EndPart(1);
        builder.BeginPart(PartKind.Parameters);
        ParameterRowWriter.WriteRow(builder.Writer, insert.Parameters, [1, Bytes(10)]);
        ParameterRowWriter.WriteRow(builder.Writer, insert.Parameters, [2, Bytes(2000)]);
        WriteStreamingRow(builder.Writer, insert, 3, last[..500]);
        builder.EndPart(3);
        var execute = StatementRunner.ReadExecuteReply(client.Core, client.Core.RoundTripSync(), insert, 10);
        Assert.Equal([1, 1, 1], execute.RowsAffected);
        var locator = Assert.Single(execute.PendingLobLocators);

        Assert.Empty(SendWriteLob(client, [(locator, last[500..], true)], out _));
        var rows = client.Query("SELECT ID, V FROM WB ORDER BY ID");
        Assert.Equal([1L, 2L, 3L], rows.Select(row => Convert.ToInt64(row[0])));
        Assert.Equal(Bytes(10), rows[0][1]);
        Assert.Equal(Bytes(2000), rows[1][1]);
        Assert.Equal(last, rows[2][1]);
        insert.Release();
    }

    [Fact]
    public async Task WriteLobInsideAnExplicitTransactionWaitsForCommit()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        using var other = ProtocolClient.Connect(server);
        client.ExecuteNonQuery("CREATE COLUMN TABLE WT (ID INTEGER PRIMARY KEY, V BLOB)");
        var insert = client.Prepare("INSERT INTO WT VALUES (?, ?)");
        var value = Bytes(4000);
        var locator = Assert.Single(ExecuteWithStreamingLastRow(client, insert, [(1, value[..1])], insert.Parameters[1].TypeCode, commit: false));
        Assert.Empty(SendWriteLob(client, [(locator, value[1..], true)], out _));
        Assert.Equal(0, Count(other, "WT"));
        client.Commit();
        Assert.Equal(value, Assert.Single(other.Query("SELECT V FROM WT"))[0]);
        insert.Release();
    }

    /// <summary>An EXECUTE of (id, lob) rows whose last row's LOB lacks the last-data bit; returns the WRITELOBREPLY locators.</summary>
    private static long[] ExecuteWithStreamingLastRow(ProtocolClient client, PreparedStatementCore insert, (int Id, byte[] FirstChunk)[] rows, HanaTypeCode lobType, bool commit = true)
    {
        var builder = client.Core.BeginRequest(MessageType.Execute, commit);
        builder.BeginPart(PartKind.StatementId);
        SimpleParts.WriteId(builder.Writer, insert.Id);
        builder.EndPart(1);
        builder.BeginPart(PartKind.Parameters);
        foreach (var (id, chunk) in rows)
        {
            WriteStreamingRow(builder.Writer, insert, id, chunk, lobType);
        }
        builder.EndPart(rows.Length);
        var reply = client.Core.RoundTripSync();
        Assert.True(reply.TryGetPart(PartKind.WriteLobReply, out _));
        var result = StatementRunner.ReadExecuteReply(client.Core, reply, insert, 10);
        return result.PendingLobLocators;
    }

    /// <summary>One (id, lob) row whose LOB descriptor has data included but not the last-data bit (§10.2).</summary>
    private static void WriteStreamingRow(PacketWriter writer, PreparedStatementCore insert, int id, byte[] firstChunk, HanaTypeCode? lobType = null)
    {
        var rowStart = writer.Length;
        ParameterValueWriter.Write(writer, insert.Parameters[0].TypeCode, 0, id);
        var descriptor = ParameterValueWriter.WriteLobDescriptor(writer, lobType ?? insert.Parameters[1].TypeCode, new LobInputDescriptor(LobOptions.DataIncluded, firstChunk.Length, 0));
        writer.PatchInt32(descriptor + LobInputDescriptor.PositionOffset, writer.Length - rowStart + 1);
        writer.WriteBytes(firstChunk);
    }

    /// <summary>One WRITELOB request with the given chunks; returns the locators the WRITELOBREPLY still lists.</summary>
    private static long[] SendWriteLob(ProtocolClient client, (long Locator, byte[] Data, bool Last)[] chunks, out FunctionCode functionCode)
    {
        var builder = client.Core.BeginRequest(MessageType.WriteLob);
        builder.BeginPart(PartKind.WriteLobRequest);
        foreach (var (locator, data, last) in chunks)
        {
            LobParts.WriteWriteLobChunk(builder.Writer, locator, LobOptions.DataIncluded | (last ? LobOptions.LastData : LobOptions.None), -1, data);
        }
        builder.EndPart(chunks.Length);
        var reply = client.Core.RoundTripSync();
        functionCode = reply.Segment.FunctionCode;
        Assert.True(reply.TryGetPart(PartKind.WriteLobReply, out var part));
        return LobParts.ReadWriteLobReply(reply.GetPartSpan(part), part.ArgumentCount);
    }
}
