using Driver.Core.Protocol;

namespace Driver.Core.Session;

/// <summary>
/// What a workflow asks of the pump next: send a request on the workflow's session (the reply is then in
/// <see cref="Workflow.Reply"/>), read from the caller's data, send the queued releases now, or open another session
/// (a step that names its session: endpoint failover, pooled sessions, the cancel's side connection).
/// </summary>
internal readonly struct Step
{
    private Step(Request? request, IFillable? fill, bool flush, ConnectionCore? opens, bool setSchema, bool mayFail, ConnectionCore? closes = null,
        Workflow<bool>? runs = null, ConnectionCore? on = null)
    {
        Runs = runs;
        On = on;
        Request = request;
        Fill = fill;
        FlushReleases = flush;
        Opens = opens;
        SetSchema = setSchema;
        MayFail = mayFail;
        Closes = closes;
    }

    public Request? Request { get; }

    public IFillable? Fill { get; }

    public bool FlushReleases { get; }

    /// <summary>A session to connect and sign in (TCP, TLS, hello, AUTHENTICATE, CONNECT, schema: §8).</summary>
    public ConnectionCore? Opens { get; }

    public bool SetSchema { get; }

    /// <summary>A session to end with DISCONNECT (best effort: a failure only closes its socket).</summary>
    public ConnectionCore? Closes { get; }

    /// <summary>
    /// A failure of this step does not end the workflow: the pump puts it in <see cref="Workflow.StepFailure"/> and
    /// resumes the sequence, which decides (try the next endpoint, or rethrow).
    /// </summary>
    public bool MayFail { get; }

    public static Step Send(Request request) => new(request, null, false, null, false, false);

    /// <summary>Sends <paramref name="request"/>; a failure is left to the sequence (see <see cref="MayFail"/>).</summary>
    public static Step TrySend(Request request) => new(request, null, false, null, false, true);

    public static Step Read(IFillable source) => new(null, source, false, null, false, false);

    /// <summary>Sends the queued CLOSERESULTSET / DROPSTATEMENTID / ROLLBACK requests (they otherwise go out with the next request).</summary>
    public static Step Flush => new(null, null, true, null, false, false);

    /// <summary>Opens <paramref name="session"/> within its Connect Timeout; see <see cref="MayFail"/>.</summary>
    public static Step Open(ConnectionCore session, bool setSchema, bool mayFail) => new(null, null, false, session, setSchema, mayFail);

    public static Step Close(ConnectionCore session) => new(null, null, false, null, false, false, session);

    /// <summary>A workflow to run on another session (the liveness check of a pooled session, docs/scale-out.md).</summary>
    public Workflow<bool>? Runs { get; }

    /// <summary>The session <see cref="Runs"/> runs on.</summary>
    public ConnectionCore? On { get; }

    /// <summary>Runs <paramref name="workflow"/> on <paramref name="session"/>; see <see cref="MayFail"/>.</summary>
    public static Step RunOn(ConnectionCore session, Workflow<bool> workflow, bool mayFail) => new(null, null, false, null, false, mayFail, null, workflow, session);
}
