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
/// and a cancel are final. A session that failed to open is disposed before the next one is tried.
/// </summary>
internal sealed class SessionOpening : SessionsWorkflow<ConnectionCore>
{
    private readonly ConnectionSettings _settings;
    private readonly IReadOnlyList<(string Host, int Port)> _endpoints;

    public SessionOpening(ConnectionSettings settings, IReadOnlyList<(string Host, int Port)> endpoints)
    {
        _settings = settings;
        _endpoints = endpoints;
    }

    protected override IEnumerable<Step> Steps()
    {
        for (var i = 0; i < _endpoints.Count; i++)
        {
            SignInCredential? credential = null;
            if (_settings.Credentials is { } provider)
            {
                // a fresh password or token for each physical connection (docs/sign-in.md)
                var fetch = new CredentialFetch(provider);
                yield return Step.Read(fetch);
                credential = fetch.Credential;
            }
            var core = new ConnectionCore(_settings, _endpoints[i].Host, _endpoints[i].Port) { Credential = credential };
            yield return Step.Open(core, setSchema: true, mayFail: true);
            if (StepFailure is not { } failure)
            {
                Result = core;
                yield break;
            }
            core.Dispose();
            if (failure is not HanaConnectionException || i + 1 == _endpoints.Count)
            {
                ExceptionDispatchInfo.Capture(failure).Throw();
            }
        }
        throw new InvalidOperationException("No endpoint to open a session on.");
    }
}
