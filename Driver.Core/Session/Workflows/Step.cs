using Driver.Core.Protocol;

namespace Driver.Core.Session;

/// <summary>
/// What a workflow asks of the pump next: send a request (the reply is then in <see cref="Workflow.Reply"/>),
/// read from the caller's data, or send the queued releases now.
/// </summary>
internal readonly struct Step
{
    private Step(Request? request, IFillable? fill, bool flush)
    {
        Request = request;
        Fill = fill;
        FlushReleases = flush;
    }

    public Request? Request { get; }

    public IFillable? Fill { get; }

    public bool FlushReleases { get; }

    public static Step Send(Request request) => new(request, null, false);

    public static Step Read(IFillable source) => new(null, source, false);

    /// <summary>Sends the queued CLOSERESULTSET / DROPSTATEMENTID / ROLLBACK requests (they otherwise go out with the next request).</summary>
    public static Step Flush => new(null, null, true);
}
