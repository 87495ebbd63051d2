using System.Runtime.CompilerServices;
using Driver.Core.Protocol;
using Driver.Core.Session;

namespace Driver.Tests.Support;

/// <summary>
/// Wire-level tests drive a Driver.Sync session directly: the statement workflows on the sync pump, and a
/// request built by hand (BeginRequest, parts, then RoundTripSync()) held here between the two calls, never on
/// the connection.
/// </summary>
internal static class CoreCalls
{
    private static readonly ConditionalWeakTable<ConnectionCore, Request> s_building = new();

    private static TimeSpan Timeout(ConnectionCore core) => core.Settings.CommandTimeout;

    public static ExecuteResult ExecuteDirect(ConnectionCore core, string sql, bool autoCommit, int fetchSize) =>
        core.Run(new DirectExecution(sql, autoCommit, fetchSize, Timeout(core)));

    public static PreparedStatementCore Prepare(ConnectionCore core, string sql) => core.Run(new Preparation(sql, Timeout(core)));

    public static ExecuteResult Execute(PreparedStatementCore statement, IReadOnlyList<object?[]> rows, bool autoCommit, int fetchSize) =>
        statement.Connection.Run(new PreparedExecution(statement, rows, autoCommit, fetchSize, Timeout(statement.Connection)));

    public static void Commit(ConnectionCore core) => core.Run(TransactionEnd.Commit(Timeout(core)));

    public static void Rollback(ConnectionCore core) => core.Run(TransactionEnd.Rollback(Timeout(core)));

    /// <summary>Starts a hand-built request; add parts, then <see cref="RoundTripSync(ConnectionCore)"/>.</summary>
    public static Request BeginRequest(this ConnectionCore core, MessageType type, bool commit = false)
    {
        var request = core.NewRequest(type, commit);
        s_building.AddOrUpdate(core, request);
        return request;
    }

    /// <summary>Sends the request started by <see cref="BeginRequest"/>.</summary>
    public static ParsedMessage RoundTripSync(this ConnectionCore core)
    {
        if (!s_building.TryGetValue(core, out var request))
        {
            throw new InvalidOperationException("No request was begun.");
        }
        s_building.Remove(core);
        return core.RoundTripSync(request, Timeout(core));
    }
}
