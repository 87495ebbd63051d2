#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// One index server of a <see cref="HanaTopology"/>: where it listens and what the server said about it in
/// TOPOLOGYINFORMATION (docs/protocol.md §6.17, docs/scale-out.md). Immutable.
/// </summary>
public sealed class HanaNode
{
    /// <summary>Creates a node description.</summary>
    public HanaNode(string host, int port, int volumeId, bool isMaster, double loadFactor, string? databaseName, bool isUp)
    {
        Host = host ?? throw new ArgumentNullException(nameof(host));
        Port = port;
        VolumeId = volumeId;
        IsMaster = isMaster;
        LoadFactor = loadFactor;
        DatabaseName = databaseName;
        IsUp = isUp;
    }

    /// <summary>The host name the server reported (or the endpoint the driver connected to).</summary>
    public string Host { get; }

    /// <summary>The SQL port.</summary>
    public int Port { get; }

    /// <summary>The volume id (what TABLELOCATION names, §6.19); 0 when not reported.</summary>
    public int VolumeId { get; }

    /// <summary>Whether the server reported this node as the master (coordinator).</summary>
    public bool IsMaster { get; }

    /// <summary>The load factor the server reported (§6.17 option 4); 0 when not reported.</summary>
    public double LoadFactor { get; }

    /// <summary>The tenant database the node serves, when reported.</summary>
    public string? DatabaseName { get; }

    /// <summary>False once a connection to the node failed; true again when one succeeds or the server lists it anew.</summary>
    public bool IsUp { get; }

    /// <summary>"host:port", as a Server key names it.</summary>
    public string Endpoint => Host.IndexOf(':') >= 0 ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    internal HanaNode WithUp(bool isUp) => isUp == IsUp ? this : new HanaNode(Host, Port, VolumeId, IsMaster, LoadFactor, DatabaseName, isUp);

    /// <inheritdoc/>
    public override string ToString() => $"{Endpoint} (volume {VolumeId}{(IsMaster ? ", master" : string.Empty)}{(IsUp ? string.Empty : ", down")})";
}
