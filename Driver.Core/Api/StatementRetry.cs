using System.Diagnostics;
using Driver.Core.Session;
using Driver.Core.Telemetry;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Api;

/// <summary>
/// The retry of one statement execution whose connection broke (docs/scale-out.md, "Statement retries"), written once:
/// the pump asks <see cref="After"/> (through Workflow.RetryAfter) and, when it gets a workflow, runs it to reopen the
/// connection's session and runs the statement again there (prepared again: a prepared statement belongs to its session).
/// <list type="bullet">
/// <item>Only a broken connection (a <see cref="HanaConnectionException"/> with the session broken), never a Command
/// Timeout or a cancel (the node is alive, the statement slow), never what the server answered.</item>
/// <item>Never inside a transaction: an explicit one (BeginTransaction), a System.Transactions enlistment, or uncommitted
/// writes on the session. The server rolled the work back with the session, so repeating the statement alone would be
/// wrong: the statement fails with the HanaConnectionException and the connection stays broken.</item>
/// <item>Never a statement with a parameter read from a Stream or TextReader (it cannot be read twice).</item>
/// <item>The data source's retry policy decides (HanaRetry.Default when none): a decider per execution, made at the
/// first failure; <see cref="HanaRetryInfo.Failure"/> is Send when nothing of the request was written, Receive when it
/// may have reached the server; <see cref="HanaRetryInfo.IsSafeToRepeat"/> is true for a read (SELECT, WITH) or a
/// command marked <see cref="HanaCommand.IsIdempotent"/>.</item>
/// <item>Bounded whatever the decider says: at most twice the nodes (at least 4) attempts, and none after the Connect
/// Timeout has passed since the first failure.</item>
/// </list>
/// </summary>
internal sealed class StatementRetry
{
    private readonly HanaConnection _connection;
    private IHanaRetryDecider? _decider;
    private int _attempt;
    private long _firstFailure;

    public StatementRetry(HanaConnection connection)
    {
        _connection = connection;
    }

    /// <summary>The attempts made so far (the first run is attempt 1).</summary>
    public int Attempt => _attempt;

    /// <summary>A workflow that reopens the connection's session for another run, or null: <paramref name="failure"/> stands.</summary>
    public SessionsWorkflow<ConnectionCore>? After(ConnectionCore failed, Exception failure, string? commandText, bool idempotent, HanaParameterCollection parameters)
    {
        if (failure is not HanaConnectionException broken || !failed.IsBroken
            || broken.InnerException is TimeoutException or OperationCanceledException || broken.InnerException?.InnerException is TimeoutException
            || failed.TransactionWritten || !_connection.MayReconnect(failed) || HasStreams(parameters))
        {
            return null;
        }
        var settings = failed.Settings;
        _attempt++;
        if (_attempt == 1)
        {
            _firstFailure = Stopwatch.GetTimestamp();
        }
        var candidates = HostOrder.Candidates(settings.Endpoints, settings.Topology?.Current ?? HanaTopology.Empty);
        var nodes = candidates.Count;
        var elapsed = TimeSpan.FromSeconds((Stopwatch.GetTimestamp() - _firstFailure) / (double)Stopwatch.Frequency);
        if (_attempt > Math.Max(4, 2 * nodes) || (settings.ConnectTimeout > TimeSpan.Zero && elapsed > settings.ConnectTimeout))
        {
            return null;
        }
        var written = failed.RequestWritten;
        var info = new HanaRetryInfo(written ? HanaRetryFailure.Receive : HanaRetryFailure.Send, _attempt, mayHaveReachedServer: written,
            isSafeToRepeat: idempotent || IsRead(commandText), serverErrorCode: null, failed.Host, failed.Port, broken);
        _decider ??= (settings.RetryPolicy ?? HanaRetry.Default).NewDecider()
            ?? throw new InvalidOperationException("The retry policy's NewDecider returned null; it must return a decider for each statement execution.");
        return _decider.Decide(info) switch
        {
            HanaRetryDecision.RetrySameNode => _connection.Reopening(failed, sameNode: true),
            // no next node (one Server endpoint, no topology): the statement fails, as an open does
            HanaRetryDecision.RetryNextNode when candidates.Exists(node => node.Port != failed.Port || !string.Equals(node.Host, failed.Host, StringComparison.OrdinalIgnoreCase))
                => _connection.Reopening(failed, sameNode: false),
            _ => null,
        };
    }

    /// <summary>A query: the text starts (after blanks, comments and opening parentheses) with SELECT or WITH.</summary>
    public static bool IsRead(string? text)
    {
        if (text is null)
        {
            return false;
        }
        // the same skipping as db.operation.name's (Telemetry/OperationNames)
        var i = OperationNames.SkipToKeyword(text);
        return StartsWithWord(text, i, "SELECT") || StartsWithWord(text, i, "WITH");
    }

    private static bool StartsWithWord(string text, int index, string word) =>
        text.Length >= index + word.Length && string.Compare(text, index, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
        && (text.Length == index + word.Length || !char.IsLetterOrDigit(text[index + word.Length]) && text[index + word.Length] != '_');

    private static bool HasStreams(HanaParameterCollection parameters)
    {
        foreach (HanaParameter parameter in parameters)
        {
            if (parameter.Value is Stream or TextReader)
            {
                return true;
            }
        }
        return false;
    }
}
