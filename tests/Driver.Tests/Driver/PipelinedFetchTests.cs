using System.Data;
using System.Data.Common;
using Driver.TestServer;

namespace Driver.Tests.PublicApi;

/// <summary>
/// The next page's FETCHNEXT is on the wire while the caller reads the current page (Driver.Sync: sent ahead once the
/// page is in, its reply read at the next fetch; Driver.Async: a background prefetch). Whatever the caller does with
/// that request in flight (disposes the reader, throws out of its loop, times out, cancels, reads a LOB, runs another
/// statement, moves to the next result set) leaves the connection in step, or broken and never used again.
/// </summary>
public class PipelinedFetchTests : DriverTestBase
{
    private const string Series = "SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 10000)";

    private static long RoundTrips(DbConnection connection) => (long)((dynamic)connection).GetStatistics().RoundTrips;

    /// <summary>The next statement's reply is its own: a connection out of step would hand it a page of the series.</summary>
    private static async Task AssertInStep(Flavor flavor, DbConnection connection)
    {
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        Assert.Equal(0L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM SYS.M_RESULT_SETS WHERE CONNECTION_ID = " + flavor.ConnectionId(connection))));
        Assert.Equal(ConnectionState.Open, connection.State);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task TheNextPageIsOnTheWireWhileThePageIsRead(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor, "FetchSize=100;Pooling=false");
        using var command = flavor.Command(connection, Series);
        ((dynamic)connection).ResetStatistics();
        var reader = await flavor.ExecuteReader(command);
        Assert.Equal(1L, RoundTrips(connection));
        Assert.True(await flavor.Read(reader));
        // the first row of a page sends the next page's FETCHNEXT (Driver.Async: from its task, soon)
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (RoundTrips(connection) < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.Equal(2L, RoundTrips(connection));
        long expected = 0;
        do
        {
            Assert.Equal(expected++, reader.GetInt64(0));
        }
        while (await flavor.Read(reader));
        Assert.Equal(10000, expected);
        // one EXECUTE and 99 FETCHNEXTs: no page fetched twice, none beyond the last
        Assert.Equal(100L, RoundTrips(connection));
        await flavor.CloseReader(reader);
        await AssertInStep(flavor, connection);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task DisposingTheReaderWithTheFetchInFlightLeavesTheConnectionInStep(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor, "FetchSize=100;Pooling=false");
        for (var round = 0; round < 10; round++)
        {
            using (var command = flavor.Command(connection, Series))
            {
                var reader = await flavor.ExecuteReader(command);
                // the FETCHNEXT about to go out is answered late: it is still in flight when the reader goes
                Server.Faults.ForConnection(flavor.ConnectionId(connection), new SessionFaults { StallReply = TimeSpan.FromMilliseconds(200), StallCount = 1 });
                Assert.True(await flavor.Read(reader));
                Assert.Equal(0L, reader.GetInt64(0));
                reader.Dispose();
            }
            await AssertInStep(flavor, connection);
        }
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AnExceptionInTheCallersLoopLeavesTheConnectionInStep(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor, "FetchSize=100;Pooling=false");
        long read = 0;
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            using var command = flavor.Command(connection, Series);
            using var reader = await flavor.ExecuteReader(command);
            while (await flavor.Read(reader))
            {
                if (++read == 150)
                {
                    // page 2's rows are being read, page 3's FETCHNEXT is on the wire
                    throw new InvalidOperationException("the caller's own failure");
                }
            }
        });
        Assert.Equal("the caller's own failure", thrown.Message);
        Assert.Equal(150, read);
        await AssertInStep(flavor, connection);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ACommandTimeoutWithTheFetchInFlightCancelsAndLeavesTheConnectionInStep(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor, "FetchSize=100;Pooling=false");
        using var command = flavor.Command(connection, Series);
        command.CommandTimeout = 1;
        var reader = await flavor.ExecuteReader(command);
        Server.Faults.ForConnection(flavor.ConnectionId(connection), new SessionFaults { StallReply = TimeSpan.FromMinutes(2), StallCount = 1 });
        long read = 0;
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            while (await flavor.Read(reader))
            {
                read++;
            }
        });
        // the first page was read whole; the stalled FETCHNEXT was cancelled on the server after the Command Timeout
        Assert.Equal(100, read);
        Assert.Equal(139, flavor.ErrorCode(error));
        await flavor.CloseReader(reader);
        await AssertInStep(flavor, connection);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task DisposingTheReaderWhileTheFetchInFlightStallsEndsWithinTheCommandTimeout(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor, "FetchSize=100;Pooling=false");
        using (var command = flavor.Command(connection, Series))
        {
            command.CommandTimeout = 1;
            var reader = await flavor.ExecuteReader(command);
            Server.Faults.ForConnection(flavor.ConnectionId(connection), new SessionFaults { StallReply = TimeSpan.FromMinutes(2), StallCount = 1 });
            Assert.True(await flavor.Read(reader));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            // Driver.Sync reads the reply first: cancelled on the server once the Command Timeout expires, then drained;
            // Driver.Async returns at once and its prefetch does the same in the background
            reader.Dispose();
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"the dispose took {watch.Elapsed}");
        }
        await AssertInStep(flavor, connection);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task CancellingWithTheFetchInFlightLeavesTheConnectionInStep(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor, "FetchSize=100;Pooling=false");
        using var command = flavor.Command(connection, Series);
        var reader = await flavor.ExecuteReader(command);
        Server.Faults.ForConnection(flavor.ConnectionId(connection), new SessionFaults { StallReply = TimeSpan.FromMinutes(2), StallCount = 1 });
        // Driver.Sync blocks in Read: DbCommand.Cancel from another thread strikes the FETCHNEXT it waits for;
        // Driver.Async: the token reaches the prefetch (a Cancel leaves a prefetch alone, the token does not)
        using var cancellation = new CancellationTokenSource();
        using var registration = cancellation.Token.Register(command.Cancel);
        long read = 0;
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            while (await flavor.Read(reader, cancellation.Token))
            {
                if (++read == 100)
                {
                    // the page's last row: the Read after it waits for the stalled FETCHNEXT
                    cancellation.CancelAfter(TimeSpan.FromMilliseconds(300));
                }
            }
        });
        Assert.Equal(100, read);
        Assert.True(error is OperationCanceledException || flavor.ErrorCode(error) == 139, error.ToString());
        await flavor.CloseReader(reader);
        await AssertInStep(flavor, connection);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ABrokenConnectionWithTheFetchInFlightIsNeverUsedAgain(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor, "FetchSize=100");
        var brokenId = flavor.ConnectionId(connection);
        using (var command = flavor.Command(connection, Series))
        {
            var reader = await flavor.ExecuteReader(command);
            // the socket closes a few bytes into the next reply: the FETCHNEXT's
            Server.Faults.ForConnection(brokenId, new SessionFaults { DropAfterFurtherBytes = 10 });
            long read = 0;
            var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                while (await flavor.Read(reader))
                {
                    read++;
                }
            });
            Assert.Equal(100, read);
            Assert.True(flavor.ErrorCode(error) is not null, error.ToString());
            reader.Dispose();
        }
        await Assert.ThrowsAnyAsync<Exception>(() => flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        await flavor.Close(connection);
        // the pool discards it: the next connection is another session
        var next = await Open(flavor, "FetchSize=100");
        Assert.NotEqual(brokenId, flavor.ConnectionId(next));
        Assert.Equal("X", await flavor.Scalar(next, "SELECT * FROM DUMMY"));
        await flavor.Close(next);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task OtherStatementsOnTheConnectionWaitBehindTheFetchInFlight(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor, "FetchSize=100;Pooling=false");
        using var command = flavor.Command(connection, Series);
        var reader = await flavor.ExecuteReader(command);
        long rows = 0;
        while (await flavor.Read(reader))
        {
            Assert.Equal(rows, reader.GetInt64(0));
            if (++rows % 150 == 0)
            {
                // mid-page: the next page's FETCHNEXT is on the wire; its reply is read (and kept) before this one goes
                Assert.Equal(rows, Convert.ToInt64(await flavor.Scalar(connection, $"SELECT {rows} FROM DUMMY")));
            }
        }
        Assert.Equal(10000, rows);
        await flavor.CloseReader(reader);
        await AssertInStep(flavor, connection);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task LobsOfThePageAreReadBehindTheFetchInFlight(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor, "FetchSize=4;Pooling=false");
        await flavor.Execute(connection, "CREATE COLUMN TABLE PIPE_LOBS (ID INTEGER PRIMARY KEY, DOC NCLOB, DATA BLOB)");
        static string Doc(int id) => new((char)('a' + id % 26), 60_000 + id);
        static byte[] Data(int id) => Enumerable.Range(0, 50_000 + id).Select(i => (byte)(i * id)).ToArray();
        using (var insert = flavor.Command(connection, "INSERT INTO PIPE_LOBS VALUES (?, ?, ?)"))
        {
            await flavor.ExecuteBatch(insert, Enumerable.Range(0, 18).Select(id => new object?[] { id, Doc(id), Data(id) }).ToList());
        }
        using var command = flavor.Command(connection, "SELECT ID, DOC, DATA FROM PIPE_LOBS ORDER BY ID");
        var reader = await flavor.ExecuteReader(command);
        var id = 0;
        while (await flavor.Read(reader))
        {
            Assert.Equal(id, reader.GetInt32(0));
            // READLOB (§10.1) waits behind the next page's FETCHNEXT; the page keeps its LOB descriptors
            Assert.Equal(Doc(id), id % 2 == 0 ? await flavor.ReadText(reader, 1) : await flavor.GetLob<string>(reader, 1));
            Assert.Equal(Data(id), id % 2 == 0 ? await flavor.GetLob<byte[]>(reader, 2) : await flavor.ReadStream(reader, 2));
            id++;
        }
        Assert.Equal(18, id);
        await flavor.CloseReader(reader);
        await AssertInStep(flavor, connection);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task MovingToTheNextResultSetWithTheFetchInFlightLeavesTheConnectionInStep(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor, "FetchSize=50;Pooling=false");
        await flavor.Execute(connection, "CREATE COLUMN TABLE PIPE_N (N INTEGER PRIMARY KEY)");
        using (var insert = flavor.Command(connection, "INSERT INTO PIPE_N VALUES (?)"))
        {
            await flavor.ExecuteBatch(insert, Enumerable.Range(0, 1000).Select(n => new object?[] { n }).ToList());
        }
        await flavor.Execute(connection, "CREATE PROCEDURE PIPE_TWO AS BEGIN SELECT N FROM PIPE_N ORDER BY N; SELECT N FROM PIPE_N WHERE N < 300 ORDER BY N DESC; END");
        using var command = flavor.Command(connection, "CALL PIPE_TWO");
        var reader = await flavor.ExecuteReader(command);
        for (var n = 0; n < 75; n++)
        {
            Assert.True(await flavor.Read(reader));
            Assert.Equal(n, reader.GetInt32(0));
        }
        // the first cursor's next page is on the wire: its reply is read, then the cursor closed
        Assert.True(await reader.NextResultAsync());
        var expected = 299;
        while (await flavor.Read(reader))
        {
            Assert.Equal(expected--, reader.GetInt32(0));
        }
        Assert.Equal(-1, expected);
        Assert.False(await reader.NextResultAsync());
        await flavor.CloseReader(reader);
        await AssertInStep(flavor, connection);
        await flavor.Close(connection);
    }
}
