#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// Which source column goes into which column of the destination table, each side by name or by 0-based ordinal
/// (setting one clears the other, as in SAP's provider).
/// </summary>
public sealed class HanaBulkCopyColumnMapping
{
    private string? _sourceColumn;
    private int _sourceOrdinal = -1;
    private string? _destinationColumn;
    private int _destinationOrdinal = -1;

    /// <summary>Creates an empty mapping (set a source and a destination).</summary>
    public HanaBulkCopyColumnMapping()
    {
    }

    /// <summary>Maps the source column at <paramref name="sourceColumnOrdinal"/> to the destination column at <paramref name="destinationOrdinal"/>.</summary>
    public HanaBulkCopyColumnMapping(int sourceColumnOrdinal, int destinationOrdinal)
    {
        SourceOrdinal = sourceColumnOrdinal;
        DestinationOrdinal = destinationOrdinal;
    }

    /// <summary>Maps the source column at <paramref name="sourceColumnOrdinal"/> to the destination column <paramref name="destinationColumn"/>.</summary>
    public HanaBulkCopyColumnMapping(int sourceColumnOrdinal, string destinationColumn)
    {
        SourceOrdinal = sourceColumnOrdinal;
        DestinationColumn = destinationColumn;
    }

    /// <summary>Maps the source column <paramref name="sourceColumn"/> to the destination column at <paramref name="destinationOrdinal"/>.</summary>
    public HanaBulkCopyColumnMapping(string sourceColumn, int destinationOrdinal)
    {
        SourceColumn = sourceColumn;
        DestinationOrdinal = destinationOrdinal;
    }

    /// <summary>Maps the source column <paramref name="sourceColumn"/> to the destination column <paramref name="destinationColumn"/>.</summary>
    public HanaBulkCopyColumnMapping(string sourceColumn, string destinationColumn)
    {
        SourceColumn = sourceColumn;
        DestinationColumn = destinationColumn;
    }

    /// <summary>The source column's name (null when the ordinal is used).</summary>
    public string? SourceColumn
    {
        get => _sourceColumn;
        set
        {
            _sourceColumn = value;
            _sourceOrdinal = -1;
        }
    }

    /// <summary>The source column's 0-based ordinal (-1 when the name is used).</summary>
    public int SourceOrdinal
    {
        get => _sourceOrdinal;
        set
        {
            _sourceOrdinal = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "A source ordinal cannot be negative.");
            _sourceColumn = null;
        }
    }

    /// <summary>The destination column's name, as the catalog spells it (null when the ordinal is used).</summary>
    public string? DestinationColumn
    {
        get => _destinationColumn;
        set
        {
            _destinationColumn = value;
            _destinationOrdinal = -1;
        }
    }

    /// <summary>The destination column's 0-based ordinal in the table (-1 when the name is used).</summary>
    public int DestinationOrdinal
    {
        get => _destinationOrdinal;
        set
        {
            _destinationOrdinal = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "A destination ordinal cannot be negative.");
            _destinationColumn = null;
        }
    }
}
