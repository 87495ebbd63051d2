#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// The <c>distribution</c> connection string key (SAP's spelling; builder property
/// <see cref="HanaConnectionStringBuilder.Distribution"/>): what the client tells a scale-out system in connect option
/// ClientDistributionMode (docs/protocol.md §8.6) and whether prepared statements are routed to the node holding their
/// table (docs/scale-out.md, "Statement routing"). The numbers are the wire values.
/// </summary>
public enum HanaDistribution
{
    /// <summary>0, the default: one session per connection; nothing is routed (as node-hdb and go-hdb do).</summary>
    Off = 0,

    /// <summary>1: the client may open its session on any node (the host-selection policy decides at open); statements are not routed.</summary>
    Connection = 1,

    /// <summary>2: a prepared statement whose PREPARE reply names another node's volume (TABLELOCATION) runs on a session to that node, outside explicit transactions.</summary>
    Statement = 2,

    /// <summary>3: <see cref="Connection"/> and <see cref="Statement"/> (SAP's SQLDBC default).</summary>
    All = 3,
}
