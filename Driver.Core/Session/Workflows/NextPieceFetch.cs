using Driver.Core.Protocol;

namespace Driver.Core.Session;

/// <summary>
/// Fetching the next piece of something the server holds (a page of a cursor, FETCHNEXT; a chunk of a LOB, READLOB):
/// one request, or none when the last piece is here. Always the pump's one-request shortcut, so a fetch allocates
/// no iterator (see <see cref="OneRequestWorkflow{TResult}"/>); the result says whether a piece came.
/// </summary>
internal abstract class NextPieceFetch : OneRequestWorkflow<bool>
{
    protected NextPieceFetch()
        : base(TimeSpan.Zero)
    {
    }

    /// <summary>The last piece is here: nothing to fetch.</summary>
    protected abstract bool IsComplete { get; }

    /// <summary>The Command Timeout of the fetch (the owner's, read at each fetch).</summary>
    protected abstract TimeSpan FetchTimeout { get; }

    protected abstract Request BuildRequest(ConnectionCore connection);

    /// <summary>Takes the piece out of <see cref="Workflow.Reply"/>.</summary>
    protected abstract void Accept(ParsedMessage reply);

    public override Request? SingleRequest(ConnectionCore connection)
    {
        Timeout = FetchTimeout;
        Result = !IsComplete;
        return Result ? BuildRequest(connection) : null;
    }

    public override void SingleReplied(ConnectionCore connection) => Accept(Reply);
}
