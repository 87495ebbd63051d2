using System.Diagnostics.CodeAnalysis;
#if ASYNC
using System.Runtime.CompilerServices;
#endif

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// Row mapping over a whole query; see HanaDataReader.Map for the rules.
public sealed partial class HanaCommand
{
#if SYNC
    /// <summary>
    /// Runs the query when the enumeration starts and maps each row into a <typeparamref name="T"/> as
    /// <see cref="HanaDataReader.Map{T}"/> does, reading (and fetching) as the caller goes; the reader is disposed
    /// when the enumeration ends or is abandoned. Enumerating twice runs the query twice.
    /// </summary>
    public IEnumerable<T> Query<
#if NET
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicProperties)]
#endif
        T>()
    {
        using var reader = ExecuteReader();
        while (reader.Read())
        {
            yield return reader.Map<T>();
        }
    }
#endif

#if ASYNC
    /// <summary>
    /// Runs the query when the enumeration starts and maps each row into a <typeparamref name="T"/> as
    /// <see cref="HanaDataReader.Map{T}"/> does, fetching pages as the caller goes (the next one while it reads
    /// this one); the reader is closed when the enumeration ends or is abandoned. The token (or the one given to
    /// <c>WithCancellation</c>) cancels the execution, every fetch and the enumeration before each row
    /// (OperationCanceledException).
    /// </summary>
    public async IAsyncEnumerable<T> QueryAsync<
#if NET
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicProperties)]
#endif
        T>(
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = await ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                // a row of the current page completes ReadAsync at once without looking at the token: look here
                cancellationToken.ThrowIfCancellationRequested();
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield break;
                }
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
