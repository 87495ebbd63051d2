using System.Buffers.Binary;
using System.Data;
using System.Data.Common;
using Driver.Tests.PublicApi;
using TestServerHost = Driver.TestServer.TestServer;

namespace Driver.Tests.Reliability;

/// <summary>
/// Issue 13, defects 4, 5 and 6: replies that lie, each edited on purpose by the proxy between the driver and a real
/// test server, both flavors over real sockets. A reply the driver cannot trust is a HanaProtocolException (never a
/// raw exception, never rows silently lost or counts silently wrong), and the connection that read it is never used
/// again, pooled or not.
/// </summary>
public sealed class WireFaultTests : IAsyncLifetime
{
    private const byte ExecuteDirect = 2;
    private const byte Prepare = 3;
    private const byte Execute = 13;
    private const byte FetchNext = 71;
    private const byte ResultSet = 5;
    private const byte ResultSetId = 13;
    private const byte RowsAffected = 12;
    private const byte ParameterMetadata = 47;
    private const byte ResultSetMetadata = 48;
    /// <summary>A kind no client knows: the reader skips the part, as if it were not there (§15.1 item 10).</summary>
    private const byte Unknown = 99;

    private TestServerHost _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServerHost.StartAsync();
        HostileData.Create(_server.ConnectionString);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, bool> FlavorsPooledOrNot => new()
    {
        { "Sync", false }, { "Sync", true }, { "Async", false }, { "Async", true },
    };

    private MutatingProxy Proxy(byte requestType, int occurrence, Func<byte[], MutatedReply> edit)
    {
        var seen = 0;
        return new MutatingProxy("127.0.0.1", _server.Port, reply => reply.RequestType == requestType && seen++ == occurrence, edit);
    }

    private static string ConnectionString(MutatingProxy proxy, bool pooled) =>
        $"Server=127.0.0.1:{proxy.Port};UserName=SYSTEM;Password={TestServerHost.DefaultPassword};FetchSize=50;Command Timeout=5;Connect Timeout=5;Pooling={pooled}";

    private static Func<byte[], MutatedReply> EditPart(byte kind, Action<byte[], int> edit) => reply => ReplyMutator.EditPartHeader(reply, kind, edit);

    private static Func<byte[], MutatedReply> ChangeKind(byte kind, byte to) => EditPart(kind, (bytes, header) => bytes[header] = to);

