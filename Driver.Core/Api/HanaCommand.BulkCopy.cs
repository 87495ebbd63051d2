using Driver.Core.Protocol.Parts;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// What HanaBulkCopy reads from a prepared statement: the columns of its destination table, from the result
// metadata of a prepared SELECT * (RESULTSETMETADATA of the PREPARE reply, §9.1), without running it.
public sealed partial class HanaCommand
{
    /// <summary>The result columns of the prepared statement (empty when it is not prepared or not a query).</summary>
    internal ColumnMetadata[] PreparedColumns => _prepared?.Columns ?? [];
}
