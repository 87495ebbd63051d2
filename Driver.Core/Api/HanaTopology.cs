#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// The nodes of the HANA system a <see cref="HanaDataSource"/> talks to, as last learned: an immutable snapshot that
/// the data source replaces whole when a reply carries TOPOLOGYINFORMATION (docs/protocol.md §6.17) or a node is seen
/// to fail or come back (docs/scale-out.md). Read it from <see cref="HanaDataSource.Topology"/>; it never
/// changes under the reader.
/// </summary>
public sealed class HanaTopology
{
    /// <summary>No node known yet (nothing opened).</summary>
    public static readonly HanaTopology Empty = new([], 0);

    /// <summary>Creates a snapshot.</summary>
    public HanaTopology(IReadOnlyList<HanaNode> nodes, long version)
    {
        Nodes = nodes ?? throw new ArgumentNullException(nameof(nodes));
        Version = version;
    }

    /// <summary>Every known node, in the order the server listed them.</summary>
    public IReadOnlyList<HanaNode> Nodes { get; }

    /// <summary>Grows by one with each replacement: a reader can tell two snapshots apart cheaply.</summary>
    public long Version { get; }

    /// <summary>The master node, or null when none is known.</summary>
    public HanaNode? Master
    {
        get
        {
            foreach (var node in Nodes)
            {
                if (node.IsMaster)
                {
                    return node;
                }
            }
            return null;
        }
    }

    /// <summary>The node with this volume id (TABLELOCATION's unit, §6.19), or null.</summary>
    public HanaNode? NodeOfVolume(int volumeId)
    {
        foreach (var node in Nodes)
        {
            if (node.VolumeId == volumeId && volumeId != 0)
            {
                return node;
            }
        }
        return null;
    }

    /// <inheritdoc/>
    public override string ToString() => $"HanaTopology v{Version}: {string.Join("; ", Nodes)}";
}