    private static Func<byte[], MutatedReply> AddToArgumentCount(byte kind, short delta) => EditPart(kind, (bytes, header) =>
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(header + 2), (short)(BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(header + 2)) + delta)));

    /// <summary>Reads the scenario's SELECT to the end; returns the rows read and what ended it.</summary>
    private static async Task<(List<string> Rows, Exception? Error)> ReadAll(Flavor flavor, DbConnection connection)
    {
        var rows = new List<string>();
        try
        {
            using var command = flavor.Command(connection, HostileData.Select);
            var reader = await flavor.ExecuteReader(command);
            try
            {
                while (await flavor.Read(reader))
                {
                    rows.Add(HostileData.Canonical(reader.GetInt32(0), reader.GetString(1), reader.GetDecimal(2), reader.GetDateTime(3), await flavor.GetLob<byte[]>(reader, 4)));
                }
            }
            finally
            {
                await flavor.CloseReader(reader);
            }
            return (rows, null);
        }
        catch (Exception exception)
        {
            return (rows, exception);
        }
    }

    private static void AssertProtocolError(Flavor flavor, Exception? error)
    {
        Assert.NotNull(error);
        Assert.True(error.GetType().Name == "HanaProtocolException" && flavor.HanaExceptionType.IsInstanceOfType(error), $"{error.GetType().FullName}: {error.Message}");
    }

    /// <summary>The rows handed out before an error are the right ones: none lost, none invented.</summary>
    private static void AssertCorrectPrefix(List<string> rows)
    {
        Assert.True(rows.Count <= HostileData.RowCount);
        Assert.Equal(HostileData.Expected.Take(rows.Count), rows);
    }

    /// <summary>
    /// The connection that read a bad reply is not used again: without pooling it says Broken and refuses every call
    /// with HanaConnectionException; with pooling the next Open gets another session, in step.
    /// </summary>
    private static async Task AssertNeverReused(Flavor flavor, DbConnection faulted, string connectionString, bool pooled)
    {
        var faultedId = flavor.ConnectionId(faulted);
        if (!pooled)
        {
            Assert.Equal(ConnectionState.Broken, faulted.State);
            var again = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Scalar(faulted, "SELECT 'again' FROM DUMMY"));
            Assert.IsType(flavor.ConnectionExceptionType, again);
        }
        await flavor.Close(faulted);
        var next = await flavor.Open(connectionString);
        try
        {
            Assert.NotEqual(faultedId, flavor.ConnectionId(next));
            Assert.Equal("in step", await flavor.Scalar(next, "SELECT 'in step' FROM DUMMY"));
            var (rows, error) = await ReadAll(flavor, next);
            Assert.Null(error);
            Assert.Equal(HostileData.Expected, rows);
        }
        finally
        {
            await flavor.Close(next);
        }
    }

    [Theory]
    [MemberData(nameof(FlavorsPooledOrNot))]
    public async Task RowsThatDoNotUseUpTheirPartAreAProtocolErrorAndTheConnectionIsNeverReused(string name, bool pooled)
    {
        // defects 4 and 5: one row fewer announced than the FETCHNEXT page holds used to end the result early
        var flavor = Flavor.Get(name);
        await using var proxy = Proxy(FetchNext, 1, AddToArgumentCount(ResultSet, -1));
        var connectionString = ConnectionString(proxy, pooled);
        var connection = await flavor.Open(connectionString);
        var (rows, error) = await ReadAll(flavor, connection);
        AssertProtocolError(flavor, error);
        AssertCorrectPrefix(rows);
        await AssertNeverReused(flavor, connection, connectionString, pooled);
    }

    [Theory]
    [MemberData(nameof(FlavorsPooledOrNot))]
    public async Task AReplySentTwiceNeverShiftsTheRowsOfTheNextReply(string name, bool pooled)
    {
        // defect 4: the second copy was read as the next FETCHNEXT's reply (50 rows twice), or as the next
        // statement's (a SELECT with 0 rows)
        var flavor = Flavor.Get(name);
        await using var proxy = Proxy(FetchNext, 0, reply => new MutatedReply(reply, true, ReplyEnding.Continue, true, "sent twice"));
        var connectionString = ConnectionString(proxy, pooled);
        var connection = await flavor.Open(connectionString);
        var (rows, error) = await ReadAll(flavor, connection);
        // seen either way: the copy already waits when the next FETCHNEXT is built (HanaConnectionException, out of
        // step), or it arrives later and answers that FETCHNEXT with the wrong packet count (HanaProtocolException)
        Assert.NotNull(error);
        Assert.True(error.GetType().Name is "HanaProtocolException" or "HanaConnectionException" && flavor.HanaExceptionType.IsInstanceOfType(error), $"{error.GetType().FullName}: {error.Message}");
        AssertCorrectPrefix(rows);
        await AssertNeverReused(flavor, connection, connectionString, pooled);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task APooledSessionWithUnreadBytesIsNotHandedOutAgain(string name)
    {
        // defect 4 (IsIdleSocketDead): the INSERT's reply arrives twice, the statement itself succeeds; the copy
        // waits in the idle pooled socket, and the next Open must get a fresh session rather than that one
        var flavor = Flavor.Get(name);
        await using var proxy = Proxy(Execute, 0, reply => new MutatedReply(reply, true, ReplyEnding.Continue, true, "sent twice"));
        var connectionString = ConnectionString(proxy, pooled: true);
        var connection = await flavor.Open(connectionString);
        var id = flavor.ConnectionId(connection);
        using (var insert = flavor.Command(connection, HostileData.Insert, -1, "twice", 1m))
        {
            await flavor.Prepare(insert);
            Assert.Equal(1, await flavor.ExecuteNonQuery(insert));
        }
        await flavor.Close(connection);
        // the copy is on its way through loopback; give it a moment to be there when the pool looks
        await Task.Delay(200);
        var next = await flavor.Open(connectionString);
        try
        {
            Assert.NotEqual(id, flavor.ConnectionId(next));
            Assert.Equal("in step", await flavor.Scalar(next, "SELECT 'in step' FROM DUMMY"));
        }
        finally
        {
            await flavor.Close(next);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AQueryReplyWithoutResultSetIdIsAProtocolErrorNotZeroRows(string name)
    {
        // defect 5: a missing RESULTSETID gave an empty reader
        var flavor = Flavor.Get(name);
        await using var proxy = Proxy(ExecuteDirect, 0, ChangeKind(ResultSetId, Unknown));
        var connectionString = ConnectionString(proxy, pooled: false);
        var connection = await flavor.Open(connectionString);
        var (rows, error) = await ReadAll(flavor, connection);
        AssertProtocolError(flavor, error);
        Assert.Empty(rows);
        await AssertNeverReused(flavor, connection, connectionString, pooled: false);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AFetchReplyWithoutResultSetIsAProtocolErrorNotTheEnd(string name)
    {
        // defect 5: ResultSetCore.LoadPage took a missing RESULTSET for "no rows yet"
        var flavor = Flavor.Get(name);
        await using var proxy = Proxy(FetchNext, 2, ChangeKind(ResultSet, Unknown));
        var connectionString = ConnectionString(proxy, pooled: false);
        var connection = await flavor.Open(connectionString);
        var (rows, error) = await ReadAll(flavor, connection);
        AssertProtocolError(flavor, error);
        AssertCorrectPrefix(rows);
        await AssertNeverReused(flavor, connection, connectionString, pooled: false);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task MetadataWithFewerColumnsThanTheRowsIsAProtocolError(string name)
    {
        // defect 6: rows wider than their metadata ran past the column array (IndexOutOfRangeException) or were misread
        var flavor = Flavor.Get(name);
        await using var proxy = Proxy(ExecuteDirect, 0, AddToArgumentCount(ResultSetMetadata, -1));
        var connectionString = ConnectionString(proxy, pooled: false);
        var connection = await flavor.Open(connectionString);
        var (rows, error) = await ReadAll(flavor, connection);
        AssertProtocolError(flavor, error);
        Assert.Empty(rows);
        await AssertNeverReused(flavor, connection, connectionString, pooled: false);
    }

    [Theory]
    [MemberData(nameof(FlavorsPooledOrNot))]
    public async Task AnInsertReplyWithoutRowsAffectedIsAProtocolErrorNotZeroRows(string name, bool pooled)
    {
        // defect 5: StatementRunner.ReadExecuteReply reported 0 rows affected
        var flavor = Flavor.Get(name);
        await using var proxy = Proxy(Execute, 0, ChangeKind(RowsAffected, Unknown));
        var connectionString = ConnectionString(proxy, pooled);
        var connection = await flavor.Open(connectionString);
        using var insert = flavor.Command(connection, HostileData.Insert, -2, "no count", 2m);
        await flavor.Prepare(insert);
        var error = await Record(() => flavor.ExecuteNonQuery(insert));
        AssertProtocolError(flavor, error);
        await AssertNeverReused(flavor, connection, connectionString, pooled);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ParameterMetadataThatDisagreesWithTheStatementIsAProtocolErrorNotAnArgumentException(string name)
    {
        // defect 6: a PREPARE reply without PARAMETERMETADATA made HanaCommand throw ArgumentException ("0 parameter
        // markers but 3 parameters were given") as if the caller had erred
        var flavor = Flavor.Get(name);
        await using var proxy = Proxy(Prepare, 0, ChangeKind(ParameterMetadata, Unknown));
        var connectionString = ConnectionString(proxy, pooled: false);
        var connection = await flavor.Open(connectionString);
        using var insert = flavor.Command(connection, HostileData.Insert, -3, "no metadata", 3m);
        var error = await Record(async () =>
        {
            await flavor.Prepare(insert);
            await flavor.ExecuteNonQuery(insert);
        });
        AssertProtocolError(flavor, error);
        await AssertNeverReused(flavor, connection, connectionString, pooled: false);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AParameterScaleNoDecimalHasIsAProtocolErrorNotAnArgumentOutOfRangeException(string name)
    {
        // defect 6, found by the runner (seed 73241975): the DECIMAL(18,4) parameter described with scale 99 made the
        // binding of the caller's decimal throw ArgumentOutOfRangeException ("A FIXED scale is 0 … 38")
        var flavor = Flavor.Get(name);
        await using var proxy = Proxy(Prepare, 0, EditPart(ParameterMetadata, (bytes, header) =>
        {
            // third descriptor (16 bytes each: options, type, mode, filler, name offset, length, fraction, filler)
            var fraction = header + 16 + 2 * 16 + 10;
            Assert.Equal(4, BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(fraction)));
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(fraction), 99);
        }));
        var connectionString = ConnectionString(proxy, pooled: false);
        var connection = await flavor.Open(connectionString);
        using var insert = flavor.Command(connection, HostileData.Insert, -5, "scale 99", 5m);
        var error = await Record(async () =>
        {
            await flavor.Prepare(insert);
            await flavor.ExecuteNonQuery(insert);
        });
        AssertProtocolError(flavor, error);
        await AssertNeverReused(flavor, connection, connectionString, pooled: false);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ACallerWhoGivesTooFewParametersStillGetsAnArgumentException(string name)
    {
        // the other side of the rule above: the server's metadata matches the text, the caller's values do not
        var flavor = Flavor.Get(name);
        await using var proxy = new MutatingProxy("127.0.0.1", _server.Port, null);
        var connection = await flavor.Open(ConnectionString(proxy, pooled: false));
        using var insert = flavor.Command(connection, HostileData.Insert, -4, "two of three");
        await flavor.Prepare(insert);
        await Assert.ThrowsAsync<ArgumentException>(() => flavor.ExecuteNonQuery(insert));
        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        await flavor.Close(connection);
    }

    private static async Task<Exception?> Record(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }
}
