using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Session;
using Driver.Core.Types;

namespace Driver.Tests.Support;

/// <summary>
/// A minimal client on the protocol core (sync flavor) for testing the test server at the wire level:
/// connect, execute, prepare, fetch every page, read LOBs. The public driver API is tested elsewhere.
/// </summary>
internal sealed class ProtocolClient : IDisposable
{
    private ProtocolClient(ConnectionCore core)
    {
        Core = core;
    }

    public ConnectionCore Core { get; }
    public bool AutoCommit { get; set; } = true;
    public int FetchSize { get; set; } = 1000;

    public static ProtocolClient Connect(Driver.TestServer.TestServer server, Action<ConnectionSettings>? configure = null)
    {
        var settings = new ConnectionSettings { UserName = "SYSTEM", Password = Driver.TestServer.TestServer.DefaultPassword };
        settings.Endpoints.Add((server.Host, server.Port));
        configure?.Invoke(settings);
        var core = new ConnectionCore(settings, settings.Endpoints[0].Host, settings.Endpoints[0].Port);
        try
        {
            core.OpenSync();
        }
        catch
        {
            core.Dispose();
            throw;
        }
        return new ProtocolClient(core);
    }

    public ExecuteResult Execute(string sql) => CoreCalls.ExecuteDirect(Core, sql, AutoCommit, FetchSize);

    public long ExecuteNonQuery(string sql)
    {
        var result = Execute(sql);
        result.ResultSet?.Dispose();
        return result.TotalRowsAffected;
    }

    public PreparedStatementCore Prepare(string sql) => CoreCalls.Prepare(Core, sql);

    /// <summary>Runs a query and reads every page into boxed rows (LOBs read completely).</summary>
    public List<object?[]> Query(string sql, List<PartAttributes>? pageAttributes = null)
    {
        var result = Execute(sql);
        using var resultSet = result.ResultSet ?? throw new InvalidOperationException($"{sql} returned no result set");
        return ReadAll(resultSet, pageAttributes);
    }

    public List<object?[]> ReadAll(ResultSetCore resultSet, List<PartAttributes>? pageAttributes = null)
    {
        var rows = new List<object?[]>();
        do
        {
            pageAttributes?.Add(resultSet.Page.Attributes);
            for (var row = 0; row < resultSet.Page.RowCount; row++)
            {
                var values = new object?[resultSet.Columns.Length];
                for (var column = 0; column < values.Length; column++)
                {
                    var type = resultSet.Columns[column].TypeCode;
                    var bytes = resultSet.Page.GetValue(row, column);
                    values[column] = HanaTypeInfo.IsLob(type) && !ResultValueReader.IsNull(type, bytes)
                        ? ReadLob(type, ResultValueReader.GetLobDescriptor(type, bytes), bytes)
                        : ResultValueReader.GetValue(type, resultSet.Columns[column].Fraction, bytes);
                }
                rows.Add(values);
            }
        }
        while (resultSet.FetchNext());
        return rows;
    }

    /// <summary>The inline chunk, then READLOB requests until the last chunk (§10.1).</summary>
    public object ReadLob(HanaTypeCode type, LobDescriptor descriptor, ReadOnlySpan<byte> value)
    {
        using var data = new MemoryStream();
        data.Write(descriptor.GetChunk(value));
        var isNClob = type is HanaTypeCode.NClob or HanaTypeCode.Text;
        var last = descriptor.IsLastData;
        while (!last)
        {
            var received = isNClob ? Cesu8.GetUtf16Length(data.ToArray()) : data.Length;
            var builder = Core.BeginRequest(MessageType.ReadLob);
            builder.BeginPart(PartKind.ReadLobRequest);
            LobParts.WriteReadLobRequest(builder.Writer, descriptor.LocatorId, received + 1, 200_000);
            builder.EndPart(1);
            var reply = Core.RoundTripSync();
            Assert.True(reply.TryGetPart(PartKind.ReadLobReply, out var part));
            var span = reply.GetPartSpan(part);
            var (_, options, offset, length) = LobParts.ReadReadLobReply(span);
            data.Write(span.Slice(offset, length));
            last = (options & LobOptions.LastData) != 0;
        }
        return type is HanaTypeCode.Blob or HanaTypeCode.BinText ? data.ToArray() : Cesu8.Decode(data.ToArray());
    }

    public void Commit() => CoreCalls.Commit(Core);

    public void Rollback() => CoreCalls.Rollback(Core);

    public void Dispose() => Core.CloseSync();
}
