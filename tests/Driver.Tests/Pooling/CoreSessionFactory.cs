using Driver.Tests.Support;
using Driver.Core.Session;
using Driver.Pooling;

namespace Driver.Tests.Pooling;

/// <summary>Opens <see cref="CoreSession"/>s on "host:port" endpoints as SYSTEM.</summary>
internal sealed class CoreSessionFactory : ISessionFactory<CoreSession>
{
    public CoreSession CreateSync(string endpoint, CancellationToken cancellationToken)
    {
        var separator = endpoint.LastIndexOf(':');
        var host = endpoint[..separator];
        var port = int.Parse(endpoint[(separator + 1)..]);
        var settings = new ConnectionSettings { UserName = "SYSTEM", Password = Driver.TestServer.TestServer.DefaultPassword, ConnectTimeout = TimeSpan.FromSeconds(10) };
        settings.Endpoints.Add((host, port));
        var core = new ConnectionCore(settings, host, port);
        try
        {
            core.OpenSync();
        }
        catch
        {
            core.Dispose();
            throw;
        }
        return new CoreSession(core, endpoint);
    }

    // the tests see only the Sync build of the core, which has no OpenAsync (the Async flavor supplies a real one);
    // the blocking open runs on its own thread so it cannot starve the thread pool the test server runs on
    public ValueTask<CoreSession> CreateAsync(string endpoint, CancellationToken cancellationToken) =>
        new(Task.Factory.StartNew(() => CreateSync(endpoint, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default));

    public bool TryResetSync(CoreSession session)
    {
        if (session.Core.TransactionWritten)
        {
            CoreCalls.Rollback(session.Core);
        }
        return !session.IsBroken;
    }

    public ValueTask<bool> TryResetAsync(CoreSession session, CancellationToken cancellationToken) => new(TryResetSync(session));
}
