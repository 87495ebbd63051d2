using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// Row mapping over a whole query; see HanaDataReader.Map for the rules. The mapping is the reader's (Map<T>, written
// once); what differs is the enumeration: IEnumerable over Read in Driver.Sync, IAsyncEnumerable over ReadAsync in
// Driver.Async.
public sealed partial class HanaCommand
{
    // what the row mapper reflects over (the trimming annotation of T)
    private const DynamicallyAccessedMemberTypes Mapped = DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicProperties;

#if SYNC
    /// <summary>
    /// Runs the query when the enumeration starts and maps each row into a <typeparamref name="T"/> as
    /// <see cref="HanaDataReader.Map{T}"/> does, reading (and fetching) as the caller goes; the reader is disposed
    /// when the enumeration ends or is abandoned. Enumerating twice runs the query twice.
    /// </summary>
    public IEnumerable<T> Query<[DynamicallyAccessedMembers(Mapped)] T>()
    {
        using var reader = ExecuteReader();
        while (reader.Read())
        {
            yield return reader.Map<T>();
        }
    }
#else
    /// <summary>
    /// Runs the query when the enumeration starts and maps each row into a <typeparamref name="T"/> as
    /// <see cref="HanaDataReader.Map{T}"/> does, fetching pages as the caller goes (the next one while it reads
    /// this one); the reader is closed when the enumeration ends or is abandoned. The token (or the one given to
    /// <c>WithCancellation</c>) cancels the execution, every fetch and the enumeration before each row
    /// (OperationCanceledException).
    /// </summary>
    public async IAsyncEnumerable<T> QueryAsync<[DynamicallyAccessedMembers(Mapped)] T>([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = await ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // a row of the current page completes ReadAsync at once without looking at the token: look before each
            for (cancellationToken.ThrowIfCancellationRequested(); await reader.ReadAsync(cancellationToken).ConfigureAwait(false); cancellationToken.ThrowIfCancellationRequested())
            {
                yield return reader.Map<T>();
            }
        }
        finally
        {
            await reader.CloseAsync().ConfigureAwait(false);
            reader.Dispose();
        }
    }
#endif
}
