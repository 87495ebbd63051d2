using System.Data.Common;
using System.Text;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>LOB parameters given as Stream / TextReader (or large byte[] / string): EXECUTE + WRITELOB (§10.2).</summary>
public class LobStreamingTests : DriverTestBase
{
    /// <summary>Text of about <paramref name="length"/> chars with 1-, 2-, 3-byte CESU-8 and surrogate pairs at every alignment.</summary>
    internal static string MixedText(int length)
    {
        var text = new StringBuilder(length + 16);
        for (var i = 0; text.Length < length; i++)
        {
            text.Append("😀 ").Append(i).Append(i % 3 == 0 ? "ä𝄞" : i % 3 == 1 ? "€x" : "y");
        }
        return text.ToString();
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task StreamAndTextReaderParametersRoundTripOverSeveralChunksAndAutoCommit(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE COLUMN TABLE L (ID INTEGER PRIMARY KEY, B BLOB, N NCLOB, C CLOB)");
        var blob = RandomBytes(3 * 1024 * 1024 + 17, 1);
        var nclob = MixedText(1_200_000);
        var clob = new string('c', 2_500_000);
        using (var command = flavor.Command(connection, "INSERT INTO L VALUES (?, ?, ?, ?)", 1, new MemoryStream(blob), new StringReader(nclob), new StringReader(clob)))
        {
            Assert.Equal(1, await flavor.ExecuteNonQuery(command));
        }
        // a short stream and reader fit inline and go with the EXECUTE alone
        using (var command = flavor.Command(connection, "INSERT INTO L VALUES (?, ?, ?, ?)", 2, new MemoryStream([1, 2, 3]), new StringReader("a😀"), new StringReader("")))
        {
            Assert.Equal(1, await flavor.ExecuteNonQuery(command));
        }

        // auto-commit: the COMMIT after the last WRITELOB makes the rows visible to another session
        var other = await Open(flavor);
        Assert.Equal(2L, Convert.ToInt64(await flavor.Scalar(other, "SELECT COUNT(*) FROM L")));
        using (var query = flavor.Command(other, "SELECT B, N, C FROM L ORDER BY ID"))
        {
            var reader = await flavor.ExecuteReader(query);
            Assert.True(await flavor.Read(reader));
            Assert.Equal(blob, await flavor.ReadStream(reader, 0));
            Assert.Equal(nclob, await flavor.ReadText(reader, 1));
            Assert.Equal(clob, await flavor.ReadText(reader, 2));
            Assert.True(await flavor.Read(reader));
            Assert.Equal(new byte[] { 1, 2, 3 }, await flavor.ReadStream(reader, 0));
            Assert.Equal("a😀", await flavor.ReadText(reader, 1));
            Assert.Equal("", await flavor.ReadText(reader, 2));
            await flavor.CloseReader(reader);
        }
        await flavor.Close(other);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task LargeByteArrayAndStringValuesAndABatchWhoseLastRowStreams(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE COLUMN TABLE L (ID INTEGER PRIMARY KEY, B BLOB, N NCLOB)");
        var big = RandomBytes(2 * 1024 * 1024 + 5, 2);
        var text = MixedText(600_000);
        Assert.Equal(1, await flavor.Execute(connection, "INSERT INTO L VALUES (?, ?, ?)", 1, big, text));
        using (var command = flavor.Command(connection, "INSERT INTO L VALUES (?, ?, ?)"))
        {
            // earlier rows' streams are read whole; the last row streams
            var rows = new List<object?[]>
            {
                new object?[] { 2, new MemoryStream(big), new StringReader("two") },
                new object?[] { 3, null, null },
                new object?[] { 4, new MemoryStream(big), new StringReader(text) },
            };
            Assert.Equal(3, await flavor.ExecuteBatch(command, rows));
        }
        var result = await flavor.Query(connection, "SELECT ID, B, N FROM L ORDER BY ID");
        Assert.Equal(4, result.Count);
        Assert.Equal(big, result[0][1]);
        Assert.Equal(text, result[0][2]);
        Assert.Equal(big, result[1][1]);
        Assert.Equal("two", result[1][2]);
        Assert.Null(result[2][1]);
        Assert.Null(result[2][2]);
        Assert.Equal(big, result[3][1]);
        Assert.Equal(text, result[3][2]);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AStreamThatFailsHalfWayRollsTheAutoCommitStatementBackAndKeepsTheConnection(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE COLUMN TABLE L (ID INTEGER PRIMARY KEY, B BLOB)");
        using (var command = flavor.Command(connection, "INSERT INTO L VALUES (?, ?)", 1, new FailingStream(3 * 1024 * 1024)))
        {
            var error = await Assert.ThrowsAsync<IOException>(() => flavor.ExecuteNonQuery(command));
            Assert.Equal(FailingStream.Message, error.Message);
        }
        Assert.Equal(0L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM L")));
        Assert.Equal(1, await flavor.Execute(connection, "INSERT INTO L VALUES (?, ?)", 2, new MemoryStream(RandomBytes(1_500_000, 3))));
        Assert.Equal(1L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM L")));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task InATransactionTheStreamedRowCommitsAndRollsBackWithIt(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE COLUMN TABLE L (ID INTEGER PRIMARY KEY, B BLOB)");
        var blob = RandomBytes(2_500_000, 4);
        var transaction = await flavor.BeginTransaction(connection);
        using (var command = flavor.Command(connection, "INSERT INTO L VALUES (?, ?)", 1, new MemoryStream(blob)))
        {
            command.Transaction = transaction;
            Assert.Equal(1, await flavor.ExecuteNonQuery(command));
        }
        await flavor.Rollback(transaction);
        Assert.Equal(0L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM L")));
        transaction = await flavor.BeginTransaction(connection);
        using (var command = flavor.Command(connection, "INSERT INTO L VALUES (?, ?)", 2, new MemoryStream(blob)))
        {
            command.Transaction = transaction;
            Assert.Equal(1, await flavor.ExecuteNonQuery(command));
        }
        await flavor.Commit(transaction);
        var rows = await flavor.Query(connection, "SELECT ID, B FROM L");
        Assert.Single(rows);
        Assert.Equal(blob, rows[0][1]);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ATextReaderForABlobIsRefusedBeforeAnythingIsSent(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE COLUMN TABLE L (B BLOB)");
        using (var command = flavor.Command(connection, "INSERT INTO L VALUES (?)", new StringReader("text")))
        {
            await Assert.ThrowsAsync<InvalidCastException>(() => flavor.ExecuteNonQuery(command));
        }
        Assert.Equal(0L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM L")));
        await flavor.Close(connection);
    }

    /// <summary>Yields zeros, then throws once <paramref name="failAfter"/> bytes were read.</summary>
    private sealed class FailingStream(long failAfter) : Stream
    {
        public const string Message = "the source broke";
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAfter)
            {
                throw new IOException(Message);
            }
            var n = (int)Math.Min(count, failAfter - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }
    }
}
