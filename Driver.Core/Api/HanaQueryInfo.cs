#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// What a <see cref="IHanaHostSelectionPolicy"/> is told (docs/scale-out.md): the data source's topology snapshot, the
/// candidates in the default order (the Server endpoints, then the nodes the topology added), and, for a statement,
/// its text and the volumes its tables live on (TABLELOCATION, §6.19). Immutable.
/// </summary>
public sealed class HanaQueryInfo
{
    /// <summary>Creates the information for one choice.</summary>
    public HanaQueryInfo(HanaTopology topology, IReadOnlyList<HanaNode> candidates, string? commandText, IReadOnlyList<int> tableVolumes)
    {
        Topology = topology ?? throw new ArgumentNullException(nameof(topology));
        Candidates = candidates ?? throw new ArgumentNullException(nameof(candidates));
        CommandText = commandText;
        TableVolumes = tableVolumes ?? throw new ArgumentNullException(nameof(tableVolumes));
    }

    /// <summary>The data source's topology when the choice is made.</summary>
    public HanaTopology Topology { get; }

    /// <summary>The nodes to choose from, in the default order: the Server endpoints first, then the nodes the topology listed.</summary>
    public IReadOnlyList<HanaNode> Candidates { get; }

    /// <summary>The statement's text; null when a session is opened for no particular statement (a connection's Open).</summary>
    public string? CommandText { get; }

    /// <summary>The volume ids holding the statement's tables (TABLELOCATION); empty when unknown.</summary>
    public IReadOnlyList<int> TableVolumes { get; }
}
