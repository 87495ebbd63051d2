namespace Driver.Core.Session;

// What the connection pool needs of a session: whether it is clean enough to reset, and the reset's round trips.
internal sealed partial class ConnectionCore
{
    /// <summary>
    /// References held: 1 is the connection's own; more mean statements, result sets or readers are still alive
    /// (a pooled session is then not reused, see PooledSessionFactory).
    /// </summary>
    public int ReferenceCount => Volatile.Read(ref _references);

    /// <summary>
    /// A DDL reply was seen since this was last cleared (SET SCHEMA among them, §4.4): the session's schema may
    /// differ from the one it was opened with.
    /// </summary>
    public bool SessionStateChanged { get; set; }

    /// <summary>The session's isolation level as the driver last set it (HANA's default: READ COMMITTED).</summary>
    public string IsolationLevel { get; set; } = DefaultIsolationLevel;

    public const string DefaultIsolationLevel = "READ COMMITTED";

    /// <summary>The idle socket was closed by the server (checked before a pooled session is handed out).</summary>
    public bool IsIdleSocketDead => _transport.IsIdleSocketDead();
}
