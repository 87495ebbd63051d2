using Driver.Core.Api;
using Driver.Core.Session;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// Statement routing (docs/scale-out.md, "Statement routing"): the open connection's router and its secondary
// sessions, one per node, closed with the connection. The decisions are the router's (Session/Routing), made in the
// command's workflow, written once for both flavors.
public sealed partial class HanaConnection
{
    private StatementRouter? _router;
    private ConnectionCore? _routerAnchor;

    /// <summary>
    /// The router of the open session, or null when the connection routes nothing (Distribution Off or Connection,
    /// or a server that did not grant statement distribution, §8.6). Made at the first statement that asks.
    /// </summary>
    internal StatementRouter? Router
    {
        get
        {
            if (_core is not { } core)
            {
                return null;
            }
            if (!ReferenceEquals(_routerAnchor, core))
            {
                _routerAnchor = core;
                // a data source's policy decides where its statements run; LocationAware when it has none
                _router = StatementRouter.For(core, _builder.Distribution, Settings.HostSelection,
                    ReferenceEquals(Settings, DataSourceSettings.Default) ? null : Settings.Topology, BuildSettings);
            }
            return _router;
        }
    }

    /// <summary>
    /// The secondary session <paramref name="statement"/> was routed to, while it may run there again: the statement
    /// is still prepared, the session open, and no transaction runs (inside one nothing moves); else null.
    /// </summary>
    internal ConnectionCore? RoutedSession(PreparedStatementCore? statement) =>
        statement is { IsReleased: false } && AutoCommit && _router is { } router && statement.Connection.IsOpen && router.Owns(statement.Connection)
            ? statement.Connection
            : null;

    /// <summary>Whether <paramref name="session"/> is one of this connection's secondary sessions.</summary>
    internal bool IsRoutedSession(ConnectionCore session) => _router?.Owns(session) ?? false;

    /// <summary>
    /// DbCommand.Cancel: the statement of <paramref name="command"/> is cancelled on whichever session runs it, the
    /// anchor or a secondary one (each session strikes only a request of that command, ConnectionCore.Cancel.cs).
    /// </summary>
    internal void CancelRunningStatement(HanaCommand command)
    {
        Core.CancelRunningStatement(command);
        if (_router is { } router)
        {
            foreach (var session in router.Sessions)
            {
                if (session.IsOpen)
                {
                    session.CancelRunningStatement(command);
                }
            }
        }
    }

    /// <summary>
    /// The data source is disposed: whatever statement runs on this connection, on the anchor session or a secondary
    /// one, is cancelled as <see cref="CancelRunningStatement"/> does for one command. Called from another thread;
    /// a connection closing meanwhile has nothing to cancel.
    /// </summary>
    internal void CancelEverything()
    {
        if (_core is { IsOpen: true } core)
        {
            core.CancelRunningStatement(null);
        }
        if (_router is { } router)
        {
            foreach (var session in router.Sessions)
            {
                if (session.IsOpen)
                {
                    session.CancelRunningStatement(null);
                }
            }
        }
    }

    /// <summary>The connection closes: its secondary sessions end with it (never pooled; see docs/scale-out.md).</summary>
    private void CloseRoutedSessions()
    {
        var router = _router;
        _router = null;
        _routerAnchor = null;
        if (router is null)
        {
            return;
        }
        foreach (var session in router.DetachSessions())
        {
            session.CloseWithoutAwaiting();
        }
    }
}
