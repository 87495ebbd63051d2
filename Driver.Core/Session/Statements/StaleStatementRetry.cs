#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

/// <summary>
/// A statement taken from the session's <see cref="StatementCache"/> that the server refuses to execute because it no
/// longer knows its id: the command drops it, prepares its text again and runs once more, on the same session, so the
/// caller never sees the cache. The run starts over through the pump's retry (Workflow.RetryAfter), and this
/// "reopen" only hands the same session back: nothing was sent, nothing is opened.
/// <para>
/// A changed table needs no retry: the server describes the new columns in the EXECUTE reply (§9.1), and the
/// statement keeps that description (StatementRunner). Any other error reaches the caller and evicts nothing.
/// </para>
/// </summary>
internal sealed class StaleStatementRetry : SessionsWorkflow<ConnectionCore>
{
    public StaleStatementRetry(ConnectionCore session)
    {
        Result = session;
    }

    protected override IEnumerable<Step> Steps()
    {
        yield break;
    }

    /// <summary>
    /// <paramref name="exception"/> is the server's refusal of <paramref name="statement"/>'s id (error 2, "invalid
    /// statement id", as the test server answers an id it does not hold), and the statement came from the cache, so a
    /// new PREPARE of the same text is what the caller asked for.
    /// </summary>
    public static bool Applies(PreparedStatementCore statement, ConnectionCore session, Exception exception) =>
        statement.WasCached && ReferenceEquals(statement.Connection, session) && !session.IsBroken
        && exception is HanaException { Code: 2 } refused and not HanaConnectionException
        && refused.Message.IndexOf("invalid statement id", StringComparison.OrdinalIgnoreCase) >= 0;
}
