using System.Collections.ObjectModel;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>The column mappings of a <see cref="HanaBulkCopy"/> (none: source column n goes into destination column n).</summary>
public sealed class HanaBulkCopyColumnMappingCollection : Collection<HanaBulkCopyColumnMapping>
{
    /// <summary>Adds <paramref name="bulkCopyColumnMapping"/> and returns it.</summary>
    public new HanaBulkCopyColumnMapping Add(HanaBulkCopyColumnMapping bulkCopyColumnMapping)
    {
        base.Add(bulkCopyColumnMapping ?? throw new ArgumentNullException(nameof(bulkCopyColumnMapping)));
        return bulkCopyColumnMapping;
    }

    /// <summary>Adds a mapping by source ordinal and destination ordinal.</summary>
    public HanaBulkCopyColumnMapping Add(int sourceColumnIndex, int destinationColumnIndex) => Add(new HanaBulkCopyColumnMapping(sourceColumnIndex, destinationColumnIndex));

    /// <summary>Adds a mapping by source ordinal and destination name.</summary>
    public HanaBulkCopyColumnMapping Add(int sourceColumnIndex, string destinationColumn) => Add(new HanaBulkCopyColumnMapping(sourceColumnIndex, destinationColumn));

    /// <summary>Adds a mapping by source name and destination ordinal.</summary>
    public HanaBulkCopyColumnMapping Add(string sourceColumn, int destinationColumnIndex) => Add(new HanaBulkCopyColumnMapping(sourceColumn, destinationColumnIndex));

    /// <summary>Adds a mapping by source name and destination name.</summary>
    public HanaBulkCopyColumnMapping Add(string sourceColumn, string destinationColumn) => Add(new HanaBulkCopyColumnMapping(sourceColumn, destinationColumn));
}
