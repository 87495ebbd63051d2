using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.TestServer.Engine;

namespace Driver.TestServer.Wire;

/// <summary>An open result set id (§9.2): the engine cursor and the wire types of its columns.</summary>
internal sealed class ServerCursor : IDisposable
{
    public ServerCursor(long id, long statementId, EngineCursor cursor, ColumnMetadata[] columns)
    {
        Id = id;
        StatementId = statementId;
        Cursor = cursor;
        WireTypes = columns.Select(c => c.TypeCode).ToArray();
        Scales = columns.Select(c => c.Fraction == 32767 ? 0 : (int)c.Fraction).ToArray();
    }

    public long Id { get; }
    public long StatementId { get; }
    public EngineCursor Cursor { get; }
    public HanaTypeCode[] WireTypes { get; }
    public int[] Scales { get; }
    public long RowsSent { get; set; }

    public void Dispose() => Cursor.Dispose();
}
