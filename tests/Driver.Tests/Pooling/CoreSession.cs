using Driver.Tests.Support;
using Driver.Core.Session;
using Driver.Pooling;

namespace Driver.Tests.Pooling;

/// <summary>The sync protocol core as a pooled session: what the Sync flavor will pool, without its public API.</summary>
internal sealed class CoreSession : IPooledSession
{
    public CoreSession(ConnectionCore core, string endpoint)
    {
        Core = core;
        Endpoint = endpoint;
    }

    public ConnectionCore Core { get; }
    public string Endpoint { get; }
    public bool IsBroken => Core.IsBroken;

    public long Scalar(string sql)
    {
        var result = CoreCalls.ExecuteDirect(Core, sql, autoCommit: true, fetchSize: 10);
        using var resultSet = result.ResultSet ?? throw new InvalidOperationException($"{sql} returned no result set");
        return Convert.ToInt64(Driver.Core.Types.ResultValueReader.GetValue(resultSet.Columns[0].TypeCode, resultSet.Columns[0].Fraction, resultSet.Page.GetValue(0, 0)));
    }

    public void Dispose() => Core.CloseSync();
}
