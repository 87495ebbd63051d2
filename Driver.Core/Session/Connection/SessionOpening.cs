using System.Runtime.ExceptionServices;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

/// <summary>
/// Opens a session on the first of its endpoints that can be reached, written once for HanaConnection.Open and the
/// pool's new sessions: each endpoint in order, the next one only after a connection failure
/// (<see cref="HanaConnectionException"/>: refused, unreachable, timed out); what the server said (a wrong password)
/// and a cancel are final. A session that failed to open is disposed before the next one is tried. Who decides
/// "the next one": the retry policy's decider, one per open, asked after each failed attempt (docs/scale-out.md,
/// "Retry policy"); <see cref="HanaRetry.Default"/> gives the order just described.
/// <para>
/// The tenant redirect (§13.3, docs/scale-out.md): with a DatabaseName the first session asks DBCONNECTINFO before
/// signing in; when the server names another host and port (that way, or with ERROR + DBCONNECTINFO at
/// AUTHENTICATE) the session is closed and one session is opened there instead. A second redirect fails the open with
/// a <see cref="HanaConnectionException"/> naming both hops; the endpoint after it is not tried (the server answered).
/// </para>
/// </summary>
internal sealed class SessionOpening : SessionsWorkflow<ConnectionCore>
{
    private readonly ConnectionSettings _settings;
    private readonly IReadOnlyList<(string Host, int Port)> _endpoints;

    // ordered: the endpoints are tried as given (a pool's choice of node, a statement retry's); false: in the
    // host-selection policy's order when there is one
    public SessionOpening(ConnectionSettings settings, IReadOnlyList<(string Host, int Port)> endpoints, bool ordered = false)
    {
        _settings = settings;
        _endpoints = !ordered && settings.HostSelection is { } policy ? HostOrder.Ordered(policy, endpoints, settings.Topology?.Current ?? HanaTopology.Empty) : endpoints;
    }

    protected override IEnumerable<Step> Steps()
    {
        // one decider per open, discarded with it (docs/scale-out.md, "Retry policy")
        var decider = (_settings.RetryPolicy ?? HanaRetry.Default).NewDecider()
            ?? throw new InvalidOperationException("The retry policy's NewDecider returned null; it must return a decider for each open.");
        // bounded whatever the decider answers: twice the nodes, at least 4
        var maxAttempts = Math.Max(4, 2 * _endpoints.Count);
        if (_endpoints.Count == 0)
        {
            throw new InvalidOperationException("No endpoint to open a session on.");
        }
        var (next, attempt) = (0, 0);
        var (host, port) = _endpoints[next];
        SessionRedirect? redirected = null;
        while (true)
        {
            attempt++;
            SignInCredential? credential = null;
            if (_settings.Credentials is { } provider)
            {
                // a fresh password or token for each physical connection (docs/sign-in.md)
                var fetch = new CredentialFetch(provider);
                yield return Step.Read(fetch);
                credential = fetch.Credential;
            }
            // the tenant lookup on the first hop only: the redirect's target is the tenant's own port
            var core = new ConnectionCore(_settings, host, port) { Credential = credential, TenantLookup = redirected is null ? _settings.DatabaseName : null };
            yield return Step.Open(core, setSchema: true, mayFail: true);
            if (StepFailure is not { } failure)
            {
                // the data source's snapshot: what this new session's CONNECT reply listed (§6.17)
                _settings.Topology?.Learned(core.Topology, host, port);
                Result = core;
                yield break;
            }
            // no request sent yet: the TCP connect, TLS handshake or hello failed (§1.3)
            var requestSent = core.Statistics.RoundTrips > 0;
            core.Dispose();
            if (failure is HanaConnectionException and not SessionRedirect)
            {
                _settings.Topology?.Seen(host, port, isUp: false);
            }
            if (failure is SessionRedirect redirect)
            {
                if (redirected is not null)
                {
                    throw new HanaConnectionException(
                        $"The open was redirected more than once: {redirected.Message} Then: {redirect.Message} At most one redirect is followed per open (§13.3).", redirect);
                }
                redirected = redirect;
                (host, port) = (redirect.Host, redirect.Port);
                continue;
            }
            var decision = Describe(failure, attempt, requestSent, host, port) is { } info ? decider.Decide(info) : HanaRetryDecision.DontRetry;
            if (decision == HanaRetryDecision.RetrySameNode && attempt < maxAttempts)
            {
                continue;
            }
            // after a redirect there is no next node: the system database answered, the next endpoint would send the
            // client to the same place
            if (decision == HanaRetryDecision.RetryNextNode && redirected is null && next + 1 < _endpoints.Count && attempt < maxAttempts)
            {
                (host, port) = _endpoints[++next];
                continue;
            }
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    /// <summary>
    /// What the decider is told about a failed attempt; null for failures that are final without asking (a cancel,
    /// a reply the driver cannot read, anything that is not a HanaException). An open is safe to repeat: a sign-in
    /// changes no data.
    /// </summary>
    private static HanaRetryInfo? Describe(Exception failure, int attempt, bool requestSent, string host, int port) => failure switch
    {
        HanaConnectionException broken => new HanaRetryInfo(requestSent ? HanaRetryFailure.Receive : HanaRetryFailure.Connect, attempt,
            mayHaveReachedServer: requestSent, isSafeToRepeat: true, serverErrorCode: null, host, port, broken),
        HanaProtocolException => null,
        HanaException answered => new HanaRetryInfo(HanaRetryFailure.ServerError, attempt, mayHaveReachedServer: true, isSafeToRepeat: true, answered.Code, host, port, answered),
        _ => null,
    };
}
